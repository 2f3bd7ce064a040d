// The compliant-design explorer: sweeps one design figure at a time through Engine::Check and
// bisects the edge where each rule's result flips. Thresholds come only from the rule expressions.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "exportctl/lab.h"
#include "rules/expression.h"

namespace exportctl::lab {

std::string_view DesignFigureName(DesignFigure f) {
  switch (f) {
    case DesignFigure::kTpp: return "tpp";
    case DesignFigure::kDieArea: return "die_area";
    case DesignFigure::kMemoryBandwidth: return "memory_bandwidth";
    case DesignFigure::kInterconnect: return "interconnect";
  }
  return "?";
}

namespace {

constexpr DesignFigure kFigures[] = {DesignFigure::kTpp, DesignFigure::kDieArea, DesignFigure::kMemoryBandwidth,
                                     DesignFigure::kInterconnect};
constexpr double kStep = 1.03;        // scan ratio between samples (regions narrower than 3% may be missed)
constexpr int kMaxSteps = 470;        // 1.03^470 ~ 1e6: the sweep spans six decades each way
constexpr int kBisections = 60;

// Larger values of every figure make a part more capable, except die area (PD = TPP / area).
bool LargerIsWorse(DesignFigure f) { return f != DesignFigure::kDieArea; }

std::optional<double> FigureOf(const Chip& chip, const Metrics& m, DesignFigure f) {
  switch (f) {
    case DesignFigure::kTpp: return m.tpp;
    case DesignFigure::kDieArea: return chip.die_area_mm2;
    case DesignFigure::kMemoryBandwidth: return chip.memory_bandwidth_gbs;
    case DesignFigure::kInterconnect: return chip.interconnect_gbs;
  }
  return std::nullopt;
}

// The base part with one figure set to `value` (TPP: every precision scaled in proportion).
Chip Variant(const Chip& base, double base_tpp, DesignFigure f, double value) {
  Chip c = base;
  switch (f) {
    case DesignFigure::kTpp:
      for (auto& t : c.dense_tops)
        if (t) *t *= value / base_tpp;
      break;
    case DesignFigure::kDieArea: c.die_area_mm2 = value; break;
    case DesignFigure::kMemoryBandwidth: c.memory_bandwidth_gbs = value; break;
    case DesignFigure::kInterconnect: c.interconnect_gbs = value; break;
  }
  return c;
}

// Reliefs are rules a part wants to stay inside: exclusions, exceptions, and review policies that
// soften a requirement (a policy of denial is a control like any other).
bool IsRelief(const Rule& r) {
  if (r.kind == RuleKind::kReviewPolicy) return r.review_policy != ReviewPolicy::kPresumptionOfDenial;
  return r.kind == RuleKind::kExclusion || r.kind == RuleKind::kLicenseException;
}

// Whether a rule's condition reads anything a chip design decides.
bool ReadsDesign(const Rule& r) {
  for (rules::Field f : r.when->fields())
    if (f == rules::Field::kTpp || f == rules::Field::kPd || f == rules::Field::kMbd || f == rules::Field::kMemoryBandwidth ||
        f == rules::Field::kInterconnect || f == rules::Field::kDieArea || f == rules::Field::kEccn || f == rules::Field::kChip)
      return true;
  return false;
}

const std::string* TraceOutcome(const std::vector<RuleTrace>& trace, const Rule* r) {
  for (const RuleTrace& t : trace)
    if (t.rule == r) return &t.outcome;
  return nullptr;
}

// Whether the decision leaves the part on the good side of `rule` (null: any classification control).
bool OnGoodSide(const Rule* rule, const Decision& d) {
  const Classification& c = *d.classification;
  if (!rule) return c.determined && !c.controlled;
  switch (rule->kind) {
    case RuleKind::kClassification: {
      const std::string* o = TraceOutcome(c.trace, rule);
      return !o || !(*o == "matched" || o->starts_with("superseded") || o->starts_with("unknown"));
    }
    case RuleKind::kExclusion: {
      const std::string* o = TraceOutcome(c.trace, rule);
      return o && *o == "applies";
    }
    default: {
      const std::string* o = TraceOutcome(d.trace, rule);
      bool fires = o && *o == "fires";
      if (IsRelief(*rule)) return fires;
      return !(fires || (o && *o == "unknown"));
    }
  }
}

class Prober {
 public:
  Prober(const Engine& engine, const DesignRequest& request, const Chip& point)
      : engine_(engine), request_(request), point_(point), metrics_(ComputeMetrics(point)) {}

