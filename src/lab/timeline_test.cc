// Status timelines for H20 and H200 to China against the dated events of regulation.md §8.
#include <gtest/gtest.h>

#include "exportctl/lab.h"
#include "lab/lab_render.h"
#include "lab/lab_test_util.h"

namespace exportctl::lab {
namespace {

using testing::Bundled;
using testing::D;

Timeline RunTimeline(const char* chip, const char* to, const char* end = "2026-11-23") {
  TimelineRequest r;
  r.shipment.chip = Bundled().catalog().Find(chip);
  r.shipment.destination = to;
  r.from = D("2022-01-01");
  r.to = D(end);
  auto t = StatusTimeline(Bundled(), r);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().ToString());
  return *t;
}

// The interval covering `day`.
const TimelineInterval& On(const Timeline& t, const char* day) {
  Date d = D(day);
  for (const TimelineInterval& i : t.intervals)
    if (i.from <= d && d <= i.to) return i;
  throw std::logic_error("no interval");
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(TimelineTest, H20ToChina) {
  Timeline t = RunTimeline("H20", "CN");
  // No licence until 2025-04-08; the is-informed letter from 2025-04-09 (denial); case by case
  // from 2025-08-08.
  EXPECT_EQ(On(t, "2022-01-01").outcome, Outcome::kNoLicenseRequired);
  EXPECT_EQ(On(t, "2025-04-08").outcome, Outcome::kNoLicenseRequired);
  EXPECT_EQ(On(t, "2025-04-08").to, D("2025-04-08"));
  const TimelineInterval& april = On(t, "2025-04-09");
  EXPECT_EQ(april.from, D("2025-04-09"));
  EXPECT_EQ(april.to, D("2025-08-07"));
  EXPECT_EQ(april.outcome, Outcome::kLicenseRequired);
  EXPECT_EQ(april.review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_TRUE(Has(april.changed_by, "US-ISINF-2025-H20"));
  const TimelineInterval& august = On(t, "2025-08-08");
  EXPECT_EQ(august.from, D("2025-08-08"));
  EXPECT_EQ(august.to, D("2026-11-23"));
  EXPECT_EQ(august.review_policy, ReviewPolicy::kCaseByCase);
  EXPECT_TRUE(Has(august.changed_by, "US-ISINF-2025-H20 (from 2025-08-08)"));
  // Before April 2025 the H20 never needed a licence to China: EAR99 until 3A991.p is known in
  // force (2023-11-17), an AT-only entry that needs no licence to China.
  EXPECT_EQ(t.intervals.front().to, D("2023-11-16"));
  EXPECT_EQ(t.intervals.front().eccn, "EAR99");
  EXPECT_EQ(On(t, "2024-06-01").eccn, "3A991.p");
  EXPECT_EQ(On(t, "2024-06-01").outcome, Outcome::kNoLicenseRequired);
  EXPECT_EQ(t.intervals.size(), 4u);
}

TEST(TimelineTest, H200ToChina) {
  Timeline t = RunTimeline("H200", "CN");
  // The August 2022 is-informed letter covered future Nvidia ICs at A100 level with A100 I/O.
  EXPECT_EQ(On(t, "2022-08-25").outcome, Outcome::kNoLicenseRequired);
  EXPECT_EQ(On(t, "2022-08-26").review_policy, ReviewPolicy::kCaseByCase);
  // October 2022: 3A090.a, licence with presumption of denial from 2022-10-07.
  const TimelineInterval& oct22 = On(t, "2022-10-07");
  EXPECT_EQ(oct22.from, D("2022-10-07"));
  EXPECT_EQ(oct22.outcome, Outcome::kLicenseRequired);
  EXPECT_EQ(oct22.review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_EQ(oct22.eccn, "3A090.a");
  EXPECT_TRUE(Has(oct22.requirement_ids, "US-EAR-OCT22-3A090"));
  // ACS23: denial under US-EAR-ACS23-DEST (with the D:5 policy) from 2023-11-17 until 2026-01-14.
  const TimelineInterval& acs = On(t, "2024-06-01");
  EXPECT_EQ(acs.from, D("2023-11-17"));
  EXPECT_EQ(acs.to, D("2026-01-14"));
  EXPECT_EQ(acs.eccn, "3A090.a.1");
  EXPECT_EQ(acs.review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_TRUE(Has(acs.requirement_ids, "US-EAR-ACS23-DEST"));
  // H200R26: case by case from 2026-01-15.
  const TimelineInterval& h200 = On(t, "2026-01-15");
  EXPECT_EQ(h200.from, D("2026-01-15"));
  EXPECT_EQ(h200.review_policy, ReviewPolicy::kCaseByCase);
  EXPECT_TRUE(Has(h200.changed_by, "US-EAR-H200R26"));
}

TEST(TimelineTest, EveryDayIsCovered) {
  Timeline t = RunTimeline("H100", "CN");
  ASSERT_FALSE(t.intervals.empty());
  EXPECT_EQ(t.intervals.front().from, D("2022-01-01"));
  for (std::size_t i = 1; i < t.intervals.size(); ++i) EXPECT_EQ(t.intervals[i].from, t.intervals[i - 1].to.AddDays(1));
  // Spot-check against a fresh Check on every 30th day.
  for (Date d = D("2022-01-01"); d <= D("2026-11-23"); d = d.AddDays(30)) {
    CheckRequest r;
    r.chip = Bundled().catalog().Find("H100");
    r.destination = "CN";
    r.end_user_hq = "CN";  // the timeline's default buyer
    r.as_of = d;
    auto dec = Bundled().Check(r);
    ASSERT_TRUE(dec.ok());
    const TimelineInterval* iv = nullptr;
    for (const auto& i : t.intervals)
      if (i.from <= d && d <= i.to) iv = &i;
    ASSERT_NE(iv, nullptr);
    EXPECT_EQ(iv->outcome, dec->outcome) << d.ToString();
    EXPECT_EQ(iv->review_policy, dec->review_policy) << d.ToString();
  }
}

TEST(TimelineTest, SvgHasOneBandPerInterval) {
  Timeline t = RunTimeline("H20", "CN");
  std::string svg = RenderTimelineSvg(t);
  EXPECT_TRUE(svg.starts_with("<svg"));
  std::size_t bands = 0;
  for (std::size_t p = svg.find("<rect x="); p != std::string::npos; p = svg.find("<rect x=", p + 1)) ++bands;
  EXPECT_EQ(bands, t.intervals.size() + 6);  // + 6 legend swatches
  EXPECT_NE(svg.find("US-ISINF-2025-H20"), std::string::npos);
  EXPECT_NE(svg.find(">2025<"), std::string::npos);
}

TEST(TimelineTest, RejectsAnInvertedRange) {
  TimelineRequest r;
  r.shipment.chip = Bundled().catalog().Find("H20");
  r.shipment.destination = "CN";
  r.from = D("2025-01-01");
  r.to = D("2024-01-01");
  EXPECT_FALSE(StatusTimeline(Bundled(), r).ok());
}

}  // namespace
}  // namespace exportctl::lab
