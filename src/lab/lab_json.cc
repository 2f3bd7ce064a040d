#include "lab/lab_json.h"

namespace exportctl::lab {

using nlohmann::json;

namespace {

json SideToJson(const WhatIfSide& s) {
  return {{"result", s.result}, {"rule_ids", s.rule_ids}, {"explanation", s.explanation}};
}

json RuleDiffToJson(const RuleDiff& d) {
  return {{"added", d.added}, {"removed", d.removed}, {"modified", d.modified}};
}

json LimitToJson(const DesignLimit& l) {
  json j = {{"figure", DesignFigureName(l.figure)}, {"state", l.state}};
  j["base"] = l.base_known ? json(l.base) : json(nullptr);
  j["limit"] = l.state == "bounded" ? json(l.limit) : json(nullptr);
  j["margin"] = l.state == "bounded" && l.base_known ? json(l.margin) : json(nullptr);
  return j;
}

json ControlsToJson(const std::vector<DesignControl>& controls) {
  json out = json::array();
  for (const DesignControl& c : controls) {
    json limits = json::array();
    for (const DesignLimit& l : c.limits) limits.push_back(LimitToJson(l));
    json tops = json::object();
    for (const auto& [p, v] : c.max_dense_tops) tops[std::string(PrecisionName(p))] = v;
    out.push_back({{"id", c.id},
                   {"title", c.title},
                   {"kind", c.rule ? json(RuleKindName(c.rule->kind)) : json("classification")},
                   {"evidence", c.rule ? json(EvidenceName(c.rule->evidence)) : json(nullptr)},
                   {"goal", c.goal},
                   {"uncertain", c.uncertain},
                   {"base_on_good_side", c.base_on_good_side},
                   {"limits", limits},
                   {"max_dense_tops", tops}});
  }
  return out;
}

}  // namespace

json WhatIfToJson(const WhatIfReport& r) {
  json changes = json::array();
  for (const WhatIfChange& c : r.changes)
    changes.push_back({{"kind", c.kind},
                       {"subject", c.subject},
                       {"where", c.where},
                       {"as_of", c.as_of.valid() ? json(c.as_of.ToString()) : json(nullptr)},
                       {"in_force", SideToJson(c.in_force)},
                       {"draft", SideToJson(c.draft)}});
  return {{"as_of", r.as_of.ToString()},
          {"in_force_ruleset", r.in_force_ruleset},
          {"draft_ruleset", r.draft_ruleset},
          {"rule_diff", RuleDiffToJson(r.rule_diff)},
          {"chips_evaluated", r.chips_evaluated},
          {"cases_evaluated", r.cases_evaluated},
          {"changes", changes},
          {"case_errors", r.case_errors}};
}

json ImpactToJson(const ImpactReport& r) {
  json changes = json::array();
  for (const ImpactChange& c : r.changes)
    changes.push_back({{"source", c.source},
                       {"reference", c.reference},
                       {"alike", c.alike},
                       {"summary", c.summary},
                       {"in_force", SideToJson(c.in_force)},
                       {"candidate", SideToJson(c.candidate)}});
  json evaluated = json::object();
  for (const auto& [source, n] : r.evaluated) evaluated[source] = n;
  return {{"as_of", r.as_of.ToString()},
          {"in_force_ruleset", r.in_force_ruleset},
          {"candidate_ruleset", r.candidate_ruleset},
          {"rule_diff", RuleDiffToJson(r.rule_diff)},
          {"evaluated", evaluated},
          {"changes", changes},
          {"errors", r.errors}};
}

json DesignToJson(const DesignReport& r) {
  const DesignRequest& q = r.request;
  json j = {{"chip", {{"id", q.base->id}, {"name", q.base->name}, {"designed_for", DesignedForName(q.base->designed_for)}}},
            {"destination", q.destination},
            {"end_user_hq", q.end_user_hq},
            {"ship_from", q.ship_from},
            {"as_of", q.as_of.ToString()},
            {"keep", q.keep ? json(PrecisionName(*q.keep)) : json(nullptr)},
            {"base", {{"tpp", r.base_metrics.tpp ? json(*r.base_metrics.tpp) : json(nullptr)},
                      {"pd", r.base_metrics.pd ? json(*r.base_metrics.pd) : json(nullptr)},
                      {"eccn", r.base_eccn},
                      {"outcome", r.base_outcome},
                      {"review_policy", r.base_review_policy}}},
            {"controls", ControlsToJson(r.controls)}};
  j["derived"] = r.derived_tpp ? json{{"tpp", *r.derived_tpp}, {"controls", ControlsToJson(r.derived_controls)}} : json(nullptr);
  return j;
}

json TimelineToJson(const Timeline& t) {
  const CheckRequest& s = t.request.shipment;
  json intervals = json::array();
  for (const TimelineInterval& i : t.intervals)
    intervals.push_back({{"from", i.from.ToString()},
                         {"to", i.to.ToString()},
                         {"outcome", OutcomeName(i.outcome)},
                         {"review_policy", i.review_policy == ReviewPolicy::kNone ? json(nullptr) : json(ReviewPolicyName(i.review_policy))},
                         {"eccn", i.eccn},
                         {"requirement_ids", i.requirement_ids},
                         {"policy_ids", i.policy_ids},
                         {"changed_by", i.changed_by}});
  json evaluated = json::array();
  for (Date d : t.evaluated) evaluated.push_back(d.ToString());
  return {{"chip", {{"id", s.chip->id}, {"name", s.chip->name}}},
          {"destination", s.destination},
          {"end_user", s.end_user},
          {"end_user_hq", s.end_user_hq},
          {"ship_from", s.ship_from},
          {"from", t.request.from.ToString()},
          {"to", t.request.to.ToString()},
          {"intervals", intervals},
          {"evaluated_dates", evaluated}};
}

json AggregateToJson(const AggregateReport& r) {
  json lines = json::array();
  for (const AggregateLine& l : r.lines)
    lines.push_back({{"chip", l.chip->id},
                     {"name", l.chip->name},
                     {"quantity", l.quantity},
                     {"unit_tpp", l.unit_tpp ? json(*l.unit_tpp) : json(nullptr)},
                     {"total_tpp", l.total_tpp}});
  const DiffusionCapView& d = r.diffusion;
  return {{"destination", r.destination},
          {"as_of", r.as_of.ToString()},
          {"lines", lines},
          {"units", r.units},
          {"total_tpp", r.total_tpp},
          {"unknown_tpp", r.unknown},
          {"ai_diffusion",
           {{"enforced", false},
            {"note", "historical what-if: the Framework for AI Diffusion was rescinded and never enforced"},
            {"rule_id", d.rule_id},
            {"tier", d.tier},
            {"country_cap_tpp", d.country_cap_tpp},
            {"lpp_cap_tpp", d.lpp_cap_tpp},
            {"share_of_country_cap", d.share_of_country_cap},
            {"share_of_lpp_cap", d.share_of_lpp_cap},
            {"within_lpp", d.within_lpp},
            {"verdict", d.verdict}}}};
}

}  // namespace exportctl::lab