  const Metrics& metrics() const { return metrics_; }
  const Chip& point() const { return point_; }

  Result<Decision> Evaluate(const Chip& chip) const {
    CheckRequest r;
    r.chip = &chip;
    r.destination = request_.destination;
    r.end_user_hq = request_.end_user_hq;
    r.ship_from = request_.ship_from;
    r.as_of = request_.as_of;
    return engine_.Check(r, /*explain=*/true);
  }
  Result<Decision> EvaluateAt(DesignFigure f, double value) const {
    Chip c = Variant(point_, metrics_.tpp.value_or(1), f, value);
    return Evaluate(c);
  }

  // Sweeps `f` from the point's value towards the good side's edge (or, when the point is on the bad
  // side, towards the nearest good value) and bisects the flip.
  DesignLimit Limit(const Rule* rule, DesignFigure f) const {
    DesignLimit out{f, "unknown"};
    std::optional<double> base = FigureOf(point_, metrics_, f);
    if (!base || (f == DesignFigure::kTpp && *base <= 0)) return out;
    out.base = *base;
    out.base_known = true;
    auto good = [&](double v) {
      auto d = EvaluateAt(f, v);
      return d.ok() && OnGoodSide(rule, *d);
    };
    // Scan samples are shared by every control (the same grid from the same base).
    auto good_at_step = [&](int k, double v) {
      auto key = std::pair{static_cast<int>(f), k};
      auto it = scan_cache_.find(key);
      if (it == scan_cache_.end()) it = scan_cache_.emplace(key, EvaluateAt(f, v)).first;
      return it->second.ok() && OnGoodSide(rule, *it->second);
    };
    const double anchor = *base > 0 ? *base : 1.0;
    const bool base_good = *base > 0 ? good(*base) : good(0.0);
    // Moving "up" worsens the part when larger is worse.
    const bool worse_up = LargerIsWorse(f);
    // Base good: walk towards worse until bad. Base bad: walk towards better until good.
    const bool go_up = base_good ? worse_up : !worse_up;
    double inside = *base, across = 0;
    bool found = false;
    for (int k = 1; k <= kMaxSteps; ++k) {
      double v = go_up ? anchor * std::pow(kStep, k) : anchor * std::pow(kStep, -k);
      if (good_at_step(go_up ? k : -k, v) != base_good) {
        across = v;
        found = true;
        break;
      }
      inside = v;
    }
    if (!found) {
      out.state = base_good ? "unbounded" : "always";
      return out;
    }
    // Bisect between the last sample on the base's side and the first across; keep the good end.
    double lo = std::min(inside, across), hi = std::max(inside, across);
    bool lo_good = good(lo);
    for (int i = 0; i < kBisections && hi - lo > 1e-9 * hi; ++i) {
      double mid = 0.5 * (lo + hi);
      if (good(mid) == lo_good) lo = mid; else hi = mid;
    }
    out.state = "bounded";
    out.limit = lo_good ? lo : hi;
    if (*base > 0) out.margin = worse_up ? (out.limit - *base) / *base : (*base - out.limit) / *base;
    return out;
  }

  // Whether `rule` changes its result anywhere on a coarse probe of any figure.
  bool Sensitive(const Rule* rule, bool base_good) const {
    static constexpr double kProbes[] = {0.05, 0.2, 0.5, 0.9, 0.99, 1.01, 1.1, 2, 5, 20};
    for (DesignFigure f : kFigures) {
      std::optional<double> base = FigureOf(point_, metrics_, f);
      if (!base) continue;
      double anchor = *base > 0 ? *base : 100.0;
      for (double p : kProbes) {
        auto d = EvaluateAt(f, anchor * p);
        if (d.ok() && OnGoodSide(rule, *d) != base_good) return true;
      }
    }
    return false;
  }

