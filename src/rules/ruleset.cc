// Loads and validates a rule set directory into an immutable RuleSet.
#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "common/sha256.h"
#include "common/short_text.h"
#include "common/toml_util.h"
#include "exportctl/rules.h"
#include "rules/expression.h"

namespace exportctl {

std::string_view EvidenceName(Evidence e) {
  switch (e) {
    case Evidence::kV: return "V";
    case Evidence::kV2: return "V2";
    case Evidence::kP: return "P";
    case Evidence::kPLow: return "P-low";
    case Evidence::kI: return "I";
  }
  return "P";
}

std::string_view RuleKindName(RuleKind k) {
  switch (k) {
    case RuleKind::kClassification: return "classification";
    case RuleKind::kExclusion: return "exclusion";
    case RuleKind::kLicenseRequirement: return "license_requirement";
    case RuleKind::kReviewPolicy: return "review_policy";
    case RuleKind::kLicenseException: return "license_exception";
    case RuleKind::kCondition: return "condition";
    case RuleKind::kImportRestriction: return "import_restriction";
    case RuleKind::kPermit: return "permit";
    case RuleKind::kGuidance: return "guidance";
    case RuleKind::kScope: return "scope";
    case RuleKind::kWaiver: return "waiver";
  }
  return "guidance";
}

std::string_view ReviewPolicyName(ReviewPolicy p) {
  switch (p) {
    case ReviewPolicy::kNone: return "none";
    case ReviewPolicy::kPresumptionOfApproval: return "presumption_of_approval";
    case ReviewPolicy::kCaseByCase: return "case_by_case";
    case ReviewPolicy::kPresumptionOfDenial: return "presumption_of_denial";
  }
  return "none";
}

namespace {

constexpr std::array kKinds = {RuleKind::kClassification, RuleKind::kExclusion, RuleKind::kLicenseRequirement,
                               RuleKind::kReviewPolicy,   RuleKind::kLicenseException, RuleKind::kCondition,
                               RuleKind::kImportRestriction, RuleKind::kPermit, RuleKind::kGuidance,
                               RuleKind::kScope, RuleKind::kWaiver};
static_assert(kKinds.size() == kRuleKindCount);

std::optional<ReviewPolicy> ParseReviewPolicy(std::string_view s) {
  for (ReviewPolicy p : {ReviewPolicy::kPresumptionOfApproval, ReviewPolicy::kCaseByCase,
                         ReviewPolicy::kPresumptionOfDenial})
    if (ReviewPolicyName(p) == s) return p;
  return std::nullopt;
}

// Where the text of a string value starts: one past the opening quote.
SourceLocation StringStart(const toml::node& n, const std::string& file) {
  SourceLocation loc = detail::LocationOf(n, file);
  loc.column += 1;
  return loc;
}

std::optional<Evidence> ParseEvidence(std::string_view s) {
  for (Evidence e : {Evidence::kV, Evidence::kV2, Evidence::kP, Evidence::kPLow, Evidence::kI})
    if (EvidenceName(e) == s) return e;
  return std::nullopt;
}

std::vector<Citation> ReadCitations(detail::TableReader& in, const toml::table& t, const std::string& file,
                                    const std::string& context, std::vector<Error>* errors) {
  std::vector<Citation> out;
  if (const toml::array* cites = in.Array("citations", true)) {
    for (const toml::node& n : *cites) {
      const toml::table* ct = n.as_table();
      if (!ct) { in.Fail(n, "citations are tables: { cite = \"…\", url = \"…\" }"); continue; }
      detail::TableReader cr(*ct, file, errors, context + " citation");
      Citation c{cr.String("cite", true).value_or(""), cr.String("url", true).value_or("")};
      if (!c.url.empty() && !c.url.starts_with("http")) cr.Fail("`url` must be an http(s) URL");
      cr.RejectUnknownKeys();
      out.push_back(std::move(c));
    }
    if (cites->empty()) in.Fail(*cites, "at least one citation is required");
  }
  (void)t;
  return out;
}

Evidence ReadEvidence(detail::TableReader& in, const toml::table& t) {
  if (auto ev = in.String("evidence", true)) {
    if (auto e = ParseEvidence(*ev)) return *e;
    in.Fail(*t.get("evidence"), fmt::format("`evidence` must be V, V2, P, P-low or I, not `{}`", *ev));
  }
  return Evidence::kP;
}

EccnEntry ReadEccn(const toml::table& t, const std::string& file, std::vector<Error>* errors) {
  EccnEntry e;
  e.where = detail::LocationOf(t, file);
  detail::TableReader in(t, file, errors, "eccn");
  e.eccn = in.String("eccn", true).value_or("");
  e.title = in.String("title", true).value_or("");
  e.reasons = in.StringList("reasons", true);
  for (const std::string& reason : e.reasons)
    if (reason.empty() || reason.size() > 8 || !std::all_of(reason.begin(), reason.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }))
      in.Fail(*t.get("reasons"), fmt::format("a reason for control is an upper-case code such as RS, NS, AT, not `{}`", reason));
  e.evidence = ReadEvidence(in, t);
  e.citations = ReadCitations(in, t, file, "eccn `" + e.eccn + "`", errors);
  in.String("notes");
  in.RejectUnknownKeys();
  return e;
}

Rule ReadRule(const toml::table& t, const std::string& file, const std::string& default_jurisdiction,
              const std::string& default_regime, const rules::GroupResolver* groups, std::vector<Error>* errors) {
  Rule r;
  r.where = detail::LocationOf(t, file);
  detail::TableReader rd(t, file, errors);
  r.id = rd.String("id", true).value_or("");
  std::string context = r.id.empty() ? "rule" : fmt::format("rule `{}`", r.id);
  detail::TableReader in(t, file, errors, context);
  in.String("id");
  bool kind_known = false;
  if (auto kind = in.String("kind", true)) {
    auto it = std::find_if(kKinds.begin(), kKinds.end(), [&](RuleKind k) { return RuleKindName(k) == *kind; });
    if (it == kKinds.end()) in.Fail(*t.get("kind"), fmt::format("unknown kind `{}`", *kind));
    else { r.kind = *it; kind_known = true; }
  }
  r.jurisdiction = in.String("jurisdiction").value_or(default_jurisdiction);
  if (r.jurisdiction.empty()) in.Fail("missing `jurisdiction` (in the rule or at the top of the file)");
  r.regime = in.String("regime").value_or(default_regime.empty() ? r.jurisdiction : default_regime);
  r.part = in.String("part").value_or("");
  r.title = in.String("title", true).value_or("");
  if (auto from = in.DateValue("effective_from", true)) r.effective.from = *from;
  if (auto to = in.DateValue("effective_to")) r.effective.to = *to;
  if (r.effective.to < r.effective.from)
    in.Fail(fmt::format("`effective_to` {} is before `effective_from` {}", r.effective.to.ToString(),
                        r.effective.from.ToString()));
  if (auto status = in.String("status")) {
    if (*status != "in_force" && *status != "not_enforced")
      in.Fail(*t.get("status"), fmt::format("`status` must be in_force or not_enforced, not `{}`", *status));
    r.status = *status;
  }
  r.enforced = r.status == "in_force";
  r.evidence = ReadEvidence(in, t);
  r.citations = ReadCitations(in, t, file, context, errors);
  r.notes = in.String("notes").value_or("");
  r.message = in.String("message").value_or("");
  if (auto when = in.String("when", true)) {
    r.when_text = *when;
    auto compiled = rules::Expression::Compile(*when, StringStart(*t.get("when"), file), groups);
    if (compiled.ok()) {
      r.when = std::make_shared<const rules::Expression>(std::move(compiled).value());
      auto signature = [&](rules::Field f) {
        auto values = r.when->RequiredValues(f);
        if (!values) return ~uint64_t{0};
        uint64_t bits = 0;
        for (const std::string& v : *values) bits |= IndexBit(v);
        return bits;
      };
      r.index.destination = signature(rules::Field::kDestination);
      r.index.destination_country = signature(rules::Field::kDestinationCountry);
      r.index.chip = signature(rules::Field::kChip);
      for (const std::string& tag : r.when->RequiredTags()) r.index.tags |= IndexBit(tag);
      for (rules::Field f : r.when->RequiredTrueFields()) r.index.true_fields |= rules::Facts::Bit(f);
    } else {
      const Error& e = compiled.error();
      if (e.details().empty()) errors->push_back(e);
      else errors->insert(errors->end(), e.details().begin(), e.details().end());
    }
  }
  switch (r.kind) {
    case RuleKind::kClassification:
      r.eccn = in.String("eccn", true).value_or("");
      r.system_eccn = in.String("system_eccn").value_or("");
      r.precedence = in.Integer("precedence", true).value_or(0);
      break;
    case RuleKind::kExclusion:
      r.excludes = in.StringList("excludes", true);
      break;
    case RuleKind::kLicenseRequirement:
    case RuleKind::kReviewPolicy:
      if (auto p = in.String("review_policy", true)) {
        if (auto rp = ParseReviewPolicy(*p)) r.review_policy = *rp;
        else in.Fail(*t.get("review_policy"), fmt::format("unknown review_policy `{}`", *p));
      }
      if (r.kind == RuleKind::kReviewPolicy) {
        r.overrides = in.StringList("overrides", true);
      } else {
        r.prohibited = in.Bool("prohibited").value_or(false);
        if (t.get("allowed_exceptions")) r.allowed_exceptions = in.StringList("allowed_exceptions");
      }
      break;
    case RuleKind::kLicenseException:
      r.exception = in.String("exception", true).value_or("");
      r.covers = in.StringList("covers", true);
      r.duties = in.StringList("duties");
      r.not_with_parts = in.StringList("not_with_parts");
      r.not_with_except = in.StringList("not_with_except");
      break;
    case RuleKind::kWaiver:
      r.lifts = in.StringList("lifts", true);
      break;
    case RuleKind::kScope:
      break;
    case RuleKind::kImportRestriction:
      if (auto s = in.String("severity", true)) {
        if (*s != "block" && *s != "restrict" && *s != "discourage")
          in.Fail(*t.get("severity"), fmt::format("`severity` must be block, restrict or discourage, not `{}`", *s));
        r.severity = *s;
      }
      r.conditions = in.StringList("conditions");
      break;
    case RuleKind::kCondition:
      r.conditions = in.StringList("conditions", true);
      break;
    case RuleKind::kPermit:
    case RuleKind::kGuidance:
      r.conditions = in.StringList("conditions");
      break;
  }
  if (kind_known && r.kind != RuleKind::kClassification && r.kind != RuleKind::kExclusion && r.message.empty())
    in.Fail("missing `message` (the one-line statement shown in decisions)");
  in.RejectUnknownKeys();
  return r;
}

}  // namespace

