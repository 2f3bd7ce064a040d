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

}  // namespace

std::string DescribeRuleSet(const RuleSet& r) {
  return fmt::format("{} {} ({})", r.id(), r.revision(), r.content_hash().substr(0, 12));
}

// The fields of two versions of a rule that differ (everything that can change a decision or what
// it says; not the file location).
static std::vector<std::string> ChangedFields(const Rule& x, const Rule& y) {
  std::vector<std::string> out;
  auto field = [&](const char* name, bool same) {
    if (!same) out.emplace_back(name);
  };
  auto cites = [](const Rule& r) {
    std::string s;
    for (const Citation& c : r.citations) s += c.cite + '\x1f' + c.url + '\x1e';
    return s;
  };
  field("kind", x.kind == y.kind);
  field("when", x.when_text == y.when_text);
  field("effective_to", x.effective.to == y.effective.to);
  field("status", x.status == y.status);
  field("evidence", x.evidence == y.evidence);
  field("citations", cites(x) == cites(y));
  field("title", x.title == y.title);
  field("message", x.message == y.message);
  field("jurisdiction", x.jurisdiction == y.jurisdiction);
  field("regime", x.regime == y.regime);
  field("part", x.part == y.part);
  field("eccn", x.eccn == y.eccn && x.system_eccn == y.system_eccn);
  field("precedence", x.precedence == y.precedence);
  field("excludes", x.excludes == y.excludes);
  field("review_policy", x.review_policy == y.review_policy);
  field("overrides", x.overrides == y.overrides);
  field("prohibited", x.prohibited == y.prohibited);
  field("allowed_exceptions", x.allowed_exceptions == y.allowed_exceptions);
  field("exception", x.exception == y.exception && x.covers == y.covers && x.duties == y.duties);
  field("not_with_parts", x.not_with_parts == y.not_with_parts && x.not_with_except == y.not_with_except);
  field("lifts", x.lifts == y.lifts);
  field("conditions", x.conditions == y.conditions && x.severity == y.severity);
  return out;
}

RuleDiff DiffRuleSets(const RuleSet& a, const RuleSet& b) {
  auto key = [](const Rule& r) { return fmt::format("{} (from {})", r.id, r.effective.from == Date::Min() ? "-" : r.effective.from.ToString()); };
  std::map<std::string, const Rule*> left, right;
  for (const Rule& r : a.rules()) left[key(r)] = &r;
  for (const Rule& r : b.rules()) right[key(r)] = &r;
  RuleDiff d;
  for (const auto& [k, r] : left) {
    auto it = right.find(k);
    if (it == right.end()) {
      d.removed.push_back(k);
    } else if (auto fields = ChangedFields(*r, *it->second); !fields.empty()) {
      d.modified.push_back(k);
      d.modified_fields.push_back(std::move(fields));
    }
  }
  for (const auto& [k, r] : right)
    if (!left.contains(k)) d.added.push_back(k);
  return d;
}

WhatIfReport RunWhatIf(const Engine& in_force, const Engine& draft, const GoldenCorpus& cases, Date as_of) {
  WhatIfReport report;
  report.as_of = as_of;
  report.in_force_ruleset = DescribeRuleSet(in_force.rules());
  report.draft_ruleset = DescribeRuleSet(draft.rules());
  report.rule_diff = DiffRuleSets(in_force.rules(), draft.rules());

  for (const Chip& chip : in_force.catalog().chips()) {
    ++report.chips_evaluated;
    Classification a = Classify(in_force.rules(), chip, as_of, /*explain=*/true);
    Classification b = Classify(draft.rules(), chip, as_of, /*explain=*/true);
    if (a.eccn == b.eccn) continue;
    report.changes.push_back({"classification", chip.id, chip.defined_in, as_of, SideOf(a, b), SideOf(b, a)});
  }

  for (const app::GoldenCase& c : cases.cases) {
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
