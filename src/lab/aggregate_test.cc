// Order TPP and the AI Diffusion caps (regulation.md §2.6) as a historical what-if.
#include <gtest/gtest.h>

#include "exportctl/lab.h"
#include "lab/lab_test_util.h"

namespace exportctl::lab {
namespace {

using testing::Bundled;
using testing::D;

TEST(AggregateTest, MixedOrderTppAndTier2Caps) {
  const Chip* h100 = Bundled().catalog().Find("H100");
  const Chip* h20 = Bundled().catalog().Find("H20");
  auto r = Aggregate(Bundled(), {{h100, 1000}, {h20, 500}}, "in", D("2025-03-01"));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  double expected = 1000 * *ComputeMetrics(*h100).tpp + 500 * 2368;
  EXPECT_NEAR(r->total_tpp, expected, 1e-6 * expected);
  EXPECT_EQ(r->units, 1500);
  EXPECT_EQ(r->diffusion.tier, "tier2");  // India: neither Tier 1 nor D:5
  EXPECT_NEAR(r->diffusion.share_of_country_cap, expected / 790e6, 1e-9);
  EXPECT_TRUE(r->diffusion.within_lpp);  // 15.8M + 1.2M TPP < 26.9M
  EXPECT_NE(r->diffusion.verdict.find("never enforced"), std::string::npos);
}

TEST(AggregateTest, LppAllowanceIsAbout1700H100s) {
  const Chip* h100 = Bundled().catalog().Find("H100");
  auto under = Aggregate(Bundled(), {{h100, 1690}}, "IN", D("2025-03-01"));
  auto over = Aggregate(Bundled(), {{h100, 1710}}, "IN", D("2025-03-01"));
  ASSERT_TRUE(under.ok() && over.ok());
  EXPECT_TRUE(under->diffusion.within_lpp);
  EXPECT_FALSE(over->diffusion.within_lpp);
}

TEST(AggregateTest, TiersFromTheRule) {
  const Chip* h100 = Bundled().catalog().Find("H100");
  EXPECT_EQ(Aggregate(Bundled(), {{h100, 1}}, "JP", D("2025-03-01"))->diffusion.tier, "tier1");
  EXPECT_EQ(Aggregate(Bundled(), {{h100, 1}}, "CN", D("2025-03-01"))->diffusion.tier, "tier3");
}

TEST(AggregateTest, RejectsBadInput) {
  const Chip* h100 = Bundled().catalog().Find("H100");
  EXPECT_FALSE(Aggregate(Bundled(), {}, "IN", D("2025-03-01")).ok());
  EXPECT_FALSE(Aggregate(Bundled(), {{h100, 0}}, "IN", D("2025-03-01")).ok());
  auto bad = Aggregate(Bundled(), {{h100, 1}}, "XX", D("2025-03-01"));
  ASSERT_FALSE(bad.ok());
}

}  // namespace
}  // namespace exportctl::lab
