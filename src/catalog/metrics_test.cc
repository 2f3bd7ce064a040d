// Metrics against published figures (datasheets via shared/research/chips.md and regulation.md §1.1).
#include "exportctl/metrics.h"

#include <gtest/gtest.h>

#include "exportctl/catalog.h"

namespace exportctl {
namespace {

const Catalog& Bundled() {
  static const Catalog catalog = [] {
    auto c = Catalog::LoadDir(std::string(EXPORTCTL_SOURCE_DIR) + "/data/catalog");
    if (!c.ok()) ADD_FAILURE() << c.error().ToString();
    return std::move(c).value();
  }();
  return catalog;
}

Metrics Of(std::string_view name) {
  const Chip* chip = Bundled().Find(name);
  EXPECT_NE(chip, nullptr) << name;
  return chip ? ComputeMetrics(*chip) : Metrics{};
}

TEST(MetricsTest, PublishedTppValues) {
  EXPECT_NEAR(*Of("H100").tpp, 15832, 1.0);     // 989 dense FP16 TFLOPS x 16 (regulation.md 1.1)
  EXPECT_DOUBLE_EQ(*Of("H20").tpp, 2368);       // 148 x 16
  EXPECT_DOUBLE_EQ(*Of("A100").tpp, 4992);      // 312 x 16
  EXPECT_NEAR(*Of("RTX 4090").tpp, 5285, 1.0);  // 660.6 x 8; press: 5285/5286
  EXPECT_NEAR(*Of("RTX 4090D").tpp, 4707, 1.0); // 294.18 x 16
  EXPECT_DOUBLE_EQ(*Of("H200").tpp, 15832);
  EXPECT_DOUBLE_EQ(*Of("MTT S4000").tpp, 1600);
}

TEST(MetricsTest, PerformanceDensity) {
  EXPECT_NEAR(*Of("H20").pd, 2.9, 0.02);   // TweakTown: 2.9
  EXPECT_NEAR(*Of("L4").pd, 6.6, 0.01);    // Tom's Hardware: 6.6
  EXPECT_NEAR(*Of("H100").pd, 19.4, 0.1);  // 19.4
  EXPECT_NEAR(*Of("L20").pd, 3.14, 0.01);
}

TEST(MetricsTest, DecidingPrecision) {
  Metrics mi210 = Of("MI210");
  EXPECT_EQ(*mi210.tpp_precision, Precision::kFp64);  // 45.3 x 64 = 2899.2 beats FP16 181 x 16 = 2896
  EXPECT_NEAR(*mi210.tpp, 2899.2, 1e-6);
  Metrics gaudi3 = Of("Gaudi 3");
  EXPECT_EQ(*gaudi3.tpp_precision, Precision::kBf16);  // BF16 = FP8 rate, so 16 bits win
  EXPECT_DOUBLE_EQ(*gaudi3.tpp, 29360);
  Metrics mi355x = Of("MI355X");
  EXPECT_EQ(*mi355x.tpp_precision, Precision::kFp6);  // MXFP6 at the FP4 rate
  EXPECT_NEAR(*mi355x.tpp, 60398, 1.0);
}

TEST(MetricsTest, UnknownInputsStayUnknown) {
  Metrics mi308 = Of("MI308");
  EXPECT_FALSE(mi308.tpp.has_value());
  EXPECT_FALSE(mi308.pd.has_value());
  EXPECT_EQ(mi308.missing.front(), "dense throughput");
  Metrics b200 = Of("B200");
  EXPECT_DOUBLE_EQ(*b200.tpp, 36000);
  EXPECT_FALSE(b200.pd.has_value());  // die area unpublished
}

TEST(MetricsTest, SparsityNeverCountsOnlyDenseFigures) {
  auto spec = ParseChipSpec(R"(
id = "x"
name = "X"
designed_for = "datacenter"
die_area_mm2 = 400
[dense_tops]
fp16 = 150
fp8 = 300
fp4 = 500
)", "x.toml");
  ASSERT_TRUE(spec.ok()) << spec.error().ToString();
  Metrics m = ComputeMetrics(*spec);
  EXPECT_DOUBLE_EQ(*m.tpp, 2400);  // FP16 150x16 = FP8 300x8 = 2400 beat FP4 500x4 = 2000
  EXPECT_DOUBLE_EQ(*m.pd, 6.0);
  EXPECT_EQ(m.tpp_tied.size(), 2u);
}

}  // namespace
}  // namespace exportctl
