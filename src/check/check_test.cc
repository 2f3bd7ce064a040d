// Licence determination against dated facts of regulation.md; the screener is a fake so the
// combining logic is tested on its own (the screening engine has its own tests).
#include "exportctl/check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "exportctl/engine.h"

namespace exportctl {
namespace {

class FakeScreener : public EndUserScreener {
 public:
  std::string UnreadLetters(std::string_view name) const override {
    return name.starts_with("unread:") ? "`" + std::string(name.substr(7)) + "` (Khmer)" : "";
  }
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
    if (name.starts_with("kind:")) {  // a block-band hit on a list of that kind
      PartyHit h;
      h.list = std::string(name.substr(5));
      h.band = "block";
      h.score = 1;
      h.listed_on = Date::Parse("2020-01-01").value();
      return {h};
    }
    if (name == "Maybe Listed Ltd") {  // a review-band hit listed on 2024-01-01
      PartyHit h;
      h.list = "entity_list";
      h.entry_name = "Maybe Listed Holdings";
      h.band = "review";
      h.score = 0.85;
      h.listed_on = Date::Parse("2024-01-01").value();
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
  std::span<const ListVersion> ListVersions() const override { return versions; }
  std::string_view ListsFingerprint() const override { return fingerprint; }
  std::vector<ListVersion> versions = {{"sdn", "v1", "aa"}};
  std::string fingerprint = "sdn-v1";
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
  CheckRequest il = Req("H100", "IL", "2024-01-01");  // A:6 carve-out
  il.end_user_hq = "IL";
  EXPECT_EQ(Decide(il).outcome, Outcome::kNoLicenseRequired);
  CheckRequest de = Req("H100", "DE", "2024-01-01");
  de.end_user_hq = "DE";
  EXPECT_EQ(Decide(de).outcome, Outcome::kNoLicenseRequired);
}

// The headquarters rule reaches 3A090 items anywhere: a missing headquarters is never assumed to
// be the destination; the "go" is held and the fact named.
TEST_F(CheckTest, MissingHeadquartersIsAHoldNamingTheFact) {
  Decision d = Decide(Req("H100", "DE", "2024-01-01"));
  EXPECT_EQ(d.outcome, Outcome::kHold);
  ASSERT_EQ(d.holds.size(), 1u);
  EXPECT_EQ(d.holds[0].kind, "missing_fact");
  EXPECT_EQ(d.holds[0].subject, "end_user_hq");
  EXPECT_EQ(d.holds[0].rule->id, "US-EAR-ACS23-HQ");
  // An item below 3A090 does not depend on it.
  EXPECT_EQ(Decide(Req("H20", "DE", "2024-01-01")).outcome, Outcome::kNoLicenseRequired);
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
  r.end_user_hq = "CN";
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
  CheckRequest cn = Req("RTX 4090", "CN", "2024-06-01");  // consumer 3A090.a.1 >= 4800
  cn.end_user_hq = "CN";
  Decision nac = Decide(cn);
  EXPECT_EQ(nac.outcome, Outcome::kLicenseException);
  ASSERT_EQ(nac.exceptions.size(), 1u);
  EXPECT_EQ(nac.exceptions[0]->exception, "NAC");
  EXPECT_FALSE(nac.duties.empty());
  CheckRequest vn = Req("MI210", "VN", "2024-06-01");  // datacenter 3A090.b (a 4A090.b card) to D:1
  vn.end_user_hq = "VN";
  Decision aca = Decide(vn);
  EXPECT_EQ(aca.outcome, Outcome::kLicenseException);
  ASSERT_EQ(aca.exceptions.size(), 1u);
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
  r.as_of = *Date::Parse("2024-01-01");
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
  EXPECT_NE(text.find("quantity must be a whole number of units from 1 to 1000000000, not `-5`"), std::string::npos) << text;
  EXPECT_NE(text.find("owner shares add up to 110%"), std::string::npos) << text;
}

// Part 746: every item subject to the EAR, whatever its ECCN (ear-scope.md §1).
TEST_F(CheckTest, EmbargoedDestinationsNeedALicenceForEveryGpu) {
  for (const char* to : {"IR", "KP", "CU", "SY", "RU", "BY", "UA-43", "UA-40", "UA-14", "UA-09"}) {
    Decision d = Decide(Req("RTX 4090D", to, "2024-06-01"));
    EXPECT_EQ(d.outcome, Outcome::kLicenseRequired) << to;
  }
  // Iran: OFAC's ITSR beside the EAR, and no licence exception at all.
  Decision ir = Decide(Req("L4", "IR", "2024-06-01"));
  EXPECT_TRUE(Has(ir, "US-OFAC-ITSR"));
  EXPECT_TRUE(Has(ir, "US-EAR-746.7-IR-CCL"));
  // Crimea from 2015-01-29; the DNR/LNR regions from 2022-02-24.
  EXPECT_EQ(Decide(Req("RTX 4090D", "UA-14", "2022-02-23")).outcome, Outcome::kNoLicenseRequired);
  EXPECT_EQ(Decide(Req("RTX 4090D", "UA-14", "2022-02-24")).outcome, Outcome::kLicenseRequired);
  // Syria after 2025-09-02: still a licence, CCD for an independent NGO (V2), SPP for EAR99.
  CheckRequest sy = Req("RTX 4090D", "SY", "2025-10-01");
  sy.end_user_type = "independent_ngo";
  Decision ccd = Decide(sy);
  EXPECT_EQ(ccd.outcome, Outcome::kLicenseException);
  ASSERT_EQ(ccd.exceptions.size(), 1u);
  EXPECT_EQ(ccd.exceptions[0]->exception, "CCD");
  sy.as_of = *Date::Parse("2025-09-01");
  EXPECT_EQ(Decide(sy).outcome, Outcome::kLicenseRequired);
}

// NAC is never available where Part 744 or 746 applies (§740.8(b)).
TEST_F(CheckTest, NacIsBarredByPart746AndPart744) {
  CheckRequest ru = Req("RTX 4090", "RU", "2024-06-01");
  ru.end_user_hq = "RU";
  Decision d = Decide(ru);
  EXPECT_EQ(d.outcome, Outcome::kLicenseRequired);
  ASSERT_FALSE(d.unavailable_exceptions.empty());
  EXPECT_EQ(d.unavailable_exceptions[0].exception->exception, "NAC");
  CheckRequest cn = Req("RTX 4090", "CN", "2024-06-01");
  cn.end_user_hq = "CN";
  cn.end_use = {"supercomputer"};
  Decision sc = Decide(cn);
  EXPECT_EQ(sc.outcome, Outcome::kLicenseRequired);
  ASSERT_FALSE(sc.unavailable_exceptions.empty());
  EXPECT_NE(sc.unavailable_exceptions[0].reason.find("744"), std::string::npos) << sc.unavailable_exceptions[0].reason;
}

// §744.21 by country and date: Nicaragua from 2024-03-15; a 3A991.p chip for the PLA.
TEST_F(CheckTest, MilitaryEndUseByCountryAndDate) {
  CheckRequest ni = Req("RTX 4090D", "NI", "2024-03-14");
  ni.end_use = {"military"};
  // Whose military? A Chinese, Russian or Venezuelan one anywhere is caught: without the
  // headquarters the answer is a hold.
  EXPECT_EQ(Decide(ni).outcome, Outcome::kHold);
  ni.end_user_hq = "NI";
  EXPECT_EQ(Decide(ni).outcome, Outcome::kNoLicenseRequired);
  ni.as_of = *Date::Parse("2024-03-15");
  Decision d = Decide(ni);
  EXPECT_EQ(d.outcome, Outcome::kLicenseRequired);
  EXPECT_TRUE(Has(d, "US-EAR-744.21-NI"));
  CheckRequest pla = Req("H20", "CN", "2024-06-01");
  pla.end_use = {"military"};
  EXPECT_TRUE(Has(Decide(pla), "US-EAR-744.21-CN-RU-VE"));
  CheckRequest mi = Req("H20", "VE", "2024-06-01");
  mi.end_use = {"military_intelligence"};
  EXPECT_TRUE(Has(Decide(mi), "US-EAR-744.22"));
}

// Unknown tags, regions and figures are errors naming the field, never ignored.
TEST_F(CheckTest, UnknownVocabularyIsAnErrorNamingTheField) {
  CheckRequest r = Req("RTX 4090D", "CN", "2024-06-01");
  r.end_use = {"militray"};
  auto d = (*engine_)->Check(r);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field(), "end_use");
  EXPECT_NE(d.error().message().find("unknown end-use tag `militray`"), std::string::npos);
  r.end_use.clear();
  r.destination = "UA-99";
  d = (*engine_)->Check(r);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field(), "destination");
  r.destination = "CN";
  r.us_content = 120;
  d = (*engine_)->Check(r);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field(), "us_content");
  r.us_content.reset();
  r.origin = "ZZ";
  d = (*engine_)->Check(r);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field(), "origin");
}

