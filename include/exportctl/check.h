// exportctl::Check: may this shipment go, and under what? The licence determination.
//
// A CheckRequest names a chip, a quantity, where the goods ship from and to, who the end user is
// (its location, where it or its ultimate parent is headquartered, its owners) and the as-of date.
// Check classifies the chip on that date, screens the end user and its owners (through an
// EndUserScreener), evaluates every licensing rule in force and combines them (docs/decisions.md):
//
//   1. A firing license_requirement with `prohibited = true` makes the outcome `prohibited`.
//   2. No firing requirement: `no_license_required` (unless a requirement could not be evaluated
//      because a figure is unknown: then `license_required`, with a warning saying why).
//   3. Every firing requirement covered by a firing licence exception: `license_exception`, with
//      the exceptions' duties.
//   4. Otherwise `license_required`. Each requirement's review policy is its own, replaced by the
//      newest firing review_policy rule that overrides it; the decision reports the most
//      restrictive (denial > case-by-case > approval).
// Conditions, import-side restrictions (other jurisdictions, e.g. CN), third-country permits and
// guidance are reported beside the outcome. Pure function of its inputs; thread-safe.
#pragma once

#include <cstdint>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/catalog.h"
#include "exportctl/classify.h"
#include "exportctl/countries.h"
#include "exportctl/date.h"
#include "exportctl/rules.h"

namespace exportctl {

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
  std::vector<std::string> end_use;    // tags: supercomputer, military, government, state_funded_datacenter …
  std::vector<std::string> via;        // transit countries
  std::string exporter;                // default: the chip's vendor
  Date as_of;
};

// One restricted-party hit that mattered for the decision.
struct PartyHit {
  std::string party;        // the name screened (end user or owner)
  std::string role;         // "end_user" | "owner"
  std::string list;         // "entity_list", "sdn", "meu", … (normalised list kind)
  std::string entry_name, matched_name, entry_id, source;
  double score = 0;
  std::string band;         // "block" | "review"
  std::optional<Date> listed_on;
  std::string federal_register_notice;
};

// Screens names for the check. Implemented over the screening index; tests may fake it.
class EndUserScreener {
 public:
  virtual ~EndUserScreener() = default;
  // Hits for `name` (block and review bands), best first. REQUIRES: thread-safe.
  virtual std::vector<PartyHit> Screen(std::string_view name, Date as_of) const = 0;
};

enum class Outcome { kNoLicenseRequired, kLicenseException, kLicenseRequired, kProhibited };
std::string_view OutcomeName(Outcome o);  // "no_license_required", …

struct DecisionItem {   // a reported condition, restriction, permit or warning
  const Rule* rule = nullptr;  // null for engine warnings (unknown figures, assumptions)
  std::string text;
};

struct Decision {
  std::string decision_id;  // deterministic: hash of the request, the date and the rule set
  Date as_of;
  Classification classification;
  Outcome outcome = Outcome::kNoLicenseRequired;
  ReviewPolicy review_policy = ReviewPolicy::kNone;
  std::vector<const Rule*> requirements;  // firing licence requirements
  std::vector<const Rule*> exceptions;    // eligible licence exceptions (when they cover all)
  std::vector<std::string> duties;        // of those exceptions
  std::vector<DecisionItem> conditions;
  std::vector<DecisionItem> import_restrictions;
  std::vector<DecisionItem> permits;
  std::vector<DecisionItem> warnings;
  std::vector<const Rule*> deciding_rules;  // everything above, for rule_ids and citations
  std::vector<PartyHit> screening;
  std::vector<RuleTrace> trace;             // when explain
  // Normalised request (defaults filled in), echoed in the JSON.
  std::string destination, ship_from, end_user, end_user_country, end_user_hq, exporter;
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
  // Non-zero: an id of this (rules, catalog) pair that is never given to another pair, so the
  // memo can never serve a classification of a rule set that was freed and whose address was
  // reused (a reload). Engine sets it; zero turns the memo off.
  std::uint64_t memo_id = 0;
};

// Validates the request (country codes, quantity, shares) and decides.
Result<Decision> Check(const CheckContext& ctx, const CheckRequest& request, bool explain = false);

}  // namespace exportctl
