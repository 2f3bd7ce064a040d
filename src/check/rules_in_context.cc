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
  for (int kind = 0; kind < kRuleKindCount; ++kind) {
    const std::vector<const Rule*>& of_kind = rules.OfKind(static_cast<RuleKind>(kind));
    std::vector<uint64_t>& words = may_[kind];
    words.assign((of_kind.size() + 63) / 64, 0);
    for (std::size_t k = 0; k < of_kind.size(); ++k)
      if (of_kind[k]->InForce(as_of) && (!of_kind[k]->when || of_kind[k]->when->Evaluate(ectx, nullptr) != rules::Tri::kFalse))
        words[k / 64] |= uint64_t{1} << (k % 64);
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