// A foreign-made item is subject to the EAR above de minimis (25%, 10% to E:1/E:2) or through an
// FDP rule; unknown US content is a hold, never a silent "not subject".
TEST_F(CheckTest, ForeignMadeItemsAndDeMinimis) {
  CheckRequest r = Req("MTT S4000", "MY", "2024-06-01");  // Chinese-designed card, origin and US technology unknown
  r.ship_from = "CN";
  r.origin = "CN";
  r.end_user_hq = "MY";
  // Not a destination or buyer the FDP rules reach (MY, headquartered in MY): only de minimis
  // decides, and the US content was not given.
  Decision held = Decide(r);
  EXPECT_EQ(held.outcome, Outcome::kHold);
  ASSERT_EQ(held.holds.size(), 1u);
  EXPECT_EQ(held.holds[0].subject, "us_content");
  ASSERT_FALSE(held.scope.empty());
  EXPECT_EQ(held.scope[0].subject, "unknown");
  r.us_technology = false;
  r.us_content = 20;  // below 25%
  Decision out = Decide(r);
  ASSERT_FALSE(out.scope.empty());
  EXPECT_EQ(out.scope[0].subject, "no");
  r.us_content = 30;
  Decision in = Decide(r);
  EXPECT_EQ(in.scope[0].subject, "yes");
  // Ascend 910B: subject per the 2025-05-13 guidance and a licence wherever it goes.
  CheckRequest ascend = Req("Ascend 910B", "MY", "2025-05-13");
  ascend.ship_from = "CN";
  ascend.end_user_hq = "MY";
  Decision a = Decide(ascend);
  EXPECT_EQ(a.outcome, Outcome::kLicenseRequired);
  EXPECT_TRUE(Has(a, "US-GUID-2025-05"));
}

