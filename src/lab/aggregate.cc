// Order and cluster TPP, and the AI Diffusion caps as a historical what-if (never enforced).
#include <fmt/format.h>

#include "exportctl/lab.h"
#include "rules/expression.h"
#include "rules/facts.h"

namespace exportctl::lab {

namespace {

// The destination's AI Diffusion tier, read from the (not enforced) rule itself: the rule fires for
// a 3A090.a.1 item outside Tier 1; Tier 3 are the D:5 countries and Macau (arms-embargoed).
void FillTier(const Engine& engine, const std::string& destination, Date as_of, DiffusionCapView* view) {
  const Rule* aid = nullptr;
  for (const Rule* r : engine.rules().OfKind(RuleKind::kLicenseRequirement))
    if (r->id.find("AID25") != std::string::npos) aid = r;
  if (!aid) return;
  view->rule_id = aid->id;
  view->rule_found = true;
  rules::Facts facts;
  facts.Set(rules::Field::kEccn, std::string_view("3A090.a.1"));
  facts.Set(rules::Field::kDestination, std::string_view(destination));
  rules::EvalContext ctx{&facts, &engine.countries(), as_of};
  bool outside_tier1 = aid->when->Evaluate(ctx) == rules::Tri::kTrue;
  if (!outside_tier1) view->tier = "tier1";
  else if (engine.countries().InGroup(destination, "D:5", as_of) || destination == "MO") view->tier = "tier3";
  else view->tier = "tier2";
}

}  // namespace

Result<AggregateReport> Aggregate(const Engine& engine, const std::vector<OrderLine>& lines,
                                  const std::string& destination, Date as_of, const DiffusionCaps& caps) {
  if (lines.empty()) return Error(ErrorCode::kInvalidArgument, "an order needs at least one line");
  AggregateReport out;
  auto dest = engine.countries().Validate(destination);
  if (!dest.ok()) return dest.error();
  out.destination = std::string(Countries::Normalize(*dest));
  out.as_of = as_of;
  for (const OrderLine& l : lines) {
    if (!l.chip) return Error(ErrorCode::kInvalidArgument, "order line without a chip");
    if (!(l.quantity > 0)) return Error(ErrorCode::kInvalidArgument, fmt::format("quantity for `{}` must be positive", l.chip->id));
    AggregateLine a{l.chip, l.quantity, ComputeMetrics(*l.chip).tpp, 0};
    if (a.unit_tpp) a.total_tpp = *a.unit_tpp * l.quantity;
    else out.unknown.push_back(l.chip->id);
    out.total_tpp += a.total_tpp;
    out.units += l.quantity;
    out.lines.push_back(a);
  }

  DiffusionCapView& v = out.diffusion;
  v.country_cap_tpp = caps.country_tpp;
  v.lpp_cap_tpp = caps.lpp_tpp;
  v.share_of_country_cap = out.total_tpp / caps.country_tpp;
  v.share_of_lpp_cap = out.total_tpp / caps.lpp_tpp;
  v.within_lpp = out.total_tpp <= caps.lpp_tpp;
  FillTier(engine, out.destination, as_of, &v);
  if (!v.rule_found) {
    v.verdict = "the rule set has no AI Diffusion rule";
  } else if (v.tier == "tier1") {
    v.verdict = fmt::format("{} was Tier 1: no cap would have applied (rule never enforced)", out.destination);
  } else if (v.tier == "tier3") {
    v.verdict = fmt::format("{} was Tier 3: presumption of denial, no allowance (rule never enforced)", out.destination);
  } else {
    v.verdict = fmt::format(
        "{} was Tier 2: the order would have used {:.2f}% of the country cap and {:.1f}% of one consignee's "
        "annual LPP allowance ({}) (rule never enforced)",
        out.destination, 100 * v.share_of_country_cap, 100 * v.share_of_lpp_cap,
        v.within_lpp ? "licence-free under LPP" : "over LPP: licence counted against the country cap");
  }
  return out;
}

}  // namespace exportctl::lab
