#include "ledger/decision.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "ledger/audit_chain.h"
#include "ledger/model.h"
#include "common/json_limits.h"

namespace exportctl::ledger {

using nlohmann::json;

namespace {

Error Bad(std::string message) { return Error(ErrorCode::kInvalidArgument, "decision: " + std::move(message)); }

// A string field, or the first present key of an object field.
std::string StringOrObjectField(const json& j, std::initializer_list<const char*> keys) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object())
    for (const char* k : keys)
      if (j.contains(k) && j[k].is_string()) return j[k].get<std::string>();
  return "";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return ToUpper(a) == ToUpper(b); }

}  // namespace

Result<Decision> ParseDecision(const std::string& json_text) {
  auto parsed = detail::ParseJsonBounded(json_text, "decision");
  if (!parsed.ok()) return parsed.error();
  json j = std::move(parsed).value();
  if (!j.is_object()) return Bad("expected a JSON object (the output of `exportctl check --format json`)");
  Decision d;
  d.sha256 = Sha256Hex(json_text);
  auto req = [&](const char* key, std::string& out) -> Status {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty())
      return Bad(fmt::format("missing `{}`", key));
    out = j[key].get<std::string>();
    return Ok{};
  };
  if (auto s = req("decision_id", d.id); !s) return s.error();
  if (auto s = req("as_of", d.as_of); !s) return s.error();
  if (auto s = req("outcome", d.outcome); !s) return s.error();
  if (!Date::Parse(d.as_of)) return Bad(fmt::format("invalid `as_of` `{}`: expected YYYY-MM-DD", d.as_of));
  static const char* kOutcomes[] = {"no_license_required", "license_required", "license_exception", "prohibited", "hold"};
  if (std::find_if(std::begin(kOutcomes), std::end(kOutcomes), [&](const char* o) { return d.outcome == o; }) ==
      std::end(kOutcomes))
    return Bad(fmt::format("unknown `outcome` `{}`", d.outcome));
  if (j.contains("chip")) d.chip = StringOrObjectField(j["chip"], {"id", "chip_id", "name"});
  if (d.chip.empty()) return Bad("missing `chip`");
  if (j.contains("destination")) d.destination = StringOrObjectField(j["destination"], {"code", "country", "iso2", "id"});
  if (d.destination.empty()) return Bad("missing `destination`");
  if (j.contains("ruleset")) d.ruleset = StringOrObjectField(j["ruleset"], {"id", "name", "version"});
  if (j.contains("rule_ids") && j["rule_ids"].is_array())
    for (const auto& r : j["rule_ids"])
      if (r.is_string()) d.rule_ids.push_back(r.get<std::string>());
  return d;
}

Status CheckOutcomeAllowsBasis(const ShipmentDecision& d, const ShipmentRequest& r) {
  auto refuse = [&](std::string why) {
    return Error(ErrorCode::kRefused, fmt::format("refused: the engine's decision `{}` is `{}`: {}{}", d.decision_id,
                                                  d.outcome, why, d.why.empty() ? "" : " (" + d.why + ")"));
  };
  if (d.outcome == "hold") return refuse("a fact is missing or a screening hit is open; settle it and decide again");
  if (d.outcome == "prohibited") return refuse("no shipment may be recorded");
  switch (r.basis) {
    case ShipmentBasis::kLicence:
      if (d.outcome == "license_required" || d.outcome == "license_exception" || d.outcome == "no_license_required")
        return Ok{};
      break;
    case ShipmentBasis::kLicenceException:
      if (d.outcome != "license_exception") return refuse("no licence exception is available for this shipment");
      if (std::find(d.exceptions.begin(), d.exceptions.end(), r.licence_exception) == d.exceptions.end())
        return refuse(fmt::format("licence exception `{}` is not among those available ({})", r.licence_exception,
                                  d.exceptions.empty() ? "none" : fmt::format("{}", fmt::join(d.exceptions, ", "))));
      return Ok{};
    case ShipmentBasis::kNoLicenceRequired:
      if (d.outcome == "no_license_required") return Ok{};
      return refuse(d.outcome == "license_required" ? "a licence is required (ship under basis `license`)"
                                                    : "ship under basis `license_exception` with the exception named");
  }
  return refuse(fmt::format("basis `{}` is not allowed", ShipmentBasisName(r.basis)));
}

Status CheckClaim(const Decision& claimed, const ShipmentDecision& decided) {
  if (claimed.outcome == decided.outcome) return Ok{};
  return Error(ErrorCode::kRefused,
               fmt::format("refused: the decision sent (`{}`, outcome `{}`) does not match the ledger's own decision "
                           "(`{}`, outcome `{}`{})",
                           claimed.id, claimed.outcome, decided.decision_id, decided.outcome,
                           decided.why.empty() ? "" : ": " + decided.why));
}

Status CheckDecisionSupports(const Decision& d, const ShipmentRequest& r) {
  auto refuse = [&](std::string why) {
    return Error(ErrorCode::kRefused, fmt::format("refused: decision `{}` {}", d.id, why));
  };
  std::string_view needed;
  switch (r.basis) {
    case ShipmentBasis::kNoLicenceRequired: needed = "no_license_required"; break;
    case ShipmentBasis::kLicenceException: needed = "license_exception"; break;
    case ShipmentBasis::kLicence: needed = "license_required"; break;
  }
  if (d.outcome != needed)
    return refuse(fmt::format("has outcome `{}`, which does not allow a shipment under basis `{}`", d.outcome,
                              ShipmentBasisName(r.basis)));
  if (!EqualsIgnoreCase(d.chip, r.chip))
    return refuse(fmt::format("is for chip `{}`, not `{}`", d.chip, r.chip));
  if (!EqualsIgnoreCase(d.destination, r.destination))
    return refuse(fmt::format("is for destination `{}`, not `{}`", d.destination, r.destination));
  if (d.as_of != r.ship_date.ToString())
    return refuse(fmt::format("was made as of {}, not the ship date {}", d.as_of, r.ship_date.ToString()));
  return Ok{};
}

}  // namespace exportctl::ledger
