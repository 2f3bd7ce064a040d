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
// Valid ISO 4217 shape: three upper-case letters.
bool IsCurrencyCode(std::string_view s);
// Valid ISO 3166 alpha-2 shape: two upper-case letters.
bool IsCountryCode(std::string_view s);
std::string ToUpper(std::string_view s);
// "USD 1,234.56".
std::string FormatMoney(std::int64_t minor, std::string_view currency);
// "2026Q1" for a YYYY-MM-DD day.
std::string QuarterOf(const std::string& ymd);

}  // namespace exportctl::ledger
