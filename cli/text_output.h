// Human-readable renderings shared by CLI commands (JSON lives in src/app/json_mapping.h).
#pragma once

#include <ostream>
#include <string>

#include "exportctl/classify.h"
#include "exportctl/rules.h"

namespace exportctl::cli {

std::string FormatNumber(std::optional<double> v, int decimals = 2);
void PrintClassification(std::ostream& out, const Classification& c, const RuleSet& rules, bool explain);
void PrintTrace(std::ostream& out, const std::vector<RuleTrace>& trace);
void PrintCitations(std::ostream& out, const std::vector<const Rule*>& rules);

}  // namespace exportctl::cli
