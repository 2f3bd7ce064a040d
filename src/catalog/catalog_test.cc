#include "exportctl/catalog.h"

#include <gtest/gtest.h>

namespace exportctl {
namespace {

std::string CatalogDir() { return std::string(EXPORTCTL_SOURCE_DIR) + "/data/catalog"; }

TEST(CatalogTest, BundledCatalogHasEveryResearchedChip) {
  auto catalog = Catalog::LoadDir(CatalogDir());
  ASSERT_TRUE(catalog.ok()) << catalog.error().ToString();
  EXPECT_EQ(catalog->chips().size(), 58u);  // the 47 rows of shared/research/chips.csv and the 11 parts of regulation-updates-2026.md §C
  for (const Chip& c : catalog->chips()) EXPECT_FALSE(c.sources.empty()) << c.id;
}

TEST(CatalogTest, FindsByAliasCaseInsensitively) {
  auto catalog = Catalog::LoadDir(CatalogDir());
  ASSERT_TRUE(catalog.ok());
  for (auto [alias, id] : std::vector<std::pair<const char*, const char*>>{
           {"H20", "nvidia-h20"}, {"h100", "nvidia-h100-sxm"}, {"RTX 4090D", "nvidia-rtx-4090d"},
           {"rtx 4090 d", "nvidia-rtx-4090d"}, {"MI308", "amd-mi308x"}, {"Ascend 910B", "huawei-ascend-910b"},
           {"nvidia-l4", "nvidia-l4"}, {"RTX PRO 6000D", "nvidia-rtx-pro-6000d"}}) {
    const Chip* c = catalog->Find(alias);
    ASSERT_NE(c, nullptr) << alias;
    EXPECT_EQ(c->id, id) << alias;
  }
  EXPECT_EQ(catalog->Find("H2O"), nullptr);
}

TEST(CatalogTest, UnpublishedFiguresAreAbsentNotZero) {
  auto catalog = Catalog::LoadDir(CatalogDir());
  ASSERT_TRUE(catalog.ok());
  const Chip* mi308 = catalog->Find("MI308X");
  ASSERT_NE(mi308, nullptr);
  for (Precision p : kAllPrecisions) EXPECT_FALSE(mi308->DenseTops(p).has_value());
  EXPECT_FALSE(mi308->memory_bandwidth_gbs.has_value());
}

TEST(ChipSpecTest, ReportsEveryProblemWithFileAndLine) {
  auto spec = ParseChipSpec(R"(id = "bad"
name = "Bad"
designed_for = "gaming"
die_area_mm2 = -5
memory_bandwidth_gbs = "fast"
colour = "green"
[dense_tops]
fp16 = 100
fp12 = 3
)", "bad.toml");
  ASSERT_FALSE(spec.ok());
  std::string text = spec.error().ToString();
  EXPECT_NE(text.find("bad.toml:3:16: `designed_for` must be datacenter, consumer or workstation, not `gaming`"), std::string::npos) << text;
  EXPECT_NE(text.find("bad.toml:4:"), std::string::npos) << text;
  EXPECT_NE(text.find("`die_area_mm2` must not be negative"), std::string::npos) << text;
  EXPECT_NE(text.find("bad.toml:5:"), std::string::npos) << text;
  EXPECT_NE(text.find("`memory_bandwidth_gbs` must be a number"), std::string::npos) << text;
  EXPECT_NE(text.find("bad.toml:6:1: unknown key `colour`"), std::string::npos) << text;
  EXPECT_NE(text.find("bad.toml:9:1: dense_tops: unknown key `fp12`"), std::string::npos) << text;
}

TEST(ChipSpecTest, MalformedTomlNamesThePosition) {
  auto spec = ParseChipSpec("id = \"x\"\ndesigned_for = \n", "m.toml");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code(), ErrorCode::kParseError);
  EXPECT_EQ(spec.error().where().file, "m.toml");
  EXPECT_EQ(spec.error().where().line, 2);
}

TEST(ChipSpecTest, MissingRequiredKeys) {
  auto spec = ParseChipSpec("name = \"x\"\n", "r.toml");
  ASSERT_FALSE(spec.ok());
  std::string text = spec.error().ToString();
  EXPECT_NE(text.find("missing required key `id`"), std::string::npos);
  EXPECT_NE(text.find("missing required key `designed_for`"), std::string::npos);
}

}  // namespace
}  // namespace exportctl
