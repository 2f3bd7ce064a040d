// The one mapping between engine results and JSON, shared by the CLI (--format json) and the HTTP
// server, so both print the same stable contract (documented in docs/json-contract.md).
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "common/json_writer.h"
#include "exportctl/catalog.h"
#include "exportctl/classify.h"
#include "exportctl/metrics.h"
#include "exportctl/rules.h"

namespace exportctl::app {

using detail::JsonWriter;

nlohmann::json ChipToJson(const Chip& chip);  // the full catalog entry
// A chip spec given inline as JSON (same keys as a --spec TOML file), validated the same way.
Result<Chip> ChipSpecFromJson(const nlohmann::json& spec);
nlohmann::json RuleSetToJson(const RuleSet& rules);  // {id, revision, content_hash}
nlohmann::json RuleToJson(const Rule& rule);

// The engine's results are written as text (JsonWriter; answers on the hot path never build a
// tree); the *ToJson forms parse that text for callers that assemble larger trees.
void WriteMetrics(JsonWriter& w, const Metrics& m);
void WriteRuleSet(JsonWriter& w, const RuleSet& rules);
void WriteRuleIds(JsonWriter& w, const std::vector<const Rule*>& rules);              // ["id", …]
void WriteCitations(JsonWriter& w, const std::vector<const Rule*>& rules);            // [{cite, evidence, rule_id, url}]
void WriteTrace(JsonWriter& w, const std::vector<RuleTrace>& trace);
// `with_ruleset`: false inside a decision, which names the rule set once at its top.
void WriteClassification(JsonWriter& w, const Classification& c, const RuleSet& rules, bool with_trace, bool with_ruleset);
nlohmann::json MetricsToJson(const Metrics& m);
nlohmann::json ClassificationToJson(const Classification& c, const RuleSet& rules, bool with_trace);
// The tree of what `write` writes (one value).
nlohmann::json ParseWritten(const std::function<void(JsonWriter&)>& write);

}  // namespace exportctl::app
