// What-if: move one threshold in a copy of the bundled rules and find exactly the chips beyond it.
#include <iostream>
#include <set>

#include <gtest/gtest.h>

#include "app/golden.h"
#include "exportctl/lab.h"
#include "lab/lab_test_util.h"

namespace exportctl::lab {
namespace {

using testing::Bundled;
using testing::D;

GoldenCorpus Corpus() {
  auto cases = app::LoadGoldenCases(std::string(EXPORTCTL_SOURCE_DIR) + "/tests/cases");
  EXPECT_TRUE(cases.ok());
  return GoldenCorpus{*cases};
}

TEST(WhatIfTest, SameRulesChangeNothing) {
  auto cases = Corpus();
  // Speed (issue #7: under one second) is measured by bench/whatif_bench, not asserted here.
  WhatIfReport r = RunWhatIf(Bundled(), Bundled(), cases, D("2025-06-01"));
  EXPECT_EQ(r.chips_evaluated, static_cast<int>(Bundled().catalog().chips().size()));
  EXPECT_EQ(r.cases_evaluated, static_cast<int>(cases.cases.size()));
  EXPECT_GT(r.cases_evaluated, 200);
  EXPECT_TRUE(r.changes.empty());
  EXPECT_TRUE(r.case_errors.empty());
  EXPECT_TRUE(r.rule_diff.modified.empty());
}

// 3A090.a.2's density threshold 5.92 -> 7.0: exactly the datacenter ICs with TPP >= 1600,
// 5.92 <= PD < 7.0 and TPP < 4800 (else 3A090.a.1 holds them) leave 3A090.a.2.
TEST(WhatIfTest, MovingA2DensityFindsExactlyTheChipsBetween) {
  std::string dir = testing::DraftRules("us/classification.toml", "when = \"item_type != 'hbm' and tpp >= 1600 and pd >= 5.92\"",
                                        "when = \"item_type != 'hbm' and tpp >= 1600 and pd >= 7.0\"");
  auto draft = Engine::Load({testing::DataDir(), dir});
  ASSERT_TRUE(draft.ok()) << draft.error().ToString();
  const Date as_of = D("2025-06-01");
  WhatIfReport r = RunWhatIf(Bundled(), **draft, Corpus(), as_of);
  EXPECT_EQ(r.rule_diff.modified, std::vector<std::string>{"US-EAR-ACS23-3A090.a.2 (from 2023-11-17)"});

  // Expected independently from the catalog's figures.
  std::set<std::string> expected;
  for (const Chip& c : Bundled().catalog().chips()) {
    Metrics m = ComputeMetrics(c);
    if (c.item_type == ItemType::kHbm || c.designed_for != DesignedFor::kDatacenter || !m.tpp || !m.pd) continue;
    if (*m.tpp >= 1600 && *m.tpp < 4800 && *m.pd >= 5.92 && *m.pd < 7.0) expected.insert(c.id);
  }
  ASSERT_FALSE(expected.empty()) << "the catalog has no chip between PD 5.92 and 7.0";
  std::set<std::string> found;
  for (const WhatIfChange& c : r.changes) {
    if (c.kind != "classification") continue;
    found.insert(c.subject);
    // ICs are 3A090.a.2, cards carrying one 4A090.a; the draft moves them out of it.
    const bool board = IsAssembly(Bundled().catalog().Find(c.subject)->item_type);
    const std::string tier = board ? "4A090.a" : "3A090.a.2";
    EXPECT_EQ(c.in_force.result.substr(0, tier.size()), tier) << c.subject;
    EXPECT_NE(c.draft.result.substr(0, tier.size()), tier) << c.subject;
    EXPECT_NE(c.in_force.explanation.find("pd >= 5.92"), std::string::npos) << c.in_force.explanation;
    EXPECT_NE(c.draft.explanation.find("pd >= 7.0"), std::string::npos) << c.draft.explanation;
  }
  EXPECT_EQ(found, expected);
  for (const std::string& id : expected) std::cout << "  moved: " << id << "\n";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace exportctl::lab
