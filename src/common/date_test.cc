#include "exportctl/date.h"

#include <gtest/gtest.h>

namespace exportctl {
namespace {

TEST(DateTest, ParsesAndPrintsIsoDates) {
  auto d = Date::Parse("2023-11-17");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2023-11-17");
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
  EXPECT_EQ(Date::Parse("2024-02-29")->ToString(), "2024-02-29");
}

TEST(DateTest, RejectsImpossibleAndMalformedDates) {
  for (const char* bad : {"2025-02-30", "2023-13-01", "2023-1-01", "20231117", "", "2023-11-17x", "abcd-ef-gh",
                          "2023-02-29"}) {
    auto d = Date::Parse(bad);
    EXPECT_FALSE(d.ok()) << bad;
  }
  EXPECT_EQ(Date::Parse("2025-02-30").error().message(), "invalid date `2025-02-30`: no such day");
}

TEST(DateTest, OrdersAndRanges) {
  Date a = *Date::Parse("2023-11-16"), b = *Date::Parse("2023-11-17");
  EXPECT_LT(a, b);
  EXPECT_EQ(a.AddDays(1), b);
  DateRange r{b, Date::Max()};
  EXPECT_FALSE(r.Contains(a));
  EXPECT_TRUE(r.Contains(b));
  EXPECT_TRUE(r.Overlaps(DateRange{a, b}));
  EXPECT_FALSE(r.Overlaps(DateRange{Date::Min(), a}));
}

}  // namespace
}  // namespace exportctl
