#include <algorithm>

#include <fmt/format.h>

#include "exportctl/classify.h"
#include "rules/chip_facts.h"
#include "rules/expression.h"

namespace exportctl {

namespace {

bool Excludes(const Rule& exclusion, const std::string& eccn) {
  return std::any_of(exclusion.excludes.begin(), exclusion.excludes.end(),
                     [&](const std::string& prefix) { return eccn.starts_with(prefix); });
}

// "pd unknown (die area missing)" for every unknown field the rule reads.
std::string UnknownInputs(const Rule& rule, const rules::Facts& facts, const Metrics& metrics) {
  std::string out;
  for (rules::Field f : rule.when->fields()) {
    if (facts.Known(f)) continue;
    std::string why;
    if (f == rules::Field::kPd) why = metrics.tpp ? " (die area missing)" : " (dense throughput missing)";
    if (f == rules::Field::kTpp) why = " (dense throughput missing)";
    if (!out.empty()) out += ", ";
    out += fmt::format("{} unknown{}", rules::SpecOf(f).name, why);
  }
  return out;
}

void AddTrace(std::vector<RuleTrace>* trace, const Rule* rule, std::string outcome,
              const std::vector<rules::TraceStep>& steps) {
  RuleTrace t{rule, std::move(outcome), {}};
  for (const rules::TraceStep& s : steps)
    t.steps.push_back({s.expression, s.values, std::string(rules::TriName(s.result))});
  trace->push_back(std::move(t));
}

}  // namespace

namespace {

// How strongly a classification controls: undetermined > the lowest precedence that matched >
// the default ECCN. Used to pick the IC that decides an assembly.
int Strength(const Classification& c) {
  if (!c.determined) return 1 << 30;
  for (const Rule* r : c.deciding_rules)
    if (r->kind == RuleKind::kClassification) return (1 << 20) - r->precedence;
  return 0;
}

}  // namespace

Classification Classify(const RuleSet& rule_set, const Chip& chip, Date as_of, bool explain) {
  if (IsAssembly(chip.item_type) && !chip.contains.empty()) {
    // "Computers, electronic assemblies and components containing integrated circuits, any of
    // which…": classify each IC as it sits on this assembly and keep the most controlled.
    Classification best;
    bool have = false;
    std::vector<ContainedClassification> contained;
    for (const ContainedIc& ic : chip.contains) {
      if (!ic.chip) continue;  // resolved by the catalog or the request mapping
      Chip as_mounted = *ic.chip;
      as_mounted.item_type = chip.item_type;
      as_mounted.contains.clear();
      Classification one = Classify(rule_set, as_mounted, as_of, explain);
      contained.push_back({ic.chip->id, ic.chip->name, ic.count, one.eccn});
      if (!have || Strength(one) > Strength(best)) {
        best = std::move(one);
        have = true;
      }
    }
    if (have) {
      best.chip = &chip;
      best.contained = std::move(contained);
      return best;
    }
  }
  Classification c;
  c.as_of = as_of;
  c.chip = &chip;
  c.metrics = ComputeMetrics(chip);
  rules::Facts facts;
  rules::FillChipFacts(chip, c.metrics, &facts);
  rules::EvalContext ctx{&facts, nullptr, as_of};
  std::vector<rules::TraceStep> steps;
  std::vector<rules::TraceStep>* step_sink = explain ? &steps : nullptr;

  struct Verdict {
    const Rule* rule;
    rules::Tri result;
  };
  std::vector<Verdict> exclusions;
  exclusions.reserve(4);
  for (const Rule* r : rule_set.OfKind(RuleKind::kExclusion)) {
    if (!r->InForce(as_of)) continue;
    steps.clear();
    rules::Tri t = r->when->Evaluate(ctx, step_sink);
    exclusions.push_back({r, t});
    if (explain) AddTrace(&c.trace, r, t == rules::Tri::kTrue ? "applies" : t == rules::Tri::kFalse ? "does not apply" : "unknown", steps);
  }

  const bool system = IsAssembly(chip.item_type);
  const Rule* winner = nullptr;
  const Rule* winning_exclusion = nullptr;
  bool unknown_before_winner = false;
  for (const Rule* r : rule_set.OfKind(RuleKind::kClassification)) {
    if (!r->InForce(as_of)) continue;
    steps.clear();
    rules::Tri t = r->when->Evaluate(ctx, step_sink);
    const std::string& eccn = system && !r->system_eccn.empty() ? r->system_eccn : r->eccn;
    std::string outcome = t == rules::Tri::kTrue ? "matched" : t == rules::Tri::kFalse ? "no match" : "unknown";
    // An exclusion that applies removes the match; one that is unknown makes it unknown.
    if (t != rules::Tri::kFalse) {
      for (const Verdict& ex : exclusions) {
        if (ex.result == rules::Tri::kFalse || !Excludes(*ex.rule, eccn)) continue;
        if (ex.result == rules::Tri::kTrue) {
          outcome = fmt::format("excluded by {}", ex.rule->id);
          // It decides whether the rule matched or could not be evaluated (a named part whose
          // figures are unpublished, say): either way the exclusion is why it does not apply.
          if (!winning_exclusion && !winner) winning_exclusion = ex.rule;
          t = rules::Tri::kFalse;
          break;
        }
        t = rules::Tri::kUnknown;
        outcome = fmt::format("unknown (exclusion {} undecided)", ex.rule->id);
      }
    }
    if (winner) {
      if (explain) AddTrace(&c.trace, r, t == rules::Tri::kTrue ? fmt::format("superseded by {}", winner->id) : outcome, steps);
      continue;
    }
    if (t == rules::Tri::kTrue) {
      winner = r;
      if (!unknown_before_winner) c.eccn = eccn;
      c.possible_eccns.push_back(eccn);
    } else if (t == rules::Tri::kUnknown) {
      unknown_before_winner = true;
      c.possible_eccns.push_back(eccn);
      c.unevaluated.push_back(fmt::format("{}: {}", r->id, UnknownInputs(*r, facts, c.metrics)));
    }
    if (explain) AddTrace(&c.trace, r, outcome, steps);
  }

  if (winner && !unknown_before_winner) {
    // "Controlled" means more than anti-terrorism controls: 3A090/4A090 and the .z paragraphs,
    // not the AT-only residual entries (3A991.p, 4A994.l, 5A992.c).
    const EccnEntry* entry = rule_set.FindEccn(c.eccn);
    c.controlled = !entry || std::any_of(entry->reasons.begin(), entry->reasons.end(), [](const std::string& r) { return r != "AT"; });
    // An exclusion that took the item out of a stronger entry decides too (Note 2 -> 3A991.p).
    if (winning_exclusion) c.deciding_rules.push_back(winning_exclusion);
    c.deciding_rules.push_back(winner);
    c.possible_eccns.clear();
  } else if (!unknown_before_winner) {
    c.eccn = rule_set.default_eccn();
    if (winning_exclusion) c.deciding_rules.push_back(winning_exclusion);
    c.possible_eccns.clear();
  } else {
    c.determined = false;
    c.eccn = "undetermined";
    if (!winner) c.possible_eccns.push_back(rule_set.default_eccn());
    // Several rules can name the same ECCN (versions, or 3A090 tiers that map to one 4A090 entry).
    std::vector<std::string> unique;
    for (std::string& e : c.possible_eccns)
      if (std::find(unique.begin(), unique.end(), e) == unique.end()) unique.push_back(std::move(e));
    c.possible_eccns = std::move(unique);
  }
  return c;
}

}  // namespace exportctl
