// exportctl::Check: may this shipment go, and under what? The licence determination.
//
// A CheckRequest names an item (a catalog chip or a spec, with its origin and, for foreign-made
// items, its US content and technology), a quantity, where the goods ship from and to (a country
// or an ISO 3166-2 region such as UA-43), who the end user is (location, headquarters, type,
// owners), its end uses (a closed vocabulary) and the as-of date. Check classifies the item, screens
// the parties, and evaluates the rules in force in the order of docs/decisions.md: is the item
// subject to the regime (scope rules: origin, de minimis, the FDP rules), the licence requirements
// of every layer (Part 746 embargoes, §742 CCL rules, Part 744 end-use/end-user rules, lists),
// waivers, review policies and licence exceptions with their bars (§740.2(a)(6), §740.8(b)):
//
//   1. A firing license_requirement with `prohibited = true` makes the outcome `prohibited`.
//   2. An uncovered requirement, or one that could not be evaluated because a figure of the item is
//      unknown: `license_required`, with its review policy (the newest overriding review_policy
//      rule's, else its own; the most restrictive is reported) and why no exception applies.
//   3. Every requirement covered by an available licence exception: `license_exception`.
//   4. Else `no_license_required`.
//   A "go" (3 or 4) becomes `hold` when it depends on something not settled: a request fact the
//   rules needed and were not given (headquarters, US content, origin …), an open review-band
//   screening hit in force, or a rule resting on weak evidence (I, P-low) that lifts a requirement
//   (a waiver, an exclusion, an exception). `holds` names each.
// Conditions, import-side restrictions (other jurisdictions, e.g. CN), third-country permits and
// guidance are reported beside the outcome. Pure function of its inputs; thread-safe.
#pragma once

#include <cstdint>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "exportctl/catalog.h"
#include "exportctl/classify.h"
#include "exportctl/countries.h"
#include "exportctl/date.h"
#include "exportctl/rules.h"

