// exportctl::Rule and exportctl::RuleSet: export-control rules as versioned, effective-dated data.
//
// A RuleSet is every rule file under a directory (data/rules by default): a manifest
// (ruleset.toml: id, revision, default ECCN) plus rule files of [[rule]] tables. Each rule has an
// id, a kind, a jurisdiction, an inclusive effective window, an evidence label, citations, a
// condition (`when`, see src/rules/expression.h for the language) and a kind-specific result.
// One id may appear several times (versions of a rule) provided the windows do not overlap.
//
// Loading validates everything and reports every problem with file:line:col; the result is an
// immutable snapshot, shared by std::shared_ptr<const RuleSet> and safe to use from many threads.
// A rule change is a data change: nothing here needs a recompile.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/date.h"
#include "exportctl/error.h"

namespace exportctl {

namespace rules {
class Expression;

// Resolves dated country-group membership for `in_group(country, "D:5")` in conditions.
// Implemented by exportctl::Countries.
class GroupResolver {
 public:
  virtual ~GroupResolver() = default;
  virtual bool KnownGroup(std::string_view group) const = 0;
  virtual bool InGroup(std::string_view country, std::string_view group, Date as_of) const = 0;
};
}  // namespace rules

// Evidence labels of shared/research/regulation.md.
enum class Evidence { kV, kV2, kP, kPLow, kI };
std::string_view EvidenceName(Evidence e);  // "V", "V2", "P", "P-low", "I"

enum class RuleKind {
  kClassification,      // assigns an ECCN (lowest `precedence` wins)
  kExclusion,           // takes items out of ECCNs by prefix (e.g. Note 2 to 3A090)
  kLicenseRequirement,  // a licence is required, with a review policy
  kReviewPolicy,        // replaces the review policy of named requirements (e.g. H200 case-by-case)
  kLicenseException,    // a licence exception covering named requirements, with its duties
  kCondition,           // conditions that come with a licence (revenue share, duty, caps)
  kImportRestriction,   // measures of the importing country (e.g. CN customs blocks)
  kPermit,              // third-country permits (e.g. Malaysia transit permit)
  kGuidance,            // warnings and red flags that do not change the outcome
  kScope,               // the item is subject to the regime (§734.3: US origin, de minimis, FDP rules)
  kWaiver,              // takes named licence requirements away (e.g. a letter binds only its addressee)
};
inline constexpr int kRuleKindCount = 11;
std::string_view RuleKindName(RuleKind k);

enum class ReviewPolicy { kNone, kPresumptionOfApproval, kCaseByCase, kPresumptionOfDenial };
std::string_view ReviewPolicyName(ReviewPolicy p);  // "presumption_of_approval", …

// The signature bit of a value in a Rule::Index (FNV-1a, folded to 64 bits).
inline uint64_t IndexBit(std::string_view value) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : value) h = (h ^ c) * 1099511628211ull;
  return uint64_t{1} << (h % 64);
}

struct Citation {
  std::string cite;  // e.g. "88 FR 73458"
  std::string url;
};

struct Rule {
  std::string id;
  RuleKind kind = RuleKind::kGuidance;
  std::string jurisdiction;  // "US", "CN", "MY"
  // The body of law the rule belongs to ("US-EAR", "US-OFAC", "CN" …; default: the file's
  // `regime`, else the jurisdiction). Scope rules of a regime gate its other rules: when an item is
  // not subject to the EAR, no EAR requirement applies to it.
  std::string regime;
  // The part of the regulation that imposes a requirement ("742", "744", "746"), which licence
  // exceptions key on (§740.8(b): NAC/ACA are not available where Part 744 or 746 applies).
  std::string part;
  std::string title;
  DateRange effective;
  // "in_force", or "not_enforced" (kept for the timeline; never fires, e.g. AI Diffusion after
  // 2025-05-13).
  std::string status = "in_force";
  Evidence evidence = Evidence::kP;
  std::vector<Citation> citations;
  std::string notes;
  std::shared_ptr<const rules::Expression> when;
  std::string when_text;
  SourceLocation where;

  // kClassification
  std::string eccn, system_eccn, hbm_eccn;
  int precedence = 0;
  // kExclusion
  std::vector<std::string> excludes;
  // kLicenseRequirement, kReviewPolicy
  ReviewPolicy review_policy = ReviewPolicy::kNone;
  std::vector<std::string> overrides;  // kReviewPolicy: requirement ids whose policy it replaces
  bool prohibited = false;             // kLicenseRequirement: no licence path at all
  // kLicenseRequirement: while it applies, only these licence exceptions may be used at all
  // (§740.2(a)(6) and the Part 746 allow-lists). Absent: no such limit; empty: none may be used.
  std::optional<std::vector<std::string>> allowed_exceptions;
  // kLicenseException
  std::string exception;               // "NAC", "ACA", "HBM"
  std::vector<std::string> covers;     // requirement ids the exception can satisfy
  std::vector<std::string> duties;     // e.g. "notify BIS 25 days before export"
  std::vector<std::string> not_with_parts;  // not available while a requirement of these parts applies
  std::vector<std::string> not_with_except; // … unless that requirement is one of these rule ids
  // kWaiver
  std::vector<std::string> lifts;      // requirement ids it takes away
  // kCondition, kImportRestriction, kPermit, kGuidance
  std::vector<std::string> conditions;
  std::string severity;                // kImportRestriction: "block" | "restrict" | "discourage"
  std::string message;                 // one-line statement shown in decisions

