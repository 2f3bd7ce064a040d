// Classification of real chips by date, against regulation.md §2 and chips.md §6.
#include "exportctl/classify.h"

#include <gtest/gtest.h>

namespace exportctl {
namespace {

class ClassifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto c = Catalog::LoadDir(std::string(EXPORTCTL_SOURCE_DIR) + "/data/catalog");
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    catalog_ = new Catalog(std::move(c).value());
    auto r = RuleSet::LoadDir(std::string(EXPORTCTL_SOURCE_DIR) + "/data/rules");
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    rules_ = new std::shared_ptr<const RuleSet>(std::move(r).value());
  }
  static Classification Of(std::string_view chip, std::string_view date, bool explain = false) {
    const Chip* c = catalog_->Find(chip);
    EXPECT_NE(c, nullptr) << chip;
    return Classify(**rules_, *c, *Date::Parse(date), explain);
  }
  static std::vector<std::string> Ids(const Classification& c) {
    std::vector<std::string> ids;
    for (const Rule* r : c.deciding_rules) ids.push_back(r->id);
    return ids;
  }
  static inline Catalog* catalog_ = nullptr;
  static inline std::shared_ptr<const RuleSet>* rules_ = nullptr;
};

TEST_F(ClassifierTest, NothingBeforeOctober2022) {
  auto c = Of("H100", "2022-10-06");
  EXPECT_EQ(c.eccn, "EAR99");
  EXPECT_FALSE(c.controlled);
}

TEST_F(ClassifierTest, October2022NeedsBothProngs) {
  EXPECT_EQ(Of("A100", "2022-10-07").eccn, "3A090.a");
  EXPECT_EQ(Of("H100", "2023-06-01").eccn, "3A090.a");
  EXPECT_EQ(Of("A800", "2023-06-01").eccn, "EAR99");  // 400 GB/s < 600
  EXPECT_EQ(Of("H800", "2023-11-16").eccn, "EAR99");
  EXPECT_EQ(Of("RTX 4090", "2023-06-01").eccn, "EAR99");  // PCIe only
}

TEST_F(ClassifierTest, Acs23Tiers) {
  EXPECT_EQ(Of("A800", "2023-11-17").eccn, "3A090.a.1");
  EXPECT_EQ(Of("H800", "2023-11-17").eccn, "3A090.a.1");
  EXPECT_EQ(Of("L4", "2024-01-01").eccn, "4A090.a");      // a PCIe card whose IC is caught only by density (3A090.a.2)
  EXPECT_EQ(Of("MI210", "2024-01-01").eccn, "4A090.b");    // a PCIe card; its IC is 3A090.b.1 (TPP 2899 FP64, PD 4.0)
  EXPECT_EQ(Of("RTX 4090", "2024-01-01").eccn, "3A090.a.1");
  EXPECT_EQ(Ids(Of("H100", "2024-01-01")), std::vector<std::string>{"US-EAR-ACS23-3A090.a.1"});
}

// Parts designed under the 3A090 lines are not EAR99: an IC with 8 TOPS or more is 3A991.p, a
// board or server carrying one 4A994.l (ECCN texts of Supp. 1 to Part 774, ear-scope.md §3).
TEST_F(ClassifierTest, ChipsDesignedUnderTheLinesAreResidualEccns) {
  auto h20 = Of("H20", "2025-05-01");  // TPP 2368 < 2400 and PD 2.91 < 3.2; 296 dense FP8 TOPS >= 8
  EXPECT_EQ(h20.eccn, "3A991.p");
  EXPECT_TRUE(h20.determined);
  EXPECT_EQ(Of("L20", "2024-06-01").eccn, "4A994.l");  // a PCIe card; PD 3.14 < 3.2
  auto d4090 = Of("RTX 4090D", "2024-06-01");         // consumer, TPP 4707 < 4800: Note 2, then 3A991.p
  EXPECT_EQ(d4090.eccn, "3A991.p");
  EXPECT_EQ(Ids(d4090), (std::vector<std::string>{"US-EAR-ACS23-3A090-NOTE2", "US-EAR-3A991.p"}));
  EXPECT_EQ(Of("RTX 5090D", "2025-03-01").eccn, "3A991.p");
  EXPECT_EQ(Of("L2", "2024-06-01").eccn, "4A994.l");  // TPP 1544 < 1600
  // Before 3A991.p is known in force (ACS23, 2023-11-17) nothing residual is encoded.
  EXPECT_EQ(Of("H800", "2023-06-01").eccn, "EAR99");
}

