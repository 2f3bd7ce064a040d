// exportctl::Classify: what a chip is under the rules in force on a date, and why.
//
// Classification evaluates the rule set's `classification` and `exclusion` rules in force on
// `as_of` against the chip's metrics. The winner is the matching classification rule with the
// lowest precedence that no exclusion removes. When a figure a rule needs is unknown (e.g. PD
// without a die area) and that could change the answer, the result is "undetermined" with the
// ECCNs still possible — never a guess. A board or system that lists the ICs it contains is
// classified from them: 4A090.a when any is 3A090.a, 4A994.l when any is 3A991.p (the entries read
// "containing integrated circuits, any of which…"). Pure function of its inputs; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "exportctl/catalog.h"
#include "exportctl/date.h"
#include "exportctl/metrics.h"
#include "exportctl/rules.h"

namespace exportctl {

// One rule considered, for --explain.
struct RuleTrace {
  const Rule* rule;
  std::string outcome;  // "matched", "no match", "unknown", "excluded by <id>", "superseded by <id>"
  struct Step {
    std::string expression, values, result;  // "tpp >= 4800", "tpp = 2368", "false"
  };
  std::vector<Step> steps;
};

// One kind of IC inside a board or system, as classified on that assembly.
struct ContainedClassification {
  std::string chip_id, name;
  int count = 1;
  std::string eccn;  // what the assembly would be from this IC alone
};

struct Classification {
  Date as_of;
  const Chip* chip = nullptr;  // REQUIRES: outlives the Classification
  Metrics metrics;
  std::string eccn;                        // "3A090.a.1", "4A090.a", the default ECCN, or "undetermined"
  bool controlled = false;                 // an entry controlled beyond AT applies (3A090/4A090, .z);
                                           // false for EAR99 and the AT-only 3A991.p/4A994.l/5A992.c
  bool determined = true;                  // false when unknown figures leave several answers open
  std::vector<std::string> possible_eccns; // when !determined
  std::vector<const Rule*> deciding_rules; // the classification rule and any exclusion that decided
  std::vector<std::string> unevaluated;    // "US-EAR-ACS23-3A090.a.2: pd unknown (die area missing)"
  std::vector<RuleTrace> trace;            // filled when explain is on
  // Boards and systems with a `contains` list: each IC's verdict; the most controlled decides, and
  // `metrics` are that IC's figures (never sums over the assembly).
  std::vector<ContainedClassification> contained;
};

Classification Classify(const RuleSet& rules, const Chip& chip, Date as_of, bool explain = false);

}  // namespace exportctl
