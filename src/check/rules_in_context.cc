#include "check/rules_in_context.h"

#include <cstring>
#include <string>
#include <unordered_map>

#include "rules/expression.h"

namespace exportctl::detail {
namespace {

// The facts of the context; every other field is unknown while the context is evaluated.
constexpr rules::Field kContextFields[] = {rules::Field::kDestination, rules::Field::kDestinationCountry,
                                           rules::Field::kShipFrom,    rules::Field::kEndUserCountry,
                                           rules::Field::kEndUserHq,   rules::Field::kExporter};

// The context's facts with the date, each ended by a separator (an unknown one as \x01).
void ContextKey(const rules::Facts& facts, Date as_of, std::string* key) {
  key->clear();
  const int32_t days = as_of.days();
  key->append(reinterpret_cast<const char*>(&days), sizeof days);
  for (rules::Field f : kContextFields) {
    if (facts.Known(f)) key->append(facts.String(f));
    else key->push_back('\x01');
    key->push_back('\x1f');
  }
  for (std::string_view tag : facts.tags()) {
    key->append(tag);
    key->push_back('\x1e');
  }
}

}  // namespace

void RulesInContext::Compute(const RuleSet& rules, const Countries& countries, const rules::Facts& facts, Date as_of) {
  rules::Facts context;
  for (rules::Field f : kContextFields)
    if (facts.Known(f)) context.Set(f, facts.String(f));
  context.SetTags(facts.tags());
  const rules::EvalContext ectx{&context, &countries, as_of};
  first_ = rules.rules().data();
  for (int kind = 0; kind < kRuleKindCount; ++kind)
    begin_[kind + 1] = begin_[kind] + static_cast<uint32_t>((rules.OfKind(static_cast<RuleKind>(kind)).size() + 63) / 64);
  begin_[kRuleKindCount + 1] = begin_[kRuleKindCount] + static_cast<uint32_t>((rules.rules().size() + 63) / 64);
  words_.assign(begin_[kRuleKindCount + 1], 0);
  for (int kind = 0; kind < kRuleKindCount; ++kind) {
    const std::vector<const Rule*>& of_kind = rules.OfKind(static_cast<RuleKind>(kind));
    for (std::size_t k = 0; k < of_kind.size(); ++k) {
      const Rule* r = of_kind[k];
      if (!r->InForce(as_of)) continue;
      const rules::Tri t = r->when ? r->when->Evaluate(ectx, nullptr) : rules::Tri::kUnknown;
      if (t == rules::Tri::kFalse) continue;
      Set(begin_[kind], k);
      if (t == rules::Tri::kTrue) Set(begin_[kRuleKindCount], static_cast<std::size_t>(r - first_));
    }
  }
}

const RulesInContext& RulesInContext::Find(const RuleSet& rules, const Countries& countries, const rules::Facts& facts,
                                           Date as_of, uint64_t memo_id) {
  struct Memo {
    uint64_t memo_id = 0;
    std::unordered_map<std::string, RulesInContext> entries;
    std::string key;
    RulesInContext unmemoised;
  };
  thread_local Memo memo;
  if (memo_id == 0) {
    memo.unmemoised.Compute(rules, countries, facts, as_of);
    return memo.unmemoised;
  }
  if (memo.memo_id != memo_id || memo.entries.size() >= 4096) {
    memo.entries.clear();
    memo.memo_id = memo_id;
  }
  ContextKey(facts, as_of, &memo.key);
  auto [it, inserted] = memo.entries.try_emplace(memo.key);
  if (inserted) it->second.Compute(rules, countries, facts, as_of);
  return it->second;
}

}  // namespace exportctl::detail