namespace exportctl {

// Bounds on request numbers (documented in docs/decisions.md): beyond them a request is refused.
inline constexpr double kMaxQuantity = 1e9;       // units in one request
inline constexpr double kMaxUnitValue = 1e12;     // value of one unit

struct Owner {
  std::string name;
  double share = 0;  // percent, 0..100
};

struct CheckRequest {
  const Chip* chip = nullptr;  // REQUIRES: non-null, outlives the Decision
  double quantity = 1;
  std::optional<double> unit_value;
  std::string currency = "USD";
  std::string ship_from = "US";        // anything else is a reexport
  std::string destination;             // ISO alpha-2; HK is treated as CN
  std::string end_user;                // name, screened against the lists
  std::string end_user_country;        // default: destination
  std::string end_user_hq;             // end user's or ultimate parent's HQ; default: end_user_country
  std::vector<Owner> owners;           // for the 50% affiliates rule
  std::vector<std::string> end_use;    // tags of the rule set's vocabulary (supercomputer, military …)
  std::vector<std::string> via;        // transit countries
  std::string exporter;                // default: the chip's vendor
  std::string end_user_type;           // individual | independent_ngo | commercial | government; "" unknown
  std::string origin;                  // overrides the chip's origin (ISO alpha-2); "" keeps it
  std::optional<double> us_content;    // % of controlled US-origin content (§734.4); unknown if absent
  std::optional<bool> us_technology;   // overrides the chip's: direct product of US technology (§734.9)
  Date as_of;
};

// One restricted-party hit that mattered for the decision.
struct PartyHit {
  std::string party;        // the name screened (end user or owner)
  std::string role;         // "end_user" | "owner"
  std::string list;         // "entity_list", "sdn", "meu", … (normalised list kind)
  std::string entry_name, matched_name, entry_id, source;
  double score = 0;
  std::string band;         // "block" | "review" | "cleared" (a clearance in the ledger: no effect)
  std::string clearance;    // band "cleared": which clearance, who requested and approved it, why
  std::optional<Date> listed_on;
  std::string federal_register_notice;
  bool fdp_footnote = false;  // Entity List footnote 1/4/5 (§734.9(e))
};

// One restricted-party list version a decision was screened against.
struct ListVersion {
  std::string id;              // "sdn", "csl", "entity-list-curated" …
  std::string version;         // store version ("v3") or the bundled file name
  std::string content_sha256;  // of the list file
};

// Screens names for the check. Implemented over the screening index; tests may fake it.
class EndUserScreener {
 public:
  virtual ~EndUserScreener() = default;
  // Hits for `name` (block and review bands), best first. REQUIRES: thread-safe.
  virtual std::vector<PartyHit> Screen(std::string_view name, Date as_of) const = 0;
  // The letters of `name` Screen() cannot read (a script it has no transliteration for), as
  // "WORDS (SCRIPTS)"; empty when it reads every letter. A check holds while a party's name is
  // not read in full: no hits for it would be no answer.
  virtual std::string UnreadLetters(std::string_view /*name*/) const { return {}; }
  // A warning every decision that screened a party carries when the lists are incomplete (only
  // the bundled excerpt, no official list imported); empty when they are complete.
  virtual std::string_view CoverageWarning() const { return {}; }
  // The list versions Screen() answers from, and a fingerprint of them (part of every decision id,
  // so one id never means two answers under two list versions). Both stable for the object's life.
  virtual std::span<const ListVersion> ListVersions() const { return {}; }
  virtual std::string_view ListsFingerprint() const { return {}; }
};

enum class Outcome { kNoLicenseRequired, kLicenseException, kLicenseRequired, kProhibited, kHold };
std::string_view OutcomeName(Outcome o);  // "no_license_required", …, "hold"

struct DecisionItem {   // a reported condition, restriction, permit or warning
  const Rule* rule = nullptr;  // null for engine warnings (unknown figures, assumptions)
  std::string text;
};

// Why a "go" could not be given: a missing fact, an open screening hit, a party name the screener
// cannot read, a weak lifting rule.
struct Hold {
  std::string kind;            // "missing_fact" | "open_screening_hit" | "unread_name" | "weak_evidence"
  std::string subject;         // the field ("end_user_hq"), the party name, or the rule id
  std::string text;            // one plain sentence
  const Rule* rule = nullptr;  // the rule that needed the fact or rests on weak evidence
};

// A licence exception that fired but may not be used here, and why.
struct UnavailableException {
  const Rule* exception = nullptr;
  std::string reason;          // "§740.8(b): not available where Part 746 applies (US-EAR-746-RU-CCL)"
};

// Whether the item is subject to a regime (the EAR): "yes", "no" or "unknown", and why.
struct Scope {
  std::string regime;
  std::string subject;                     // "yes" | "no" | "unknown"
  std::vector<const Rule*> rules;          // the scope rules that made it subject
  std::vector<std::string> missing;        // facts that would settle it
};

struct Decision {
  // Deterministic: a hash of the request, the date, the rule set's content and the list versions —
  // never of who asked or when, so the same id always means the same answer.
  std::string decision_id;
  Date as_of;
  // The item's classification on the date; never null in a decision Check returned. Shared and
  // immutable: a catalog chip's classification on a date is computed once per thread and every
  // decision on it points to the same value.
  std::shared_ptr<const Classification> classification;
  Outcome outcome = Outcome::kNoLicenseRequired;
  ReviewPolicy review_policy = ReviewPolicy::kNone;
  std::vector<const Rule*> requirements;  // firing licence requirements
  std::vector<const Rule*> exceptions;    // eligible licence exceptions (when they cover all)
  std::vector<std::string> duties;        // of those exceptions
  std::vector<UnavailableException> unavailable_exceptions;
  std::vector<const Rule*> waived;        // requirements lifted by a waiver, and the waivers below
  std::vector<const Rule*> waivers;
  std::vector<Hold> holds;                // when outcome is kHold (and facts missing for any outcome)
  std::vector<Scope> scope;               // per regime with scope rules
  std::vector<DecisionItem> conditions;
  std::vector<DecisionItem> import_restrictions;
  std::vector<DecisionItem> permits;
  std::vector<DecisionItem> warnings;
  std::vector<const Rule*> deciding_rules;  // everything above, for rule_ids and citations
  std::vector<PartyHit> screening;
  std::span<const ListVersion> lists;       // screened against (the screener's; empty: none loaded)
  std::vector<RuleTrace> trace;             // when explain
  // Normalised request (defaults filled in), echoed in the JSON.
  std::string destination, ship_from, end_user, end_user_country, end_user_hq, exporter;
  std::string end_user_type, origin;
  std::optional<double> us_content;
  std::optional<bool> us_technology;
  double quantity = 0;
  std::optional<double> unit_value;
  std::string currency;
  std::vector<std::string> end_use, via;
  std::vector<Owner> owners;
};

struct CheckContext {
  const RuleSet* rules = nullptr;
  const Countries* countries = nullptr;
  const EndUserScreener* screener = nullptr;  // may be null: then nobody is screened (warned)
  const Catalog* catalog = nullptr;           // optional: lets classifications of catalog chips be memoised
  // Non-zero: an id of this (rules, countries, catalog) triple that is never given to another, so
  // the per-thread memos (classifications of catalog chips, the rules each context rules out) can
  // never serve an answer of a rule set that was freed and whose address was reused (a reload).
  // Engine sets it; zero turns the memos off.
  std::uint64_t memo_id = 0;
};

// Validates the request (country codes, quantity, shares) and decides.
Result<Decision> Check(const CheckContext& ctx, const CheckRequest& request, bool explain = false);

}  // namespace exportctl
