// Licence determination against dated facts of regulation.md; the screener is a fake so the
// combining logic is tested on its own (the screening engine has its own tests).
#include "exportctl/check.h"

#include <gtest/gtest.h>

#include "exportctl/engine.h"

namespace exportctl {
namespace {

class FakeScreener : public EndUserScreener {
 public:
  std::vector<PartyHit> Screen(std::string_view name, Date) const override {
    if (name == "Biren Technology") {
      PartyHit h;
      h.list = "entity_list";
      h.entry_name = "Shanghai Biren Intelligent Technology Co., Ltd.";
      h.band = "block";
      h.score = 0.97;
      h.listed_on = Date::Parse("2023-10-17").value();
      return {h};
    }
    if (name == "Blocked Corp") {
      PartyHit h;
      h.list = "sdn";
      h.band = "block";
      h.score = 1;
      return {h};
    }
    return {};
  }
};

class CheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto e = Engine::Load({std::string(EXPORTCTL_SOURCE_DIR) + "/data", {}});
    ASSERT_TRUE(e.ok()) << e.error().ToString();
    engine_ = new std::shared_ptr<const Engine>((*e)->WithScreener(std::make_shared<FakeScreener>()));
  }
  static CheckRequest Req(std::string_view chip, std::string_view to, std::string_view date) {
    CheckRequest r;
    r.chip = (*engine_)->catalog().Find(chip);
    EXPECT_NE(r.chip, nullptr) << chip;
    r.destination = std::string(to);
    r.as_of = *Date::Parse(date);
    r.quantity = 1000;
    return r;
  }
  static Decision Decide(const CheckRequest& r) {
    auto d = (*engine_)->Check(r, true);
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().ToString());
    return std::move(d).value();
  }
  static bool Has(const Decision& d, std::string_view id) {
    for (const Rule* r : d.deciding_rules)
      if (r->id == id) return true;
    return false;
  }
  static inline std::shared_ptr<const Engine>* engine_ = nullptr;
};

