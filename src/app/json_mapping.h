// The one mapping between engine results and JSON, shared by the CLI (--format json) and the HTTP
// server, so both print the same stable contract (documented in docs/json-contract.md).
#pragma once

#include <nlohmann/json.hpp>

#include "exportctl/catalog.h"
#include "exportctl/classify.h"
#include "exportctl/metrics.h"
#include "exportctl/rules.h"

namespace exportctl::app {

nlohmann::json ChipToJson(const Chip& chip);  // the full catalog entry
// A chip spec given inline as JSON (same keys as a --spec TOML file), validated the same way.
Result<Chip> ChipSpecFromJson(const nlohmann::json& spec);
nlohmann::json MetricsToJson(const Metrics& m);
nlohmann::json RuleSetToJson(const RuleSet& rules);  // {id, revision, content_hash}
nlohmann::json RuleToJson(const Rule& rule);
nlohmann::json CitationsToJson(const std::vector<const Rule*>& rules);
nlohmann::json TraceToJson(const std::vector<RuleTrace>& trace);
nlohmann::json ClassificationToJson(const Classification& c, const RuleSet& rules, bool with_trace);

}  // namespace exportctl::app
