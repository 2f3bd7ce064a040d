// Screening real names against the real SDN list of 2024-05-03 and the bundled Entity List excerpt.
#include <gtest/gtest.h>

#include <thread>

#include "exportctl/screen.h"

namespace exportctl::screen {
namespace {

const Screener& Shared() {
  static std::shared_ptr<const Screener> s = [] {
    auto r = Screener::FromFiles(
        {{"sdn", std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/ofac/sdn-2024-05-03.csv"},
         {"entity-list-curated",
          std::string(EXPORTCTL_SOURCE_DIR) + "/data/lists/entity-list-curated.csv"}});
    if (!r.ok()) {
      ADD_FAILURE() << r.error().ToString();
      std::abort();
    }
    return *r;
  }();
  return *s;
}

std::string TopId(std::string_view name, PartyType type = PartyType::kAny) {
  ScreenOptions opts;
  opts.type = type;
  auto hits = Shared().Screen(name, opts);
  return hits.empty() ? "" : hits.front().entry_id;
}

TEST(ScreenerTest, ReorderedMisspelledAndAliasFormsOfSdnEntries) {
  EXPECT_EQ(TopId("Vladimir Vladimirovich Putin"), "35096");
  EXPECT_EQ(Shared().Screen("Vladimir Vladimirovich Putin", ScreenOptions{})[0].list_kind, "sdn");
  EXPECT_EQ(TopId("Putin Vladimir"), "35096");
  EXPECT_EQ(TopId("Igor Setchin"), "16692");                 // misspelt
  EXPECT_EQ(TopId("Oleg Deripaska", PartyType::kPerson), "24283");
  EXPECT_EQ(TopId("Banco Nacional de Cuba"), "306");
  EXPECT_EQ(TopId("Mousa Mohammed Abu Marzook"), "3754");    // "ABU MARZOOK, Mousa Mohammed"
}

// Screening "against" a list that is not loaded must not read as a clear result.
// A hit needs informative evidence (docs/screening.md "Informative evidence", "Weak aliases").
TEST(ScreenerTest, OneUninformativeWordDoesNotCarryAMatch) {
  auto top = [](std::string_view name) {
    auto hits = Shared().Screen(name, ScreenOptions{});
    return hits.empty() ? std::string("none") : hits.front().matched_name + " " + std::string(BandName(hits.front().band));
  };
  // OFAC's weak a.k.a.s (quoted in the remarks) match only a query they cover, and never block.
  EXPECT_EQ(top("Omar Johnson"), "none");
  EXPECT_EQ(top("El Senor"), "'EL SENOR' review");
  auto weak = Shared().Screen("Omar Johnson Trading", ScreenOptions{.min_score = 0.0, .limit = 500});
  for (const ScreeningHit& h : weak) {
    if (h.matched_name == "'OMAR'") EXPECT_NE(h.explanation.limit, "") << h.score;
  }
  // One-word listed names still match themselves; a ship's name inside a person's does not.
  EXPECT_EQ(top("HAMAS"), "HAMAS block");
  EXPECT_EQ(top("Elsa"), "ELSA block");
  EXPECT_EQ(top("Elsa Lübs"), "none");
  // A company's name does not hit a person through one shared word.
  EXPECT_EQ(top("Jordan LLC"), "none");
  // Two edits in one long word still match (the index finds the word, the scorer accepts it).
  EXPECT_EQ(TopId("LATIOCNM LTD"), "48481");
}

TEST(ScreenerTest, UnknownListIdIsAnErrorNotAnEmptyResult) {
  ScreenOptions opts;
  opts.lists = {"no-such-list"};
  auto checked = Shared().CheckOptions(opts);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().field(), "lists");
  EXPECT_NE(checked.error().message().find("unknown list `no-such-list`"), std::string::npos);
  opts.lists = {"entity-list-curated"};
  EXPECT_TRUE(Shared().CheckOptions(opts).ok());
}

// A name typed in Arabic script finds the SDN entry listed in Latin letters (the index keys
// words by consonants too); a Latin query still finds nothing through a short Arabic word.
TEST(ScreenerTest, ArabicScriptFindsTheLatinListing) {
  auto saddam = Shared().Screen("صدام حسين التكريتي", ScreenOptions{});
  ASSERT_FALSE(saddam.empty());
  EXPECT_EQ(saddam[0].entry_name, "AL-TIKRITI, Saddam Hussein");
  EXPECT_EQ(saddam[0].band, Band::kReview);  // a word pair by consonants counts 0.9 at most: a review
  auto duri = Shared().Screen("عزت ابراهيم الدوري", ScreenOptions{});
  ASSERT_FALSE(duri.empty());
  EXPECT_EQ(duri[0].entry_name, "AL-DURI, Izzat Ibrahim");
  EXPECT_TRUE(Shared().Screen("امیر علی سغیری", ScreenOptions{}).empty());
}

// A Korean name in Hangul finds the listing in the DPRK's romanisation.
TEST(ScreenerTest, HangulFindsTheListedRomanisation) {
  auto kim = Shared().Screen("김정은", ScreenOptions{});
  ASSERT_FALSE(kim.empty());
  EXPECT_EQ(kim[0].entry_name, "KIM, Jong Un");
  EXPECT_EQ(kim[0].band, Band::kBlock);
  EXPECT_EQ(Shared().Screen("최룡해", ScreenOptions{})[0].entry_name, "CHOE, Ryong Hae");
}

// Khmer names (no ICU transform: a letter table, compared by consonants) find the SDN's
// Cambodian entries (GLOMAG, 2019 and 2021), also when each word has only two consonants and only
// the whole name's consonants can find the entry ("KIM, Kun": kn km).
TEST(ScreenerTest, KhmerFindsTheLatinListing) {
  auto kun_kim = Shared().Screen("គន់ គីម", ScreenOptions{});
  ASSERT_FALSE(kun_kim.empty());
  EXPECT_EQ(kun_kim[0].entry_name, "KIM, Kun");
  auto hing = Shared().Screen("ហ៊ីង ប៊ុនហៀង", ScreenOptions{});
  ASSERT_FALSE(hing.empty());
  EXPECT_EQ(hing[0].entry_name, "HIENG, Hing Bun");
}

// Burmese names, written without spaces between syllables, find the SDN's Burma entries (ICU's
// transform gave "mainnaaunglhaine" for Min Aung Hlaing: clear).
TEST(ScreenerTest, BurmeseFindsTheLatinListing) {
  auto mah = Shared().Screen("မင်းအောင်လှိုင်", ScreenOptions{});
  ASSERT_FALSE(mah.empty());
  EXPECT_EQ(mah[0].entry_name, "HLAING, Min Aung");
  EXPECT_EQ(mah[0].band, Band::kBlock);
  auto myint_swe = Shared().Screen("မြင့်ဆွေ", ScreenOptions{});
  ASSERT_FALSE(myint_swe.empty());
  EXPECT_EQ(myint_swe[0].entry_name, "SWE, Myint");
}

TEST(ScreenerTest, ChineseScriptAndPinyinFindEachOther) {
  auto hits = Shared().Screen("北京智谱华章科技有限公司", ScreenOptions{});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].entry_name, "Beijing Zhipu Huazhang Technology Co., Ltd.");
  EXPECT_EQ(hits[0].band, Band::kBlock);
  EXPECT_EQ(hits[0].start_date, "2025-01-16");
  EXPECT_EQ(hits[0].list, "entity-list-curated");
  EXPECT_EQ(hits[0].list_kind, "entity_list");
  EXPECT_EQ(hits[0].federal_register_notice, "90 FR 4617 (FR Doc 2025-00704)");  // not 2025-00480 (Sophgo, PowerAIR)
  // Traditional characters, and the pinyin without legal form.
  EXPECT_EQ(Shared().Screen("北京智譜華章科技有限公司", ScreenOptions{})[0].entry_name,
            "Beijing Zhipu Huazhang Technology Co., Ltd.");
  auto pinyin = Shared().Screen("Zhipu Huazhang", ScreenOptions{});
  ASSERT_FALSE(pinyin.empty());
  EXPECT_EQ(pinyin[0].entry_name, "Beijing Zhipu Huazhang Technology Co., Ltd.");
  // A Chinese name with no Chinese alias on the list: its pinyin ranks the right legal entity first.
  auto guangzhou = Shared().Screen("广州壁仞集成电路有限公司", ScreenOptions{});
  ASSERT_FALSE(guangzhou.empty());
  EXPECT_EQ(guangzhou[0].entry_name, "Guangzhou Biren Integrated Circuit Co., Ltd.");
  EXPECT_EQ(guangzhou[0].band, Band::kBlock);
  EXPECT_GT(guangzhou[0].score, guangzhou[1].score);
  // The Chinese alias of Biren, screened in pinyin.
  auto biren = Shared().Screen("Shanghai Biren Zhineng Keji", ScreenOptions{});
  ASSERT_FALSE(biren.empty());
  EXPECT_NE(biren[0].entry_name.find("Biren"), std::string::npos);
  // Pinyin legal forms and generic words read as their English equivalents ("Keji Youxian Gongsi"
  // = "Technology Co., Ltd."), so the full pinyin name is as strong a match as the Chinese one.
  auto full = Shared().Screen("Beijing Zhipu Huazhang Keji Youxian Gongsi", ScreenOptions{});
  ASSERT_FALSE(full.empty());
  EXPECT_EQ(full[0].entry_name, "Beijing Zhipu Huazhang Technology Co., Ltd.");
  EXPECT_EQ(full[0].band, Band::kBlock);
  auto intelligent = Shared().Screen("Shanghai Biren Zhineng Keji Youxian Gongsi", ScreenOptions{});
  ASSERT_FALSE(intelligent.empty());
  EXPECT_EQ(intelligent[0].entry_name, "Shanghai Biren Intelligent Technology Co., Ltd.");
}

