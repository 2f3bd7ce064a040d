// RulesInContext: which rules may fire in a decision's context, found before any is evaluated.
//
// The context is what every item shipped on one lane on one day shares: where it ships from and to
// (country or region), the end user's country and headquarters, the exporter, the end-use tags and
// the date. Each rule's condition is evaluated on those facts alone, every other fact unknown. The
// rule language's three-valued logic is monotone — a condition false on part of the facts stays
// false however the rest turn out — so a rule left out here can never fire, and one let through is
// evaluated in full by the check — unless its condition is already true on the context alone,
// which settles it as well (Kleene's logic again: true stays true). Found once per context and kept per thread and engine: traffic
// has few contexts (lanes times days), and each decision saves evaluating the rules that cannot
// apply where it goes (embargo rules of other countries, the D:5 rules outside D:5 …).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "exportctl/countries.h"
#include "exportctl/rules.h"
#include "rules/facts.h"

namespace exportctl::detail {

class RulesInContext {
 public:
  // Whether the k-th rule of `kind` (RuleSet::OfKind order) is in force and may fire in this
  // context.
  bool May(RuleKind kind, std::size_t k) const { return Bit(begin_[static_cast<int>(kind)], k); }
  // Whether `r`'s condition is true on the context alone: then it is true on the whole decision.
  // REQUIRES: r is a rule of the rule set this was found for.
  bool Sure(const Rule* r) const { return Bit(begin_[kRuleKindCount], static_cast<std::size_t>(r - first_)); }
  // Calls visit(k) for each k of `kind` that May(kind, k), in order.
  template <typename Visit>
  void ForEach(RuleKind kind, Visit&& visit) const {
    const int i = static_cast<int>(kind);
    for (uint32_t w = begin_[i]; w < begin_[i + 1]; ++w)
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1)
        visit((w - begin_[i]) * std::size_t{64} + static_cast<std::size_t>(__builtin_ctzll(bits)));
  }

  // The rules of `rules` that may fire where `facts` (a decision's facts; only its context fields
  // and tags are read) meet `as_of`. `memo_id`: CheckContext::memo_id (zero: computed afresh).
  // The reference stays valid until the next call on the same thread.
  static const RulesInContext& Find(const RuleSet& rules, const Countries& countries, const rules::Facts& facts,
                                    Date as_of, uint64_t memo_id);

 private:
  void Compute(const RuleSet& rules, const Countries& countries, const rules::Facts& context, Date as_of);
  bool Bit(uint32_t begin, std::size_t k) const { return (words_[begin + k / 64] >> (k % 64)) & 1; }
  void Set(uint32_t begin, std::size_t k) { words_[begin + k / 64] |= uint64_t{1} << (k % 64); }
  // One block, read together: the may-bits of each kind (OfKind order) from begin_[kind], then
  // the sure-bits (RuleSet::rules() order) from begin_[kRuleKindCount].
  std::vector<uint64_t> words_;
  std::array<uint32_t, kRuleKindCount + 2> begin_{};
  const Rule* first_ = nullptr;
};

}  // namespace exportctl::detail
