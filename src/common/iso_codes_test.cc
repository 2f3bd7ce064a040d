#include "common/iso_codes.h"

#include <gtest/gtest.h>

namespace exportctl::detail {
namespace {

// Codes from the standards themselves: ISO 4217 (SIX, list one) and ISO 3166-1 (ISO OBP).
TEST(IsoCodesTest, CurrenciesAreTheAssignedCodes) {
  for (const char* code : {"USD", "EUR", "CNY", "JPY", "TWD", "AED", "MYR", "SGD", "HKD", "KRW", "CHF"})
    EXPECT_TRUE(IsIsoCurrencyCode(code)) << code;
  for (const char* code : {"ABC", "usd", "US", "USDD", "", "RMB", "NTD"}) EXPECT_FALSE(IsIsoCurrencyCode(code)) << code;
}

TEST(IsoCodesTest, CountriesAreTheAssignedCodesAndKosovo) {
  for (const char* code : {"CN", "US", "AE", "MY", "TW", "HK", "MO", "GB", "KP", "IR", "XK"})
    EXPECT_TRUE(IsIsoCountryCode(code)) << code;
  for (const char* code : {"UK", "XX", "EU", "cn", "C", "CHN", "", "ZZ"}) EXPECT_FALSE(IsIsoCountryCode(code)) << code;
}

}  // namespace
}  // namespace exportctl::detail