// A server is classified from the ICs it carries, never from summed figures: eight L20s (each
// TPP 1912) summed would pass 4800, but the entry reads "containing ICs, any of which…".
TEST_F(ClassifierTest, AssembliesAreClassifiedFromTheirIcs) {
  Chip server;
  server.id = "eight-l20-server";
  server.item_type = ItemType::kSystem;
  const Chip* l20 = catalog_->Find("L20");
  const Chip* h100 = catalog_->Find("H100");
  ASSERT_NE(l20, nullptr);
  server.contains = {{l20->id, 8, l20}};
  auto c = Classify(**rules_, server, *Date::Parse("2024-06-01"));
  EXPECT_EQ(c.eccn, "4A994.l");
  ASSERT_EQ(c.contained.size(), 1u);
  EXPECT_EQ(c.contained[0].count, 8);
  server.contains.push_back({h100->id, 1, h100});
  EXPECT_EQ(Classify(**rules_, server, *Date::Parse("2024-06-01")).eccn, "4A090.a");
}

TEST_F(ClassifierTest, UnknownFiguresGiveUndeterminedNotAGuess) {
  auto s4000 = Of("MTT S4000", "2024-01-01");  // TPP exactly 1600, die area unpublished
  EXPECT_EQ(s4000.eccn, "undetermined");
  EXPECT_FALSE(s4000.determined);
  // A PCIe card: 4A090 if its IC reaches a.2/b.2, else 4A994.l (100 TOPS >= 8) - never EAR99.
  EXPECT_EQ(s4000.possible_eccns, (std::vector<std::string>{"4A090.a", "4A090.b", "4A994.l"}));
  ASSERT_FALSE(s4000.unevaluated.empty());
  EXPECT_EQ(s4000.unevaluated.front(), "US-EAR-ACS23-3A090.a.2: pd unknown (die area missing)");
  auto mi308 = Of("MI308X", "2025-05-01");
  EXPECT_EQ(mi308.eccn, "undetermined");
  // A known TPP >= 4800 decides even without a die area.
  EXPECT_EQ(Of("B200", "2025-01-01").eccn, "3A090.a.1");
}

TEST_F(ClassifierTest, ExplainTracesEveryThreshold) {
  auto h20 = Of("H20", "2025-05-01", true);
  bool saw_pd = false;
  for (const RuleTrace& t : h20.trace) {
    if (t.rule->id != "US-EAR-ACS23-3A090.b.2") continue;
    EXPECT_EQ(t.outcome, "no match");
    for (const auto& s : t.steps)
      if (s.expression == "pd >= 3.2") {
        saw_pd = true;
        EXPECT_EQ(s.values, "pd = 2.90909");
        EXPECT_EQ(s.result, "false");
      }
  }
  EXPECT_TRUE(saw_pd);
}

TEST_F(ClassifierTest, SystemsAre4A090) {
  Chip server = *catalog_->Find("H100");
  server.item_type = ItemType::kSystem;
  EXPECT_EQ(Classify(**rules_, server, *Date::Parse("2024-01-01")).eccn, "4A090.a");
}

TEST_F(ClassifierTest, HbmStacksFromDecember2024) {
  Chip hbm;
  hbm.id = "hbm3e-stack";
  hbm.item_type = ItemType::kHbm;
  hbm.memory_bandwidth_gbs = 1200;
  hbm.package_area_mm2 = 121;  // ~9.9 GB/s/mm2
  EXPECT_EQ(Classify(**rules_, hbm, *Date::Parse("2024-12-02")).eccn, "3A090.c");
  EXPECT_EQ(Classify(**rules_, hbm, *Date::Parse("2024-12-01")).eccn, "EAR99");
}

}  // namespace
}  // namespace exportctl