TEST_F(CheckTest, H20ToChinaAcrossTheApril2025Letter) {
  EXPECT_EQ(Decide(Req("H20", "CN", "2025-04-08")).outcome, Outcome::kNoLicenseRequired);
  Decision d = Decide(Req("H20", "CN", "2025-05-01"));
  EXPECT_EQ(d.outcome, Outcome::kLicenseRequired);
  EXPECT_EQ(d.review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_TRUE(Has(d, "US-ISINF-2025-H20"));
  Decision later = Decide(Req("H20", "CN", "2025-09-01"));
  EXPECT_EQ(later.review_policy, ReviewPolicy::kCaseByCase);
  ASSERT_FALSE(later.conditions.empty());
  EXPECT_EQ(later.conditions.front().rule->id, "US-COND-2025-08-REVSHARE");
  EXPECT_FALSE(later.import_restrictions.empty());  // China's own guidance against the H20
}

TEST_F(CheckTest, H100DestinationsUnderAcs23) {
  Decision cn = Decide(Req("H100", "CN", "2024-01-01"));
  EXPECT_EQ(cn.outcome, Outcome::kLicenseRequired);
  EXPECT_EQ(cn.review_policy, ReviewPolicy::kPresumptionOfDenial);
  Decision sa = Decide(Req("H100", "SA", "2024-01-01"));  // D:4, not D:5
  EXPECT_EQ(sa.outcome, Outcome::kLicenseRequired);
  EXPECT_EQ(sa.review_policy, ReviewPolicy::kPresumptionOfApproval);
  EXPECT_EQ(Decide(Req("H100", "IL", "2024-01-01")).outcome, Outcome::kNoLicenseRequired);  // A:6 carve-out
  EXPECT_EQ(Decide(Req("H100", "DE", "2024-01-01")).outcome, Outcome::kNoLicenseRequired);
}

TEST_F(CheckTest, HeadquartersRuleInAThirdCountry) {
  CheckRequest r = Req("H100", "MY", "2024-06-01");
  r.end_user = "Example Cloud Sdn Bhd";
  r.end_user_hq = "CN";
  Decision d = Decide(r);
  EXPECT_EQ(d.outcome, Outcome::kLicenseRequired);
  EXPECT_TRUE(Has(d, "US-EAR-ACS23-HQ"));
  r.end_user_hq = "MY";
  EXPECT_EQ(Decide(r).outcome, Outcome::kNoLicenseRequired);
}

TEST_F(CheckTest, H200ExportVersusReexport) {
  CheckRequest r = Req("H200", "CN", "2026-02-01");
  Decision exported = Decide(r);
  EXPECT_EQ(exported.outcome, Outcome::kLicenseRequired);
  EXPECT_EQ(exported.review_policy, ReviewPolicy::kCaseByCase);
  EXPECT_TRUE(Has(exported, "US-EAR-H200R26"));
  EXPECT_TRUE(Has(exported, "US-232-TAR26"));
  r.ship_from = "SG";
  EXPECT_EQ(Decide(r).review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_EQ(Decide(Req("H200", "CN", "2026-01-14")).review_policy, ReviewPolicy::kPresumptionOfDenial);
  EXPECT_EQ(Decide(Req("B200", "CN", "2026-02-01")).review_policy, ReviewPolicy::kPresumptionOfDenial);
}

TEST_F(CheckTest, LicenceExceptionsNacAndAca) {
  Decision nac = Decide(Req("RTX 4090", "CN", "2024-06-01"));  // consumer 3A090.a.1 >= 4800
  EXPECT_EQ(nac.outcome, Outcome::kLicenseException);
  ASSERT_EQ(nac.exceptions.size(), 1u);
  EXPECT_EQ(nac.exceptions[0]->exception, "NAC");
  EXPECT_FALSE(nac.duties.empty());
  Decision aca = Decide(Req("MI210", "VN", "2024-06-01"));  // datacenter 3A090.b to D:1
  EXPECT_EQ(aca.outcome, Outcome::kLicenseException);
  EXPECT_EQ(aca.exceptions[0]->exception, "ACA");
  EXPECT_EQ(Decide(Req("H100", "VN", "2024-06-01")).outcome, Outcome::kLicenseRequired);  // datacenter .a: never NAC
}

TEST_F(CheckTest, EntityListedEndUserNeedsALicenceForAnything) {
  CheckRequest r = Req("RTX 4090D", "CN", "2024-01-01");  // EAR99 chip
  r.end_user = "Biren Technology";
  Decision d = Decide(r);
  EXPECT_EQ(d.outcome, Outcome::kLicenseRequired);
  EXPECT_TRUE(Has(d, "US-EAR-EL"));
  ASSERT_EQ(d.screening.size(), 1u);
  r.as_of = *Date::Parse("2023-10-16");  // before the listing
  EXPECT_EQ(Decide(r).outcome, Outcome::kNoLicenseRequired);
  r.end_user = "Blocked Corp";
  EXPECT_EQ(Decide(r).outcome, Outcome::kProhibited);
}

TEST_F(CheckTest, AffiliatesRuleAndItsSuspension) {
  CheckRequest r = Req("RTX 4090D", "CN", "2025-10-15");
  r.end_user = "Affiliate Co";
  r.owners = {{"Biren Technology", 60}};
  EXPECT_TRUE(Has(Decide(r), "US-EAR-AFF25"));
  r.as_of = *Date::Parse("2025-12-01");  // suspended
  EXPECT_EQ(Decide(r).outcome, Outcome::kNoLicenseRequired);
  r.owners = {{"Biren Technology", 40}};
  r.as_of = *Date::Parse("2025-10-15");
  EXPECT_EQ(Decide(r).outcome, Outcome::kNoLicenseRequired);
}

TEST_F(CheckTest, ChinaSideBlockWithoutUsLicence) {
  CheckRequest r = Req("L20", "CN", "2025-12-01");
  r.end_use = {"state_funded_datacenter"};
  Decision d = Decide(r);
  EXPECT_EQ(d.outcome, Outcome::kNoLicenseRequired);
  ASSERT_FALSE(d.import_restrictions.empty());
  bool dc = false;
  for (const auto& i : d.import_restrictions) dc |= i.rule->id == "CN-DC-2025-11";
  EXPECT_TRUE(dc);
}

TEST_F(CheckTest, BadInputIsRejectedWithEveryReason) {
  CheckRequest r = Req("H20", "XX", "2025-05-01");
  r.quantity = -5;
  r.owners = {{"A", 80}, {"B", 30}};
  auto d = (*engine_)->Check(r);
  ASSERT_FALSE(d.ok());
  std::string text = d.error().ToString();
  EXPECT_NE(text.find("destination: unknown country code `XX`"), std::string::npos) << text;
  EXPECT_NE(text.find("quantity must be a positive whole number of units, not `-5`"), std::string::npos) << text;
  EXPECT_NE(text.find("owner shares add up to 110%"), std::string::npos) << text;
}

TEST_F(CheckTest, DecisionIdsAreDeterministic) {
  EXPECT_EQ(Decide(Req("H20", "CN", "2025-05-01")).decision_id, Decide(Req("H20", "CN", "2025-05-01")).decision_id);
  EXPECT_NE(Decide(Req("H20", "CN", "2025-05-01")).decision_id, Decide(Req("H20", "CN", "2025-05-02")).decision_id);
}

}  // namespace
}  // namespace exportctl