// A waiver resting on an inference lifts the requirement but cannot give a "go" by itself.
TEST_F(CheckTest, DistributorH20IsHeldNotCleared) {
  CheckRequest r = Req("H20", "CN", "2025-09-01");
  r.exporter = "Example Distribution Ltd";
  Decision d = Decide(r);
  EXPECT_EQ(d.outcome, Outcome::kHold);
  ASSERT_FALSE(d.holds.empty());
  EXPECT_EQ(d.holds[0].kind, "weak_evidence");
  EXPECT_EQ(d.holds[0].subject, "US-ISINF-2025-H20-THIRDPARTY");
}

// A block-band hit in force always decides: every list kind the screener can report is consumed by
// a rule, so no hit is ever shown beside a "go", and the rule is the one of that list (a match on
// the UN list is not cited as the Entity List). Denied persons and SDNs are prohibitions
// (General Prohibition Four, 15 CFR 736.2(b)(4); OFAC blocking); lists whose effect the engine does
// not model stop the shipment under their own rule.
TEST_F(CheckTest, EveryListKindsBlockHitIsDecidedByThatListsRule) {
  const std::pair<const char*, const char*> kinds[] = {
      {"entity_list", "US-EAR-EL"}, {"sdn", "US-OFAC-SDN"},  {"meu", "US-EAR-MEU"},
      {"dpl", "US-EAR-DPL"},        {"uvl", "LISTS-OTHER"},  {"isn", "LISTS-OTHER"},
      {"un", "LISTS-OTHER"},        {"some-imported-list", "LISTS-OTHER"}};
  for (const auto& [kind, rule] : kinds) {
    CheckRequest r = Req("H20", "SG", "2024-06-01");
    r.end_user = std::string("kind:") + kind;
    r.end_user_hq = "SG";
    Decision d = Decide(r);
    EXPECT_TRUE(d.outcome == Outcome::kLicenseRequired || d.outcome == Outcome::kProhibited) << kind << ": " << OutcomeName(d.outcome);
    std::vector<std::string> ids;
    for (const Rule* x : d.deciding_rules) ids.push_back(x->id);
    EXPECT_TRUE(std::ranges::find(ids, rule) != ids.end()) << kind << " should be decided by " << rule << ", got " << fmt::format("{}", fmt::join(ids, ", "));
    if (std::string_view(kind) != "entity_list")
      EXPECT_TRUE(std::ranges::find(ids, "US-EAR-EL") == ids.end()) << kind << " is cited as the Entity List";
  }
  CheckRequest r = Req("H20", "SG", "2024-06-01");
  r.end_user = "kind:dpl";
  r.end_user_hq = "SG";
  EXPECT_EQ(Decide(r).outcome, Outcome::kProhibited);
}

