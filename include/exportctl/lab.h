// exportctl::lab: the policy lab. Questions asked of the rule set rather than of one shipment:
//
//   WhatIf          a draft rule set beside the one in force: every catalog classification and every
//                   golden-case result that changes, with both explanations.
//   Impact          a candidate rule set over questions already asked (logged checks, licence
//                   lines, an order book): each whose answer would change, with both explanations.
//   ExploreDesign   for a base chip and a destination on a date, how far each design figure (dense
//                   throughput, die area, memory and interconnect bandwidth) can go and still keep
//                   the part outside each control (or inside a relief such as Note 2 or the
//                   H200-class review gate). Limits are found by sweeping and bisecting the figures
//                   through the rule expressions themselves; no threshold is written in C++.
//   StatusTimeline  a shipment's status on every day since a start date, as intervals.
//   Aggregate       the TPP of an order or cluster and the AI Diffusion caps as a historical
//                   what-if (never enforced).
// Every function is a pure function of its inputs (engines are immutable snapshots); thread-safe.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "exportctl/catalog.h"
#include "exportctl/check.h"
#include "exportctl/date.h"
#include "exportctl/engine.h"
#include "exportctl/error.h"

namespace exportctl {
// The golden corpus (tests/cases: dated questions with their expected answers), loaded and run by
// the service layer; opaque here. RunWhatIf asks every case again under the draft.
struct GoldenCorpus;
}

