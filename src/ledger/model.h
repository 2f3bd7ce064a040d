// Internal helpers for the ledger model: validation and normalisation of licences, and the
// canonical JSON stored for a licence version.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "exportctl/ledger.h"

namespace exportctl::ledger {

// Upper-cases destinations and currency, trims names; refuses a licence that cannot be a budget.
Status NormalizeLicence(Licence& licence);
// The stored body of a licence version (without the ledger-set version, reason, timestamp).
nlohmann::json LicenceBody(const Licence& licence);
bool IsCurrencyCode(std::string_view s);  // an assigned ISO 4217 code (common/iso_codes.h)
bool IsCountryCode(std::string_view s);   // an assigned ISO 3166-1 alpha-2 code (common/iso_codes.h)
bool IsEccn(std::string_view s);         // "3A090.a", "4A090", "5A992.z.1", "EAR99"
bool IsChipId(std::string_view s);       // a catalog id's form: "nvidia-h20" (lower case, digits, - . _)
std::string ToUpper(std::string_view s);
bool OneLine(std::string_view s);         // no line break and no NUL: a field shown on one line
// The basis as the ledger's rows, chain payloads and idempotency fingerprints spell it
// (`licence`, `licence_exception`, `no_licence_required`). Frozen: entries recorded before the JSON
// took the regulation's spelling (`ShipmentBasisName`: `license_exception` …) keep verifying, and
// a retry sent before an upgrade is still recognised.
std::string_view StoredShipmentBasisName(ShipmentBasis b);
// "USD 1,234.56".
std::string FormatMoney(std::int64_t minor, std::string_view currency);
// "2026Q1" for a YYYY-MM-DD day.
std::string QuarterOf(const std::string& ymd);

}  // namespace exportctl::ledger
