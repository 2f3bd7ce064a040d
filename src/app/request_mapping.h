// The one mapping of check-request fields, shared by the CLI options, batch rows (CSV and JSONL),
// golden cases and the HTTP API, so every front end spells and validates a request the same way.
//
// Fields (JSON keys and CSV column names): chip | spec, quantity (alias qty), unit_value, currency,
// ship_from, destination (alias to), end_user, end_user_country, end_user_hq, owners
// ("NAME=SHARE;NAME=SHARE" or [{name, share}]), end_use ("a;b" or [..]), via, exporter, as_of.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exportctl/check.h"
#include "exportctl/engine.h"

namespace exportctl::app {

// A request as text fields (CSV row or CLI options), before validation.
using RequestFields = std::map<std::string, std::string>;

// Builds a CheckRequest. `spec` holds an inline chip spec when the request carries one.
// `default_as_of` is used when the request has no as_of. Every problem is reported.
Result<CheckRequest> CheckRequestFromFields(const Engine& engine, const RequestFields& fields, Date default_as_of);
Result<CheckRequest> CheckRequestFromJson(const Engine& engine, const nlohmann::json& j, Date default_as_of,
                                          Chip* spec);

// "NAME=SHARE" -> Owner; the name may itself contain '='.
Result<Owner> ParseOwner(std::string_view text);

nlohmann::json DecisionToJson(const Decision& d, const RuleSet& rules, bool with_trace);
nlohmann::json PartyHitToJson(const PartyHit& hit);

}  // namespace exportctl::app