namespace exportctl::lab {

// ---- What-if ----------------------------------------------------------------------------------

// One side of a change: the result and why.
struct WhatIfSide {
  std::string result;                  // "3A090.a.2" or "license_required (presumption_of_denial)"
  std::vector<std::string> rule_ids;   // the deciding rules
  std::string explanation;             // one line: deciding rules with the values compared
};

struct WhatIfChange {
  std::string kind;     // "classification" (catalog chip) | "classify_case" | "check_case"
  std::string subject;  // chip id, or golden case name
  std::string where;    // chip definition or case file:line
  Date as_of;
  WhatIfSide in_force, draft;
};

struct RuleDiff {
  std::vector<std::string> added, removed, modified;  // "ID (from YYYY-MM-DD)"
  std::vector<std::vector<std::string>> modified_fields;  // per modified rule: the fields that differ
};

// Rules of `b` not in `a`, of `a` not in `b`, and in both with different content; a rule version
// is keyed by its id and effective_from (sorted by that key).
RuleDiff DiffRuleSets(const RuleSet& a, const RuleSet& b);

// "id revision (hash prefix)": how reports name a rule set.
std::string DescribeRuleSet(const RuleSet& r);

struct WhatIfReport {
  Date as_of;                                         // for the catalog classifications
  std::string in_force_ruleset, draft_ruleset;        // "id revision (hash prefix)"
  RuleDiff rule_diff;
  int chips_evaluated = 0, cases_evaluated = 0;
  std::vector<WhatIfChange> changes;                  // catalog first, then cases, in order
  std::vector<std::string> case_errors;               // cases that failed to run on either side
};

// Classifies every catalog chip of `in_force` on `as_of` under both engines' rules and runs every
// golden case (on its own date) under both. REQUIRES: both engines share one catalog directory.
WhatIfReport RunWhatIf(const Engine& in_force, const Engine& draft, const GoldenCorpus& cases, Date as_of);

// ---- Impact of a rule change -------------------------------------------------------------------

// A question answered before (a logged check, a licence line, a pending order), to be asked again
// under a candidate rule set.
struct ImpactQuestion {
  std::string source;     // "decision_log" | "licence" | "orders"
  std::string reference;  // "decision 12", "licence D123: nvidia-h20 to CN for Example Cloud Ltd", "orders.csv:3"
  std::string request_json;                           // a check request object, or (when empty)
  std::vector<std::pair<std::string, std::string>> request_fields;  // a CSV row's fields
  int alike = 0;          // further questions with the same request, folded into this one
};

struct ImpactChange {
  std::string source, reference;
  int alike = 0;
  std::string summary;          // "nvidia-h20 x1000 to CN for Example Cloud Ltd"
  WhatIfSide in_force, candidate;  // result: "license_required (presumption_of_denial), eccn 3A090.a.1"
};

struct ImpactReport {
  Date as_of;                                          // every question is decided as of this day
  std::string in_force_ruleset, candidate_ruleset;     // "id revision (hash prefix)"
  RuleDiff rule_diff;
  std::vector<std::pair<std::string, int>> evaluated;  // per source, in order of first appearance
  std::vector<ImpactChange> changes;                   // in the order of the questions
  std::vector<std::string> errors;                     // "reference: why it could not be decided"
};

// Decides every question as of `as_of` under both engines and lists those whose outcome, review
// policy or ECCN differ, with both explanations. Questions with the same request are folded
// (ImpactQuestion::alike). REQUIRES: both engines share one catalog (Engine::WithRules).
ImpactReport RunImpact(const Engine& in_force, const Engine& candidate, std::vector<ImpactQuestion> questions,
                       Date as_of);

// ---- Design explorer --------------------------------------------------------------------------

enum class DesignFigure { kTpp, kDieArea, kMemoryBandwidth, kInterconnect };
std::string_view DesignFigureName(DesignFigure f);  // "tpp", "die_area", "memory_bandwidth", "interconnect"

// How far one figure can go (others held at the base part's values).
struct DesignLimit {
  DesignFigure figure;
  // "bounded": `limit` is the edge (exclusive); "unbounded": no value in the swept range crosses
  // it; "always": no value of this figure keeps the part on the good side (e.g. a rule naming the
  // chip); "unknown": the base part lacks a figure the sweep needs.
  std::string state;
  // The value on the good side nearest the edge, found from today's part: when the part is on the
  // good side, how far the figure can grow (die area: shrink) before the result flips; when it is
  // on the bad side, the nearest value that puts it on the good side.
  double limit = 0;
  double base = 0;    // today's value (0 when unknown)
  bool base_known = false;
  double margin = 0;  // (limit - base) / base; die area (base - limit) / base. > 0 headroom, < 0 the cut needed
};

struct DesignControl {
  const Rule* rule = nullptr;  // null for the aggregate "any encoded classification control"
  std::string id, title;       // rule id, or "3A090/4A090 (any tier)"
  std::string goal;            // "outside" (a control) | "inside" (a relief: exclusion, review policy, exception)
  bool uncertain = false;      // evidence P-low or I (e.g. the April 2025 bandwidth trigger)
  bool base_on_good_side = false;
  std::vector<DesignLimit> limits;  // one per DesignFigure
  // From the TPP limit: the largest dense throughput per precision the base part could keep
  // (scaled in proportion; with `keep`, only that precision counted). Empty unless TPP is bounded.
  std::vector<std::pair<Precision, double>> max_dense_tops;
};

struct DesignRequest {
  const Chip* base = nullptr;  // REQUIRES: non-null, outlives the report
  std::string destination;
  std::string end_user_hq;     // default: destination
  std::string ship_from = "US";
  Date as_of;
  std::optional<Precision> keep;
};

struct DesignReport {
  DesignRequest request;
  Metrics base_metrics;
  std::string base_eccn, base_outcome, base_review_policy;
  std::vector<DesignControl> controls;  // controls[0]: any classification control
  // When the base part is classified: the TPP just outside every classification control and the
  // controls evaluated at that design point (e.g. the April 2025 bandwidth trigger).
  std::optional<double> derived_tpp;
  std::vector<DesignControl> derived_controls;
};

// Controls considered: the aggregate classification control, then every rule in force of kind
// classification, exclusion, licence requirement, review policy, licence exception or guidance
// that reads a design figure, the ECCN or the chip, and whose result for this shipment holds for
// the base part or changes on a coarse probe of any figure.
Result<DesignReport> ExploreDesign(const Engine& engine, const DesignRequest& request);

// ---- Status timeline --------------------------------------------------------------------------

struct TimelineRequest {
  CheckRequest shipment;  // as_of ignored
  Date from, to;          // inclusive
};

struct TimelineInterval {
  Date from, to;  // inclusive
  Outcome outcome = Outcome::kNoLicenseRequired;
  ReviewPolicy review_policy = ReviewPolicy::kNone;
  std::string eccn;
  std::vector<std::string> requirement_ids;  // firing licence requirements
  std::vector<std::string> policy_ids;       // review policies and exceptions that shaped it
  std::vector<std::string> changed_by;       // rules that started or stopped deciding at `from`
};

struct Timeline {
  TimelineRequest request;
  std::vector<Date> evaluated;  // every date the engine was asked about
  std::vector<TimelineInterval> intervals;
};

// Evaluates Check on `from`, on every rule change date and on every day a country group of the
// destination, ship-from or end-user HQ changes, and merges days of equal status.
Result<Timeline> StatusTimeline(const Engine& engine, const TimelineRequest& request);

// ---- Aggregates -------------------------------------------------------------------------------

struct OrderLine {
  const Chip* chip = nullptr;
  double quantity = 0;
};

struct AggregateLine {
  const Chip* chip = nullptr;
  double quantity = 0;
  std::optional<double> unit_tpp;
  double total_tpp = 0;
};

struct DiffusionCapView {
  std::string rule_id;   // the AI Diffusion licence requirement (status not_enforced)
  bool rule_found = false;
  std::string tier;      // "tier1" | "tier2" | "tier3" for the destination
  double country_cap_tpp = 0, lpp_cap_tpp = 0;
  double share_of_country_cap = 0, share_of_lpp_cap = 0;
  bool within_lpp = false;
  std::string verdict;   // what it would have meant, one line
};

struct AggregateReport {
  std::vector<AggregateLine> lines;
  double total_tpp = 0;
  double units = 0;
  std::vector<std::string> unknown;  // chips without a TPP
  std::string destination;
  Date as_of;
  DiffusionCapView diffusion;
};

// Caps of the Framework for AI Diffusion (regulation.md §2.6): never enforced, kept as data here.
struct DiffusionCaps {
  double country_tpp = 790'000'000;  // per Tier-2 country, 2025-2027
  double lpp_tpp = 26'900'000;       // low-processing-performance allowance per consignee-year
};

Result<AggregateReport> Aggregate(const Engine& engine, const std::vector<OrderLine>& lines,
                                  const std::string& destination, Date as_of, const DiffusionCaps& caps = {});

}  // namespace exportctl::lab
