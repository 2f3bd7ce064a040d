// ISO 4217 currency codes and ISO 3166-1 alpha-2 country codes, for validating licences,
// shipments and NAC notifications: a code must be one the standard assigns, not just three or two
// letters. Thread-safe (immutable tables).
#pragma once

#include <string_view>

namespace exportctl::detail {

bool IsIsoCurrencyCode(std::string_view code);  // "USD", "EUR", "CNY" …
// "CN", "AE" … plus "XK" (Kosovo: user-assigned, but used by BIS and OFAC).
bool IsIsoCountryCode(std::string_view code);

}  // namespace exportctl::detail