// Review-band hits respect listing dates like block-band hits; one in force stops a "go".
TEST_F(CheckTest, OpenReviewHitIsAHoldFromItsListingDate) {
  CheckRequest r = Req("H20", "SG", "2023-12-31");
  r.end_user = "Maybe Listed Ltd";
  r.end_user_hq = "SG";
  EXPECT_EQ(Decide(r).outcome, Outcome::kNoLicenseRequired);
  r.as_of = *Date::Parse("2024-01-01");
  Decision d = Decide(r);
  EXPECT_EQ(d.outcome, Outcome::kHold);
  ASSERT_EQ(d.holds.size(), 1u);
  EXPECT_EQ(d.holds[0].kind, "open_screening_hit");
}

// A party name with letters the screener cannot read is no "clear": the decision holds, naming
// them, whatever the lists say about the rest; a licence requirement is not lowered to a hold.
TEST_F(CheckTest, ANameTheScreenerCannotReadIsAHold) {
  CheckRequest r = Req("H20", "SG", "2024-06-01");
  r.end_user_hq = "SG";
  r.end_user = "Angkor Trading";
  EXPECT_EQ(Decide(r).outcome, Outcome::kNoLicenseRequired);
  r.end_user = "unread:ក្រុមហ៊ុន";
  Decision d = Decide(r);
  EXPECT_EQ(d.outcome, Outcome::kHold);
  ASSERT_EQ(d.holds.size(), 1u);
  EXPECT_EQ(d.holds[0].kind, "unread_name");
  EXPECT_NE(d.holds[0].text.find("ក្រុមហ៊ុន"), std::string::npos) << d.holds[0].text;
  r.end_user = "Angkor Trading";
  r.owners = {Owner{"unread:ពត", 30}};
  EXPECT_EQ(Decide(r).outcome, Outcome::kHold);
  r.owners.clear();
  r.end_user = "unread:ក្រុមហ៊ុន";
  r.destination = "CN";
  r.as_of = *Date::Parse("2025-05-01");
  EXPECT_EQ(Decide(r).outcome, Outcome::kLicenseRequired);
}

TEST_F(CheckTest, DecisionIdsAreDeterministic) {
  EXPECT_EQ(Decide(Req("H20", "CN", "2025-05-01")).decision_id, Decide(Req("H20", "CN", "2025-05-01")).decision_id);
  EXPECT_NE(Decide(Req("H20", "CN", "2025-05-01")).decision_id, Decide(Req("H20", "CN", "2025-05-02")).decision_id);
}

// The same question under another list version is another decision: the id covers the lists the
// answer was screened against, and the decision names them.
TEST_F(CheckTest, ANewListVersionGivesANewDecisionId) {
  CheckRequest r = Req("H20", "CN", "2025-05-01");
  r.end_user = "Example Cloud Ltd";
  const Decision before = Decide(r);
  ASSERT_EQ(before.lists.size(), 1u);
  EXPECT_EQ(before.lists[0].version, "v1");
  auto newer = std::make_shared<FakeScreener>();
  newer->versions = {{"sdn", "v2", "bb"}};
  newer->fingerprint = "sdn-v2";
  auto engine = (*engine_)->WithScreener(newer);
  auto after = engine->Check(r);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->outcome, before.outcome);
  EXPECT_NE(after->decision_id, before.decision_id);
  EXPECT_EQ(after->lists[0].version, "v2");
}

// What a decision answers, without the trace and the rules listed only to explain it: the
// outcome, policy, every rule that fired or was lifted or barred, the holds, the items reported
// beside the outcome, and the id.
std::string Answer(const Decision& d) {
  std::string out = fmt::format("{} {} {}\n", OutcomeName(d.outcome), static_cast<int>(d.review_policy), d.decision_id);
  auto ids = [&](std::string_view what, const std::vector<const Rule*>& rules) {
    out += fmt::format("{}:", what);
    for (const Rule* r : rules) out += " " + r->id;
    out += "\n";
  };
  ids("requirements", d.requirements);
  ids("exceptions", d.exceptions);
  ids("waived", d.waived);
  ids("waivers", d.waivers);
  for (const UnavailableException& u : d.unavailable_exceptions) out += fmt::format("unavailable: {} {}\n", u.exception->id, u.reason);
  for (const Hold& h : d.holds) out += fmt::format("hold: {} {} {}\n", h.kind, h.subject, h.text);
  for (const std::string& duty : d.duties) out += "duty: " + duty + "\n";
  for (const Scope& s : d.scope) out += fmt::format("scope: {} {} {}\n", s.regime, s.subject, fmt::join(s.missing, ","));
  for (const auto* items : {&d.conditions, &d.import_restrictions, &d.permits})
    for (const DecisionItem& i : *items) out += fmt::format("item: {} {}\n", i.rule ? i.rule->id : "-", i.text);
  return out;
}