TEST(ScreenerTest, CommonWordsAloneDoNotHit) {
  EXPECT_TRUE(Shared().Screen("China Technology Trading Co., Ltd.", ScreenOptions{}).empty());
  EXPECT_TRUE(Shared().Screen("International Trading Company Limited", ScreenOptions{}).empty());
  EXPECT_TRUE(Shared().Screen("", ScreenOptions{}).empty());
  EXPECT_TRUE(Shared().Screen(" ,. ", ScreenOptions{}).empty());
}

TEST(ScreenerTest, OptionsFilterAndExplain) {
  ScreenOptions opts;
  opts.type = PartyType::kVessel;
  EXPECT_TRUE(Shared().Screen("Vladimir Putin", opts).empty());
  opts = ScreenOptions{};
  opts.lists = {"entity-list-curated"};
  EXPECT_TRUE(Shared().Screen("Vladimir Putin", opts).empty());
  opts = ScreenOptions{};
  auto hits = Shared().Screen("Vladimir Pulin", opts);
  ASSERT_FALSE(hits.empty());
  EXPECT_FALSE(hits[0].explanation.pairs.empty());
  for (size_t i = 1; i < hits.size(); ++i) EXPECT_GE(hits[i - 1].score, hits[i].score);
  opts.explain = false;
  EXPECT_TRUE(Shared().Screen("Vladimir Pulin", opts)[0].explanation.pairs.empty());
}