Result<std::shared_ptr<const RuleSet>> RuleSet::LoadDir(const std::string& dir, const rules::GroupResolver* groups) {
  namespace fs = std::filesystem;
  auto paths = detail::ListTomlFiles(dir, true, "rule");
  if (!paths.ok()) return paths.error();
  std::vector<SourceFile> files;
  for (const std::string& path : *paths) {
    auto text = detail::ReadFile(path);
    if (!text.ok()) return text.error();
    files.push_back({path, fs::relative(path, dir).string(), std::move(text).value()});
  }
  if (files.empty()) return Error(ErrorCode::kInvalidData, "no rule files (*.toml)", SourceLocation{dir});
  return FromFiles(files, groups);
}

Result<std::shared_ptr<const RuleSet>> RuleSet::FromFiles(const std::vector<SourceFile>& files,
                                                          const rules::GroupResolver* groups) {
  auto set = std::make_shared<RuleSet>();
  std::vector<Error> errors;
  detail::Sha256 hash;
  bool have_manifest = false;
  for (const SourceFile& source : files) {
    const std::string& file = source.path;
    hash.Update(source.name);
    hash.Update(std::string_view("\0", 1));
    hash.Update(source.text);
    set->files_.push_back(file);
    auto parsed = detail::ParseToml(source.text, file);
    if (!parsed.ok()) { errors.push_back(parsed.error()); continue; }
    detail::TableReader root(*parsed, file, &errors);
    if (auto version = root.Integer("schema_version", true); version && *version != 1)
      root.Fail(fmt::format("unsupported schema_version {}", *version));
    if (source.name == "ruleset.toml") {
      have_manifest = true;
      set->id_ = root.String("id", true).value_or("");
      set->revision_ = root.String("revision", true).value_or("");
      set->default_eccn_ = root.String("default_eccn").value_or("EAR99");
      root.String("description");
      if (const toml::array* tags = root.Array("end_use")) {
        for (const toml::node& n : *tags) {
          const toml::table* tt = n.as_table();
          if (!tt) { root.Fail(n, "`end_use` entries are tables: { tag = \"…\", description = \"…\" }"); continue; }
          detail::TableReader tr(*tt, file, &errors, "end_use");
          EndUseTag tag{tr.String("tag", true).value_or(""), tr.String("description", true).value_or("")};
          if (tag.tag.empty() || tag.tag.find(':') != std::string::npos)
            tr.Fail(*tt, "an end-use tag is a non-empty word without `:`");
          tr.RejectUnknownKeys();
          set->end_use_tags_.push_back(std::move(tag));
        }
      }
      set->end_user_types_ = root.StringList("end_user_types");
      root.RejectUnknownKeys();
      continue;
    }
    std::string jurisdiction = root.String("jurisdiction").value_or("");
    std::string regime = root.String("regime").value_or("");
    root.String("description");
    const toml::array* eccns = root.Array("eccn");
    if (eccns) {
      for (const toml::node& n : *eccns) {
        if (const toml::table* t = n.as_table()) set->eccns_.push_back(ReadEccn(*t, file, &errors));
        else root.Fail(n, "`eccn` entries must be tables");
      }
    }
    if (const toml::array* arr = root.Array("rule", eccns == nullptr)) {
      for (const toml::node& n : *arr) {
        if (const toml::table* t = n.as_table()) set->rules_.push_back(ReadRule(*t, file, jurisdiction, regime, groups, &errors));
        else root.Fail(n, "`rule` entries must be tables");
      }
    }
    root.RejectUnknownKeys();
  }
  if (!have_manifest)
    errors.emplace_back(ErrorCode::kInvalidData, "missing ruleset.toml (id, revision)",
                        SourceLocation{files.empty() ? std::string("rule set") : files.front().path});

  // One id, several versions: windows must not overlap, kinds must agree.
  std::map<std::string, std::vector<const Rule*>> by_id;
  for (const Rule& r : set->rules_) by_id[r.id].push_back(&r);
  for (auto& [id, versions] : by_id) {
    for (std::size_t i = 0; i < versions.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        const Rule& a = *versions[j];
        const Rule& b = *versions[i];
        if (a.effective.Overlaps(b.effective))
          errors.emplace_back(ErrorCode::kRuleConflict,
                              fmt::format("rule `{}` in force {}..{} overlaps its version at {} ({}..{})", id,
                                          b.effective.from.ToString(), b.effective.to.ToString(), a.where.ToString(),
                                          a.effective.from.ToString(), a.effective.to.ToString()),
                              b.where);
        else if (a.kind != b.kind)
          errors.emplace_back(ErrorCode::kRuleConflict,
                              fmt::format("rule `{}` is a {} here but a {} at {}", id, RuleKindName(b.kind),
                                          RuleKindName(a.kind), a.where.ToString()),
                              b.where);
      }
    }
  }
  // has_tag() names words of the vocabulary (or "via:XX", the transit countries).
  for (const Rule& r : set->rules_) {
    if (!r.when) continue;
    for (const std::string& tag : r.when->tags())
      if (!tag.starts_with("via:") && !set->KnownEndUse(tag))
        errors.emplace_back(ErrorCode::kInvalidData,
                            fmt::format("rule `{}`: has_tag(\"{}\") names no end-use tag of ruleset.toml", r.id, tag), r.where);
  }
  // References to other rules must resolve.
  for (const Rule& r : set->rules_) {
    for (const auto* refs : {&r.overrides, &r.covers, &r.lifts, &r.not_with_except}) {
      for (const std::string& ref : *refs) {
        auto it = by_id.find(ref);
        if (it == by_id.end())
          errors.emplace_back(ErrorCode::kInvalidData, fmt::format("rule `{}` refers to unknown rule `{}`", r.id, ref),
                              r.where);
        else if (it->second.front()->kind != RuleKind::kLicenseRequirement)
          errors.emplace_back(ErrorCode::kInvalidData,
                              fmt::format("rule `{}` refers to `{}`, which is not a license_requirement", r.id, ref),
                              r.where);
      }
    }
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  set->content_hash_ = hash.HexDigest();
  std::stable_sort(set->eccns_.begin(), set->eccns_.end(),
                   [](const EccnEntry& a, const EccnEntry& b) { return a.eccn.size() > b.eccn.size(); });
  // The ECCN prefix dictionary. Prefixes beyond 64 share bits: a shared bit only lets more rules
  // through to evaluation, never fewer.
  for (Rule& r : set->rules_) {
    if (!r.when) continue;
    auto prefixes = r.when->RequiredPrefixes(rules::Field::kEccn);  // starts_with(eccn, …)
    if (!prefixes) prefixes = r.when->RequiredValues(rules::Field::kEccn);  // eccn == … / in […]
    if (!prefixes || prefixes->empty()) continue;
    r.index.eccn = 0;
    for (const std::string& prefix : *prefixes) {
      auto it = std::find(set->eccn_prefixes_.begin(), set->eccn_prefixes_.end(), prefix);
      if (it == set->eccn_prefixes_.end()) it = set->eccn_prefixes_.insert(it, prefix);
      r.index.eccn |= uint64_t{1} << ((it - set->eccn_prefixes_.begin()) % 64);
    }
  }
  for (const Rule& r : set->rules_) set->by_kind_[static_cast<int>(r.kind)].push_back(&r);
  auto& classification = set->by_kind_[static_cast<int>(RuleKind::kClassification)];
  std::stable_sort(classification.begin(), classification.end(),
                   [](const Rule* a, const Rule* b) { return a->precedence < b->precedence; });
  for (int kind = 0; kind < kRuleKindCount; ++kind)
    for (const Rule* r : set->by_kind_[kind])
      set->candidates_[kind].push_back(
          {r->index, r->enforced ? r->effective : DateRange{Date::FromDays(1), Date::FromDays(0)}});
  return std::shared_ptr<const RuleSet>(std::move(set));
}