 private:
  const Engine& engine_;
  const DesignRequest& request_;
  Chip point_;
  Metrics metrics_;
  mutable std::map<std::pair<int, int>, Result<Decision>> scan_cache_;  // (figure, step) -> decision
};

void FillMaxTops(const Chip& chip, const Metrics& m, std::optional<Precision> keep, DesignControl* ctl) {
  const DesignLimit& tpp = ctl->limits.front();
  if (tpp.state != "bounded" || !m.tpp) return;
  for (Precision p : kAllPrecisions) {
    std::optional<double> v = chip.DenseTops(p);
    if (keep) {
      if (p != *keep) continue;
      // Only `keep` counted: the other precisions are cut to no more than the same TPP.
      double cap = tpp.limit / BitLength(p);
      ctl->max_dense_tops.emplace_back(p, v ? std::min(*v, cap) : cap);
    } else if (v) {
      ctl->max_dense_tops.emplace_back(p, *v * tpp.limit / *m.tpp);
    }
  }
}

Result<std::vector<DesignControl>> Analyse(const Engine& engine, const DesignRequest& request, const Chip& point) {
  Prober prober(engine, request, point);
  auto base = prober.Evaluate(point);
  if (!base.ok()) return base.error();
  std::vector<const Rule*> candidates = {nullptr};
  for (RuleKind k : {RuleKind::kClassification, RuleKind::kExclusion, RuleKind::kLicenseRequirement,
                     RuleKind::kReviewPolicy, RuleKind::kLicenseException, RuleKind::kGuidance})
    for (const Rule* r : engine.rules().InForce(request.as_of, k)) candidates.push_back(r);

  std::vector<DesignControl> out;
  for (const Rule* r : candidates) {
    bool good = OnGoodSide(r, *base);
    if (r && !ReadsDesign(*r)) continue;  // destination- or party-only rules: no design escapes them
    bool relief = r && IsRelief(*r);
    // A control that applies, a relief the part enjoys, or either that a design change would flip.
    bool applies = relief ? good : !good;
    if (r && !applies && !prober.Sensitive(r, good)) continue;
    DesignControl ctl;
    ctl.rule = r;
    ctl.id = r ? r->id : "3A090/4A090";
    ctl.title = r ? r->title : "any encoded classification control (3A090/4A090, any tier)";
    ctl.goal = relief ? "inside" : "outside";
    ctl.uncertain = r && (r->evidence == Evidence::kPLow || r->evidence == Evidence::kI);
    ctl.base_on_good_side = good;
    for (DesignFigure f : kFigures) ctl.limits.push_back(prober.Limit(r, f));
    FillMaxTops(point, prober.metrics(), request.keep, &ctl);
    out.push_back(std::move(ctl));
  }
  return out;
}

}  // namespace

Result<DesignReport> ExploreDesign(const Engine& engine, const DesignRequest& request) {
  DesignReport report;
  report.request = request;
  if (report.request.end_user_hq.empty()) report.request.end_user_hq = request.destination;
  const Chip& base = *request.base;
  report.base_metrics = ComputeMetrics(base);
  CheckRequest probe;
  probe.chip = &base;
  probe.destination = request.destination;
  probe.end_user_hq = report.request.end_user_hq;
  probe.ship_from = request.ship_from;
  probe.as_of = request.as_of;
  auto d = engine.Check(probe);
  if (!d.ok()) return d.error();
  report.base_eccn = d->classification->eccn;
  report.base_outcome = std::string(OutcomeName(d->outcome));
  report.base_review_policy = std::string(ReviewPolicyName(d->review_policy));

  auto controls = Analyse(engine, report.request, base);
  if (!controls.ok()) return controls.error();
  report.controls = std::move(controls).value();

  // The design point just outside every classification control, and what would still apply there
  // (e.g. the April 2025 bandwidth trigger that only looks at unclassified parts).
  const DesignControl& any = report.controls.front();
  const DesignLimit& tpp = any.limits.front();
  if (!any.base_on_good_side && tpp.state == "bounded") {
    report.derived_tpp = tpp.limit;
    Chip point = Variant(base, *report.base_metrics.tpp, DesignFigure::kTpp, tpp.limit);
    auto derived = Analyse(engine, report.request, point);
    if (!derived.ok()) return derived.error();
    report.derived_controls = std::move(derived).value();
  }
  return report;
}

}  // namespace exportctl::lab
