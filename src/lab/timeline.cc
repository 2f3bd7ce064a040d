// Status timelines: Engine::Check on every date where the answer can change, merged into intervals.
#include <algorithm>
#include <set>

#include "exportctl/lab.h"

namespace exportctl::lab {

namespace {

std::vector<std::string> Ids(const std::vector<const Rule*>& rules) {
  std::vector<std::string> ids;
  for (const Rule* r : rules) ids.push_back(r->id);
  return ids;
}

TimelineInterval IntervalOf(const Decision& d, Date day) {
  TimelineInterval t;
  t.from = t.to = day;
  t.outcome = d.outcome;
  t.review_policy = d.review_policy;
  t.eccn = d.classification->eccn;
  t.requirement_ids = Ids(d.requirements);
  for (const Rule* r : d.deciding_rules)
    if (r->kind == RuleKind::kReviewPolicy || r->kind == RuleKind::kLicenseException) t.policy_ids.push_back(r->id);
  return t;
}

bool SameStatus(const TimelineInterval& a, const TimelineInterval& b) {
  return a.outcome == b.outcome && a.review_policy == b.review_policy && a.eccn == b.eccn &&
         a.requirement_ids == b.requirement_ids && a.policy_ids == b.policy_ids;
}

// Rules (versions) deciding `b` but not `a`, then those deciding `a` but not `b` ("(ended)"). A new
// version of a rule that kept deciding is named with its start: "US-ISINF-2025-H20 (from 2025-08-08)".
std::vector<std::string> ChangedBy(const Decision& a, const Decision& b) {
  auto deciding = [](const Decision& d) {
    std::set<const Rule*> s;
    for (const Rule* r : d.deciding_rules)
      if (r->kind != RuleKind::kCondition && r->kind != RuleKind::kGuidance && r->kind != RuleKind::kImportRestriction &&
          r->kind != RuleKind::kPermit)
        s.insert(r);
    return s;
  };
  auto has_id = [](const std::set<const Rule*>& s, const std::string& id) {
    return std::any_of(s.begin(), s.end(), [&](const Rule* r) { return r->id == id; });
  };
  std::set<const Rule*> before = deciding(a), after = deciding(b);
  std::vector<std::string> started, ended;
  for (const Rule* r : after)
    if (!before.contains(r))
      started.push_back(has_id(before, r->id) ? r->id + " (from " + r->effective.from.ToString() + ")" : r->id);
  for (const Rule* r : before)
    if (!after.contains(r) && !has_id(after, r->id)) ended.push_back(r->id + " (ended)");
  std::sort(started.begin(), started.end());
  std::sort(ended.begin(), ended.end());
  started.insert(started.end(), ended.begin(), ended.end());
  return started;
}

}  // namespace

Result<Timeline> StatusTimeline(const Engine& engine, const TimelineRequest& asked) {
  // The lab asks about a shipment to a buyer of the destination unless told otherwise (the CLI and
  // the API document the default); the decisions themselves never assume it.
  TimelineRequest request = asked;
  if (request.shipment.end_user_hq.empty()) request.shipment.end_user_hq = request.shipment.destination;
  if (!request.from.valid() || !request.to.valid() || request.to < request.from)
    return Error(ErrorCode::kInvalidArgument, "timeline needs a start date on or before its end date");
  Timeline out;
  out.request = request;
  std::set<Date> dates = {request.from};
  for (Date d : engine.rules().ChangeDates())
    if (request.from < d && d <= request.to) dates.insert(d);
  // Country-group changes of every country the rules may ask about.
  std::vector<std::string> countries = {request.shipment.destination, request.shipment.ship_from,
                                        request.shipment.end_user_hq, request.shipment.end_user_country};
  for (std::string& c : countries) c = std::string(Countries::Normalize(c));
  std::vector<std::vector<std::string>> groups;
  for (const std::string& c : countries) groups.push_back(engine.countries().GroupsOf(c, request.from));
  for (Date d = request.from.AddDays(1); d <= request.to; d = d.AddDays(1)) {
    for (std::size_t i = 0; i < countries.size(); ++i) {
      if (countries[i].empty()) continue;
      std::vector<std::string> g = engine.countries().GroupsOf(countries[i], d);
      if (g != groups[i]) {
        dates.insert(d);
        groups[i] = std::move(g);
      }
    }
  }

  std::optional<Decision> previous;
  for (Date day : dates) {
    CheckRequest r = request.shipment;
    r.as_of = day;
    auto d = engine.Check(r);
    if (!d.ok()) return d.error();
    out.evaluated.push_back(day);
    TimelineInterval next = IntervalOf(*d, day);
    if (!out.intervals.empty() && SameStatus(out.intervals.back(), next)) continue;
    if (!out.intervals.empty()) out.intervals.back().to = day.AddDays(-1);
    if (previous) next.changed_by = ChangedBy(*previous, *d);
    out.intervals.push_back(std::move(next));
    previous = std::move(d).value();
  }
  out.intervals.back().to = request.to;
  return out;
}

}  // namespace exportctl::lab
