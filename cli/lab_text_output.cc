#include "lab_text_output.h"

#include <cmath>

#include <fmt/format.h>

#include "text_output.h"

namespace exportctl::cli {

using lab::DesignControl;
using lab::DesignFigure;
using lab::DesignLimit;

void PrintWhatIf(std::ostream& out, const lab::WhatIfReport& r) {
  out << fmt::format("in force: {}\ndraft:    {}\n", r.in_force_ruleset, r.draft_ruleset);
  out << fmt::format("rules added: {}; removed: {}; modified: {}\n", r.rule_diff.added.empty() ? "none" : fmt::format("{}", fmt::join(r.rule_diff.added, ", ")),
                     r.rule_diff.removed.empty() ? "none" : fmt::format("{}", fmt::join(r.rule_diff.removed, ", ")),
                     r.rule_diff.modified.empty() ? "none" : fmt::format("{}", fmt::join(r.rule_diff.modified, ", ")));
  out << fmt::format("{} catalog chips classified as of {}, {} golden cases on their own dates: {} change(s)\n",
                     r.chips_evaluated, r.as_of.ToString(), r.cases_evaluated, r.changes.size());
  for (const lab::WhatIfChange& c : r.changes) {
    out << fmt::format("\n{} {} ({}{})\n", c.kind, c.subject, c.where, c.as_of.valid() ? ", as of " + c.as_of.ToString() : "");
    out << fmt::format("  in force: {}\n            {}\n", c.in_force.result, c.in_force.explanation);
    out << fmt::format("  draft:    {}\n            {}\n", c.draft.result, c.draft.explanation);
  }
  for (const std::string& e : r.case_errors) out << "case error: " << e << '\n';
}

void PrintImpact(std::ostream& out, const lab::ImpactReport& r) {
  out << fmt::format("in force:  {}\ncandidate: {}\n", r.in_force_ruleset, r.candidate_ruleset);
  auto list = [](const std::vector<std::string>& v) { return v.empty() ? std::string("none") : fmt::format("{}", fmt::join(v, ", ")); };
  out << fmt::format("rules added: {}; removed: {}; modified: {}\n", list(r.rule_diff.added), list(r.rule_diff.removed),
                     list(r.rule_diff.modified));
  std::vector<std::string> counts;
  for (const auto& [source, n] : r.evaluated) counts.push_back(fmt::format("{} {}", n, source));
  out << fmt::format("re-decided as of {}: {}; {} would change\n", r.as_of.ToString(),
                     counts.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(counts, ", ")), r.changes.size());
  for (const lab::ImpactChange& c : r.changes) {
    out << fmt::format("\n{} — {}{}\n", c.reference, c.summary, c.alike ? fmt::format(" (and {} alike)", c.alike) : "");
    out << fmt::format("  in force:  {}\n             {}\n", c.in_force.result, c.in_force.explanation);
    out << fmt::format("  candidate: {}\n             {}\n", c.candidate.result, c.candidate.explanation);
  }
  for (const std::string& e : r.errors) out << "not decided: " << e << '\n';
}

namespace {

std::string Unit(DesignFigure f) {
  switch (f) {
    case DesignFigure::kTpp: return "";
    case DesignFigure::kDieArea: return " mm2";
    default: return " GB/s";
  }
}

std::string LimitText(const DesignLimit& l, bool inside, std::string_view at) {
  if (l.state == "unknown") return "base figure unknown";
  if (l.state == "unbounded") return l.figure == DesignFigure::kDieArea ? "no edge below today's value" : "no edge above today's value";
  if (l.state == "always") return inside ? "no value of this figure alone qualifies" : "no value of this figure alone escapes";
  std::string rel = l.figure == DesignFigure::kDieArea ? ">" : "<";
  std::string text = fmt::format("{} {}{}", rel, FormatNumber(l.limit, 1), Unit(l.figure));
  std::string_view change = l.margin >= 0 ? "headroom" : l.figure == DesignFigure::kDieArea ? "grow" : "cut";
  if (l.base_known) text += fmt::format("  ({} {}{}, {} {:.1f}%)", at, FormatNumber(l.base, 1), Unit(l.figure), change, 100 * std::abs(l.margin));
  return text;
}

void PrintControls(std::ostream& out, const std::vector<DesignControl>& controls, std::string_view at) {
  for (const DesignControl& c : controls) {
    bool inside = c.goal == "inside";
    std::string state = fmt::format("{} {}", inside ? (c.base_on_good_side ? "inside" : "outside") : (c.base_on_good_side ? "outside" : "caught"), at);
    out << fmt::format("\n{}{} - {}\n  {} ({} it){}\n", c.id, c.uncertain ? " [uncertain]" : "", c.title, state,
                       inside ? "relief: stay inside" : "control: stay outside",
                       c.rule ? fmt::format(", evidence {}", EvidenceName(c.rule->evidence)) : "");
    for (const DesignLimit& l : c.limits)
      out << fmt::format("  {:<17} {}\n", lab::DesignFigureName(l.figure), LimitText(l, inside, at));
    if (!c.max_dense_tops.empty()) {
      out << "  max dense TOPS:  ";
      bool first = true;
      for (auto [p, v] : c.max_dense_tops) {
        out << (first ? "" : ", ") << PrecisionName(p) << ' ' << FormatNumber(v, 1);
        first = false;
      }
      out << '\n';
    }
  }
}

}  // namespace