uint64_t RuleSet::EccnBits(std::string_view eccn) const {
  uint64_t bits = 0;
  for (std::size_t k = 0; k < eccn_prefixes_.size(); ++k)
    if (detail::StartsWithText(eccn, eccn_prefixes_[k])) bits |= uint64_t{1} << (k % 64);
  return bits;
}

std::vector<const Rule*> RuleSet::InForce(Date d, RuleKind kind) const {
  std::vector<const Rule*> out;
  for (const Rule* r : OfKind(kind))
    if (r->InForce(d)) out.push_back(r);
  return out;
}

const EccnEntry* RuleSet::FindEccn(std::string_view eccn) const {
  for (const EccnEntry& e : eccns_)
    if (detail::StartsWithText(eccn, e.eccn)) return &e;
  return nullptr;
}

bool RuleSet::KnownEndUse(std::string_view tag) const {
  return std::any_of(end_use_tags_.begin(), end_use_tags_.end(), [&](const EndUseTag& t) { return t.tag == tag; });
}

const Rule* RuleSet::FindVersion(std::string_view id, Date d) const {
  for (const Rule& r : rules_)
    if (r.id == id && r.effective.Contains(d)) return &r;
  return nullptr;
}

std::vector<Date> RuleSet::ChangeDates() const {
  std::vector<Date> dates;
  for (const Rule& r : rules_) {
    if (r.effective.from != Date::Min()) dates.push_back(r.effective.from);
    if (r.effective.to != Date::Max()) dates.push_back(r.effective.to.AddDays(1));
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  return dates;
}

}  // namespace exportctl
