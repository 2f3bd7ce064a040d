// The one mapping of check-request fields, shared by the CLI options, batch rows (CSV and JSONL),
// golden cases and the HTTP API, so every front end spells and validates a request the same way.
//
// Fields (JSON keys and CSV column names): chip | spec, quantity (alias qty), unit_value, currency,
// ship_from, destination (alias to), end_user, end_user_country, end_user_hq, owners
// ("NAME=SHARE;NAME=SHARE" or [{name, share}]), end_use ("a;b" or [..]), via, exporter, as_of,
// origin, us_content, us_technology (yes|no), end_user_type, contains ("8x H20;2x L20" or
// [{chip, count}]: a board or system described by the ICs it carries).
#pragma once

#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/json_writer.h"
#include "exportctl/check.h"
#include "exportctl/engine.h"

namespace exportctl::app {

using detail::JsonWriter;

// A request as text fields (CSV row or CLI options), before validation.
using RequestFields = std::map<std::string, std::string>;

// Builds a CheckRequest. `spec` holds an inline chip spec when the request carries one.
// `default_as_of` is used when the request has no as_of. Every problem is reported.
// `holder` keeps an assembly built from `contains` (it must outlive the request); null refuses it.
Result<CheckRequest> CheckRequestFromFields(const Engine& engine, const RequestFields& fields, Date default_as_of,
                                            Chip* holder = nullptr);
// The board or system `base` (or, when null, a new system) carrying the ICs listed in `text`
// ("8x H20; 2x L20"), written into *holder. Each IC must be a catalog IC.
Result<const Chip*> ApplyContains(const Engine& engine, std::string_view text, const Chip* base, Chip* holder);
Result<CheckRequest> CheckRequestFromJson(const Engine& engine, const nlohmann::json& j, Date default_as_of,
                                          Chip* spec);

// The item a JSON request names: exactly one of `chip` (a catalog id or alias) or `spec` (an
// inline spec, parsed into *holder, which must outlive the answer). Errors name the field.
Result<const Chip*> ChipOrSpecFromJson(const Engine& engine, const nlohmann::json& request, Chip* holder);

// "NAME=SHARE" -> Owner; the name may itself contain '='.
Result<Owner> ParseOwner(std::string_view text);

// A decision as JSON text (docs/json-contract.md), written without an intermediate tree: this is
// on the path of every check answered.
std::string DecisionJson(const Decision& d, const RuleSet& rules, bool with_trace);
// What the decision log keeps of it: the request, the outcome and what decided it — as_of,
// decision_id, duties, eccn, exceptions_unavailable, holds, license_exceptions, outcome, request,
// review_policy, rule_ids, screening, waived. Citations, texts and the classification's details
// follow from the rule ids and the rule set's content hash, which the log entry records.
std::string DecisionRecordJson(const Decision& d, const RuleSet& rules);
nlohmann::json DecisionToJson(const Decision& d, const RuleSet& rules, bool with_trace);  // DecisionJson, parsed
// [{id, sha256, version}] of the list versions a decision was screened against.
void WriteListVersions(JsonWriter& w, std::span<const ListVersion> lists);
void WritePartyHit(JsonWriter& w, const PartyHit& hit);

}  // namespace exportctl::app