void PrintDesign(std::ostream& out, const lab::DesignReport& r) {
  const lab::DesignRequest& q = r.request;
  out << fmt::format("design explorer: {} ({}, {}) to {} (end-user HQ {}, from {}) as of {}\n", q.base->name, q.base->id,
                     DesignedForName(q.base->designed_for), q.destination, q.end_user_hq, q.ship_from, q.as_of.ToString());
  out << fmt::format("today: TPP {}, PD {}; {}; {}{}\n", FormatNumber(r.base_metrics.tpp, 1), FormatNumber(r.base_metrics.pd),
                     r.base_eccn, r.base_outcome, r.base_review_policy == "none" ? "" : " (" + r.base_review_policy + ")");
  out << "each figure is moved alone, the others held at today's values; limits come from the rule conditions\n";
  PrintControls(out, r.controls, "today");
  if (r.derived_tpp) {
    out << fmt::format("\nat the design point just outside every classification control (TPP {}):\n", FormatNumber(*r.derived_tpp, 1));
    PrintControls(out, r.derived_controls, "at this point");
  }
}

void PrintTimeline(std::ostream& out, const lab::Timeline& t) {
  const CheckRequest& s = t.request.shipment;
  out << fmt::format("status of {} to {}{}{}, from {}, {} to {} ({} dates evaluated)\n", s.chip->name, s.destination,
                     s.end_user.empty() ? "" : ", end user `" + s.end_user + "`", s.end_user_hq.empty() ? "" : ", HQ " + s.end_user_hq,
                     s.ship_from, t.request.from.ToString(), t.request.to.ToString(), t.evaluated.size());
  out << fmt::format("{:<10}  {:<10}  {:<12}  {:<44}  {}\n", "from", "to", "eccn", "outcome", "changed by");
  for (const lab::TimelineInterval& i : t.intervals) {
    std::string outcome(OutcomeName(i.outcome));
    if (i.review_policy != ReviewPolicy::kNone) outcome += fmt::format(" ({})", ReviewPolicyName(i.review_policy));
    out << fmt::format("{}  {}  {:<12}  {:<44}  {}\n", i.from.ToString(), i.to.ToString(), i.eccn, outcome,
                       i.changed_by.empty() ? "-" : fmt::format("{}", fmt::join(i.changed_by, ", ")));
  }
}

void PrintAggregate(std::ostream& out, const lab::AggregateReport& r) {
  out << fmt::format("order to {} as of {}\n", r.destination, r.as_of.ToString());
  for (const lab::AggregateLine& l : r.lines)
    out << fmt::format("  {:>10} x {:<28} TPP {:>10} each  = {:>16}\n", FormatNumber(l.quantity, 0), l.chip->name,
                       FormatNumber(l.unit_tpp, 1), l.unit_tpp ? FormatNumber(l.total_tpp, 0) : "unknown");
  out << fmt::format("total: {} units, TPP {}\n", FormatNumber(r.units, 0), FormatNumber(r.total_tpp, 0));
  if (!r.unknown.empty()) out << fmt::format("TPP unknown (not counted): {}\n", fmt::join(r.unknown, ", "));
  const lab::DiffusionCapView& d = r.diffusion;
  out << "\nAI Diffusion caps - HISTORICAL WHAT-IF, NEVER ENFORCED (rescinded before compliance):\n";
  out << fmt::format("  country cap {} TPP (Tier 2, 2025-2027): {:.3f}% used\n", FormatNumber(d.country_cap_tpp, 0), 100 * d.share_of_country_cap);
  out << fmt::format("  LPP allowance {} TPP per consignee-year: {:.1f}% used\n", FormatNumber(d.lpp_cap_tpp, 0), 100 * d.share_of_lpp_cap);
  out << "  " << d.verdict << '\n';
}

}  // namespace exportctl::cli
