// Impact: a candidate rule set over the questions already asked (docs/policy-lab.md).
#include <map>

#include <fmt/format.h>

#include "app/request_mapping.h"
#include "common/json_limits.h"
#include "exportctl/lab.h"

namespace exportctl::lab {

namespace {

WhatIfSide SideOf(const Decision& d) {
  WhatIfSide s;
  s.result = std::string(OutcomeName(d.outcome));
  if (d.review_policy != ReviewPolicy::kNone) s.result += fmt::format(" ({})", ReviewPolicyName(d.review_policy));
  s.result += fmt::format(", eccn {}", d.classification->eccn);
  std::vector<std::string> why;
  for (const Rule* r : d.deciding_rules) s.rule_ids.push_back(r->id);
  if (!s.rule_ids.empty()) why.push_back(fmt::format("decided by {}", fmt::join(s.rule_ids, ", ")));
  for (const Hold& h : d.holds) why.push_back(fmt::format("hold: {}", h.text));
  s.explanation = why.empty() ? "no rule decided" : fmt::format("{}", fmt::join(why, "; "));
  return s;
}

std::string Summary(const Decision& d) {
  std::string out = fmt::format("{} x{} to {}", d.classification->chip ? d.classification->chip->id : "spec",
                                d.quantity, d.destination);
  if (!d.end_user.empty()) out += fmt::format(" for {}", d.end_user);
  return out;
}

// The same request, whatever its source: the text of the JSON object or of the CSV fields.
std::string KeyOf(const ImpactQuestion& q) {
  if (!q.request_json.empty()) return "j" + q.request_json;
  std::string key = "f";
  for (const auto& [k, v] : q.request_fields) key += k + '\x1f' + v + '\x1e';
  return key;
}

}  // namespace

ImpactReport RunImpact(const Engine& in_force, const Engine& candidate, std::vector<ImpactQuestion> questions,
                       Date as_of) {
  ImpactReport report;
  report.as_of = as_of;
  report.in_force_ruleset = DescribeRuleSet(in_force.rules());
  report.candidate_ruleset = DescribeRuleSet(candidate.rules());
  report.rule_diff = DiffRuleSets(in_force.rules(), candidate.rules());

  // Fold questions with the same request into the first of them.
  std::vector<ImpactQuestion> distinct;
  std::map<std::string, std::size_t> seen;
  for (ImpactQuestion& q : questions) {
    auto [it, added] = seen.emplace(KeyOf(q), distinct.size());
    if (added) distinct.push_back(std::move(q));
    else distinct[it->second].alike += 1 + q.alike;
  }

  std::map<std::string, std::size_t> counted;
  for (const ImpactQuestion& q : distinct) {
    auto [slot, added] = counted.emplace(q.source, report.evaluated.size());
    if (added) report.evaluated.emplace_back(q.source, 0);
    report.evaluated[slot->second].second += 1 + q.alike;

    Chip spec;
    Result<CheckRequest> request = Error(ErrorCode::kInvalidArgument, "no request");
    if (!q.request_json.empty()) {
      auto j = detail::ParseJsonBounded(q.request_json, "the request");
      if (!j) {
        report.errors.push_back(fmt::format("{}: {}", q.reference, j.error().message()));
        continue;
      }
      if (j->is_object()) j->erase("as_of");  // decided as of the report's day
      request = app::CheckRequestFromJson(in_force, *j, as_of, &spec);
    } else {
      app::RequestFields fields;
      for (const auto& [k, v] : q.request_fields)
        if (k != "as_of") fields[k] = v;
      request = app::CheckRequestFromFields(in_force, fields, as_of, &spec);
    }
    if (!request) {
      report.errors.push_back(fmt::format("{}: {}", q.reference, request.error().message()));
      continue;
    }
    auto before = in_force.Check(*request);
    auto after = candidate.Check(*request);
    if (!before || !after) {
      report.errors.push_back(fmt::format("{}: {}", q.reference, (!before ? before.error() : after.error()).message()));
      continue;
    }
    WhatIfSide a = SideOf(*before), b = SideOf(*after);
    if (a.result == b.result) continue;
    report.changes.push_back({q.source, q.reference, q.alike, Summary(*before), std::move(a), std::move(b)});
  }
  return report;
}

}  // namespace exportctl::lab
