// What-if: a draft rule set beside the one in force, over the catalog and the golden corpus.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "app/golden.h"
#include "exportctl/lab.h"

namespace exportctl::lab {

namespace {

// "US-EAR-ACS23-3A090.a.2 matched: tpp >= 1600 (tpp = 2368) true; pd >= 5.92 (pd = 2.91) false".
// Shows the deciding rules, the rules that decided on the other side (`other`), and every rule whose
// result was not a plain "no match".
std::string Explain(const Classification& c, const Classification& other) {
  std::string out;
  auto in = [](const std::vector<const Rule*>& v, const Rule* r) {
    return std::any_of(v.begin(), v.end(), [&](const Rule* x) { return x->id == r->id; });
  };
  for (const RuleTrace& t : c.trace) {
    bool deciding = in(c.deciding_rules, t.rule) || in(other.deciding_rules, t.rule);
    if (!deciding && (t.outcome == "no match" || t.outcome == "does not apply")) continue;
    if (!out.empty()) out += "; ";
    out += fmt::format("{} {}:", t.rule->id, t.outcome);
    for (const auto& s : t.steps) out += fmt::format(" [{} ({}) {}]", s.expression, s.values, s.result);
  }
  return out.empty() ? fmt::format("no encoded control matched: {}", c.eccn) : out;
}

WhatIfSide SideOf(const Classification& c, const Classification& other) {
  WhatIfSide s;
  s.result = c.eccn;
  for (const Rule* r : c.deciding_rules) s.rule_ids.push_back(r->id);
  s.explanation = Explain(c, other);
  return s;
}

WhatIfSide SideOf(const Result<nlohmann::json>& j, const std::string& command) {
  WhatIfSide s;
  if (!j.ok()) {
    s.result = "error: " + j.error().message();
    return s;
  }
  const nlohmann::json& v = *j;
  if (command == "check") {
    s.result = v.value("outcome", "");
    if (v.contains("review_policy") && v["review_policy"].is_string())
      s.result += fmt::format(" ({})", v["review_policy"].get<std::string>());
    s.result += fmt::format(", eccn {}", v.value("eccn", ""));
  } else {
    s.result = v.value("eccn", "");
  }
  if (v.contains("rule_ids"))
    for (const auto& id : v["rule_ids"]) s.rule_ids.push_back(id.get<std::string>());
  s.explanation = s.rule_ids.empty() ? "no rule decided" : fmt::format("decided by {}", fmt::join(s.rule_ids, ", "));
  return s;
}

std::string Describe(const RuleSet& r) {
  return fmt::format("{} {} ({})", r.id(), r.revision(), r.content_hash().substr(0, 12));
}

RuleDiff Diff(const RuleSet& a, const RuleSet& b) {
  auto key = [](const Rule& r) { return fmt::format("{} (from {})", r.id, r.effective.from == Date::Min() ? "-" : r.effective.from.ToString()); };
  auto same = [](const Rule& x, const Rule& y) {
    return x.when_text == y.when_text && x.effective.to == y.effective.to && x.status == y.status && x.kind == y.kind &&
           x.eccn == y.eccn && x.review_policy == y.review_policy && x.overrides == y.overrides &&
           x.excludes == y.excludes && x.covers == y.covers && x.precedence == y.precedence && x.prohibited == y.prohibited;
  };
  std::map<std::string, const Rule*> left, right;
  for (const Rule& r : a.rules()) left[key(r)] = &r;
  for (const Rule& r : b.rules()) right[key(r)] = &r;
  RuleDiff d;
  for (const auto& [k, r] : left) {
    auto it = right.find(k);
    if (it == right.end()) d.removed.push_back(k);
    else if (!same(*r, *it->second)) d.modified.push_back(k);
  }
  for (const auto& [k, r] : right)
    if (!left.contains(k)) d.added.push_back(k);
  return d;
}

}  // namespace

WhatIfReport RunWhatIf(const Engine& in_force, const Engine& draft, const std::vector<app::GoldenCase>& cases,
                       Date as_of) {
  WhatIfReport report;
  report.as_of = as_of;
  report.in_force_ruleset = Describe(in_force.rules());
  report.draft_ruleset = Describe(draft.rules());
  report.rule_diff = Diff(in_force.rules(), draft.rules());

  for (const Chip& chip : in_force.catalog().chips()) {
    ++report.chips_evaluated;
    Classification a = Classify(in_force.rules(), chip, as_of, /*explain=*/true);
    Classification b = Classify(draft.rules(), chip, as_of, /*explain=*/true);
    if (a.eccn == b.eccn) continue;
    report.changes.push_back({"classification", chip.id, chip.defined_in, as_of, SideOf(a, b), SideOf(b, a)});
  }

  for (const app::GoldenCase& c : cases) {
    ++report.cases_evaluated;
    auto a = app::RunGoldenCase(in_force, c);
    auto b = app::RunGoldenCase(draft, c);
    if (!a.ok() || !b.ok()) {
      report.case_errors.push_back(fmt::format("{}: {}", c.where, (!a.ok() ? a.error() : b.error()).message()));
      continue;
    }
    WhatIfSide sa = SideOf(a, c.command), sb = SideOf(b, c.command);
    if (sa.result == sb.result) continue;
    Date day;
    if (a->contains("as_of")) {
      if (auto p = Date::Parse((*a)["as_of"].get<std::string>()); p.ok()) day = *p;
    }
    report.changes.push_back({c.command + "_case", c.name, c.where, day, std::move(sa), std::move(sb)});
  }
  return report;
}

}  // namespace exportctl::lab
