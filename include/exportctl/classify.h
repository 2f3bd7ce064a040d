// exportctl::Classify: what a chip is under the rules in force on a date, and why.
//
// Classification evaluates the rule set's `classification` and `exclusion` rules in force on
// `as_of` against the chip's metrics. The winner is the matching classification rule with the
// lowest precedence that no exclusion removes. When a figure a rule needs is unknown (e.g. PD
// without a die area) and that could change the answer, the result is "undetermined" with the
// ECCNs still possible — never a guess. Pure function of its inputs; thread-safe.
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

struct Classification {
  Date as_of;
  const Chip* chip = nullptr;  // REQUIRES: outlives the Classification
  Metrics metrics;
  std::string eccn;                        // "3A090.a.1", "4A090.a", the default ECCN, or "undetermined"
  bool controlled = false;                 // an encoded control (3A090/4A090) applies
  bool determined = true;                  // false when unknown figures leave several answers open
  std::vector<std::string> possible_eccns; // when !determined
  std::vector<const Rule*> deciding_rules; // the classification rule and any exclusion that decided
  std::vector<std::string> unevaluated;    // "US-EAR-ACS23-3A090.a.2: pd unknown (die area missing)"
  std::vector<RuleTrace> trace;            // filled when explain is on
};

Classification Classify(const RuleSet& rules, const Chip& chip, Date as_of, bool explain = false);

}  // namespace exportctl
