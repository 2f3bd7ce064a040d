#include "exportctl/countries.h"

#include <gtest/gtest.h>

namespace exportctl {
namespace {

const Countries& Groups() {
  static const Countries c = [] {
    auto r = Countries::Load(std::string(EXPORTCTL_SOURCE_DIR) + "/data/countries/groups.toml");
    if (!r.ok()) ADD_FAILURE() << r.error().ToString();
    return std::move(r).value();
  }();
  return c;
}

Date D(const char* s) { return *Date::Parse(s); }

TEST(CountriesTest, IsoCodesFromIcu) {
  EXPECT_EQ(*Groups().Validate("cn"), "CN");
  EXPECT_EQ(*Groups().Validate("MO"), "MO");
  EXPECT_FALSE(Groups().Validate("XX").ok());
  EXPECT_FALSE(Groups().Validate("CHN").ok());
  EXPECT_EQ(Groups().Validate("ZZ").error().message(), "unknown country code `ZZ` (ISO 3166-1 alpha-2, e.g. CN, US, MO)");
  EXPECT_EQ(Groups().Name("CN"), "China");
}

TEST(CountriesTest, HongKongIsChina) {
  EXPECT_TRUE(Groups().InGroup("HK", "D:5", D("2024-01-01")));
  EXPECT_EQ(Countries::Normalize("HK"), "CN");
}

TEST(CountriesTest, DatedMemberships) {
  // Nicaragua into D:1 and D:5 on 2024-03-15.
  EXPECT_FALSE(Groups().InGroup("NI", "D:5", D("2024-03-14")));
  EXPECT_TRUE(Groups().InGroup("NI", "D:5", D("2024-03-15")));
  EXPECT_TRUE(Groups().InGroup("NI", "D:1", D("2024-03-15")));
  // Cambodia out of D:5 about 2026-02-03, stays in D:1.
  EXPECT_TRUE(Groups().InGroup("KH", "D:5", D("2026-02-02")));
  EXPECT_FALSE(Groups().InGroup("KH", "D:5", D("2026-02-03")));
  EXPECT_TRUE(Groups().InGroup("KH", "D:1", D("2026-02-03")));
}

TEST(CountriesTest, IsraelIsInD4AndA6) {
  EXPECT_TRUE(Groups().InGroup("IL", "D:4", D("2024-01-01")));
  EXPECT_TRUE(Groups().InGroup("IL", "A:6", D("2024-01-01")));
  EXPECT_EQ(Groups().GroupsOf("IL", D("2024-01-01")), (std::vector<std::string>{"D:4", "A:6"}));
}

}  // namespace
}  // namespace exportctl