  // Necessary conditions of `when`, read at load time, so a decision can skip rules that cannot
  // fire: each value set is kept as a 64-bit signature (IndexBit of every allowed value; all ones
  // when unconstrained), tags as the bits that must all be present, and the ECCN prefixes (or exact
  // ECCNs) the rule requires as bits of its rule set's prefix dictionary (RuleSet::EccnBits). A
  // signature may let a rule through that then evaluates false; it never skips one that could fire.
  // `true_fields`: the yes/no facts the condition requires to be true (bit 1 << field number, e.g.
  // end_user_sdn_listed): the rule cannot fire where one of them is known to be false.
  struct Index {
    uint64_t destination = ~uint64_t{0}, destination_country = ~uint64_t{0}, chip = ~uint64_t{0};
    uint64_t tags = 0;
    uint64_t eccn = ~uint64_t{0};
    uint64_t true_fields = 0;
  } index;
  bool enforced = true;  // status == "in_force", kept as a flag for the hot path

  bool InForce(Date d) const { return enforced && effective.Contains(d); }
  // Evidence too weak to lift a requirement by itself (an inference or a single weak source).
  bool WeakEvidence() const { return evidence == Evidence::kI || evidence == Evidence::kPLow; }
};

// One entry of the Commerce Control List as data: an ECCN (or a prefix of ECCNs) and its reasons
// for control, which the end-use, embargo and exception rules key on (has_reason("AT")).
struct EccnEntry {
  std::string eccn;                  // "3A991.p", "3A090", "5A992.z"
  std::string title;
  std::vector<std::string> reasons;  // "RS", "NS", "AT", …
  Evidence evidence = Evidence::kP;
  std::vector<Citation> citations;
  SourceLocation where;
};

// A word of the closed end-use vocabulary (`--end-use`, has_tag()).
struct EndUseTag {
  std::string tag;
  std::string description;
};

class RuleSet {
 public:
  // Loads dir/ruleset.toml and every other dir/*.toml. `groups` validates country-group names
  // used by in_group(); may be null (then any name is accepted).
  static Result<std::shared_ptr<const RuleSet>> LoadDir(const std::string& dir,
                                                        const rules::GroupResolver* groups = nullptr);
  // The same from texts in memory (drafts sent to the server, fuzzing). `name` is the path
  // relative to the rule directory ("ruleset.toml" is the manifest); `path` is used in messages.
  struct SourceFile {
    std::string path, name, text;
  };
  static Result<std::shared_ptr<const RuleSet>> FromFiles(const std::vector<SourceFile>& files,
                                                          const rules::GroupResolver* groups = nullptr);

  const std::string& id() const { return id_; }
  const std::string& revision() const { return revision_; }
  const std::string& content_hash() const { return content_hash_; }  // SHA-256 of the files, hex
  const std::string& default_eccn() const { return default_eccn_; }  // when no control applies
  const std::vector<Rule>& rules() const { return rules_; }
  // The CCL entries (longest prefix first); the entry for an ECCN, or null when none is listed.
  const std::vector<EccnEntry>& eccns() const { return eccns_; }
  const EccnEntry* FindEccn(std::string_view eccn) const;
  // The closed end-use vocabulary of the manifest; an unknown tag in a request is an error.
  const std::vector<EndUseTag>& end_use_tags() const { return end_use_tags_; }
  bool KnownEndUse(std::string_view tag) const;
  // The end-user types of the manifest (`--end-user-type`).
  const std::vector<std::string>& end_user_types() const { return end_user_types_; }
  // Every file the set was loaded from.
  const std::vector<std::string>& files() const { return files_; }

  // The Index::eccn bits an item of `eccn` matches: a rule whose bits share none cannot fire for
  // it. All ones for an unknown ECCN (nothing can be skipped on it).
  uint64_t EccnBits(std::string_view eccn) const;
  // Every version of every rule of `kind`, in file order (classification: by precedence).
  const std::vector<const Rule*>& OfKind(RuleKind kind) const { return by_kind_[static_cast<int>(kind)]; }
  // Beside OfKind(kind), index for index, what a decision needs to skip a rule without reading it:
  // its Index and the dates it is in force. A decision walks these few cache lines and reads a
  // Rule only when it may apply.
  struct Candidate {
    Rule::Index index;
    DateRange in_force;  // empty (from > to) for a rule that is not enforced
  };
  const std::vector<Candidate>& CandidatesOfKind(RuleKind kind) const { return candidates_[static_cast<int>(kind)]; }
  // Rules of `kind` in force on `d`, in the same order.
  std::vector<const Rule*> InForce(Date d, RuleKind kind) const;
  const Rule* FindVersion(std::string_view id, Date d) const;  // the version of `id` covering d
  // Every date on which some rule starts or stops applying, sorted, for timelines.
  std::vector<Date> ChangeDates() const;

 private:
  std::string id_, revision_, content_hash_, default_eccn_ = "EAR99";
  std::vector<Rule> rules_;
  std::vector<EccnEntry> eccns_;
  std::vector<EndUseTag> end_use_tags_;
  std::vector<std::string> end_user_types_;
  std::vector<std::string> files_;
  std::vector<std::string> eccn_prefixes_;  // the dictionary behind Index::eccn: prefix k is bit k % 64
  std::array<std::vector<const Rule*>, kRuleKindCount> by_kind_;  // indexes into rules_, by RuleKind
  std::array<std::vector<Candidate>, kRuleKindCount> candidates_;  // by_kind_'s rules, index for index
};

}  // namespace exportctl