// A decision skips the rules that cannot fire before evaluating them: by each rule's index, and
// by evaluating every condition once on a context's facts alone (rules_in_context.h). Skipping
// must never change an answer. Across every catalog chip, destinations in every country group and
// region, each date a rule takes or loses effect, end uses, transit, headquarters, exporters,
// origins, US content and listed parties, the decision without a trace (rules skipped) is the one
// with a trace (every rule evaluated).
TEST_F(CheckTest, SkippingRulesThatCannotFireNeverChangesTheAnswer) {
  const Engine& engine = **engine_;
  std::vector<Date> dates;
  for (const Rule& r : engine.rules().rules())
    for (Date d : {r.effective.from, r.effective.to})
      if (d != Date::Min() && d != Date::Max())
        for (int shift : {-1, 0, 1}) dates.push_back(Date::FromDays(d.days() + shift));
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  ASSERT_GT(dates.size(), 30u);
  const std::vector<std::string> destinations = {"CN", "HK", "MO", "RU", "BY", "IR", "KP", "CU", "SY", "UA-43", "UA-40", "UA-14",
                                                 "UA-09", "UA", "VE", "NI", "MM", "KH", "IQ", "AE", "SA", "MY", "SG", "VN", "IN",
                                                 "IL", "DE", "JP", "GB", "US", "TW", "KR", "AM", "KZ", "TR", "LB", "AF", "BR", "MX"};
  std::vector<std::string> tags;
  for (const EndUseTag& t : engine.rules().end_use_tags()) tags.push_back(t.tag);
  const std::vector<std::string> parties = {"", "", "Example Cloud Ltd", "Biren Technology", "Maybe Listed Ltd", "Blocked Corp", "kind:meu"};
  const std::vector<std::string> origins = {"", "", "CN", "TW", "US", "MY"};
  const std::vector<std::string> ship_from = {"US", "US", "US", "SG", "MY", "TW", "KR"};
  const std::vector<std::string> types = {"", "individual", "independent_ngo", "commercial", "government"};
  std::mt19937 random(20261203);
  auto pick = [&](const auto& v) -> const auto& { return v[random() % v.size()]; };
  const std::vector<Chip>& chips = engine.catalog().chips();
  int checked = 0, differing = 0, went = 0;
  for (int i = 0; i < 6000; ++i) {
    CheckRequest r;
    r.chip = &chips[random() % chips.size()];
    r.destination = pick(destinations);
    r.as_of = pick(dates);
    r.quantity = 1 + random() % 5000;
    r.ship_from = pick(ship_from);
    r.end_user = pick(parties);
    switch (random() % 4) {
      case 0: break;
      case 1: r.end_user_hq = r.destination.substr(0, 2); break;
      default: r.end_user_hq = pick(destinations).substr(0, 2);
    }
    for (int n = static_cast<int>(random() % 4); n > 1; --n) r.end_use.push_back(pick(tags));
    if (random() % 8 == 0) r.via.push_back(pick(destinations).substr(0, 2));
    if (random() % 4 == 0) r.exporter = random() % 2 ? "Example Distributor" : "nvidia";
    r.origin = pick(origins);
    if (random() % 3 == 0) r.us_content = static_cast<double>(random() % 60);
    if (random() % 5 == 0) r.us_technology = random() % 2 == 0;
    r.end_user_type = pick(types);
    auto fast = engine.Check(r, false);
    auto full = engine.Check(r, true);
    ASSERT_EQ(fast.ok(), full.ok());
    if (!fast.ok()) continue;
    ++checked;
    went += fast->outcome == Outcome::kNoLicenseRequired || fast->outcome == Outcome::kLicenseException;
    if (Answer(*fast) != Answer(*full) && ++differing <= 3)
      ADD_FAILURE() << r.chip->id << " to " << r.destination << " on " << r.as_of.ToString() << "\nskipping:\n"
                    << Answer(*fast) << "every rule:\n" << Answer(*full);
  }
  EXPECT_EQ(differing, 0);
  EXPECT_GT(checked, 5000);
  EXPECT_GT(went, 500);           // the "go" answers, which a wrong skip would produce, are well represented
  EXPECT_LT(went, checked - 500);
}

}  // namespace
}  // namespace exportctl