TEST(ScreenerTest, ConcurrentQueriesAgree) {
  const Screener& s = Shared();
  std::vector<std::thread> threads;
  std::vector<std::string> results(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto hits = s.Screen(i % 2 ? "Igor Setchin" : "北京智谱华章科技有限公司", ScreenOptions{});
        if (i == 49) results[t] = hits.empty() ? "" : hits[0].entry_id;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& r : results) EXPECT_EQ(r, results[0]);
  EXPECT_EQ(results[0], "16692");
}

TEST(ScreenerTest, LoadReportsBadBundledFile) {
  auto r = Screener::FromFiles({{"x", "/nonexistent/list.csv"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().ToString().find("/nonexistent/list.csv"), std::string::npos);
}

}  // namespace
}  // namespace exportctl::screen

namespace exportctl::screen {
namespace {

TEST(ScreenMemoTest, SameResultsAndReuse) {
  auto screener = Screener::FromFiles(
      {{"entity-list-curated", std::string(EXPORTCTL_SOURCE_DIR) + "/data/lists/entity-list-curated.csv"}});
  ASSERT_TRUE(screener.ok());
  ScreenMemo memo(*screener, 32);
  ScreenOptions opts;
  auto first = memo.Screen("Moore Threads", opts);
  auto again = memo.Screen("Moore Threads", opts);
  EXPECT_EQ(first.get(), again.get());  // served from the memo
  auto direct = (*screener)->Screen("Moore Threads", opts);
  ASSERT_EQ(first->size(), direct.size());
  ASSERT_FALSE(direct.empty());
  EXPECT_EQ((*first)[0].entry_id, direct[0].entry_id);
  opts.lists = {"sdn"};  // different options, different answer
  EXPECT_TRUE(memo.Screen("Moore Threads", opts)->empty());
  for (int i = 0; i < 200; ++i) memo.Screen("party " + std::to_string(i), ScreenOptions{});  // bounded
  EXPECT_FALSE(memo.Screen("Moore Threads", ScreenOptions{})->empty());
}

}  // namespace
}  // namespace exportctl::screen

namespace exportctl::screen {
namespace {

TEST(ScreenerCountryTest, DropsOnlyComparableOtherCountries) {
  auto s = Screener::FromFiles(
      {{"entity-list-curated", std::string(EXPORTCTL_SOURCE_DIR) + "/data/lists/entity-list-curated.csv"}});
  ASSERT_TRUE(s.ok());
  ScreenOptions opts;
  opts.country = "CN";
  for (const auto& h : (*s)->Screen("Inspur Taiwan Co., Ltd.", opts)) EXPECT_EQ(h.country, "CN");
  opts.country = "tw";
  auto tw = (*s)->Screen("Inspur Taiwan Co., Ltd.", opts);
  ASSERT_FALSE(tw.empty());
  EXPECT_EQ(tw[0].entry_name, "Inspur Taiwan Co., Ltd.");
  for (const auto& h : tw) EXPECT_EQ(h.country, "TW");
}

}  // namespace
}  // namespace exportctl::screen
