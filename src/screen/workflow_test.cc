// Loading from the store, whitelist and re-screening against the real SDN lists of 2024-04-04 and 2024-05-03.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "exportctl/date.h"

#include "screen/list_store.h"
#include "screen/rescreen.h"
#include "screen/whitelist.h"

namespace exportctl::screen {
namespace {
namespace fs = std::filesystem;

std::shared_ptr<const Screener> Sdn(const std::string& date) {
  auto r = Screener::FromFiles(
      {{"sdn", std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/ofac/sdn-" + date + ".csv"}});
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : nullptr;
}

TEST(WhitelistTest, SuppressesExactlyThePairUntilItExpires) {
  auto sdn = Sdn("2024-05-03");
  ASSERT_TRUE(sdn);
  auto hits = sdn->Screen("Vladimir Putin", ScreenOptions{});
  ASSERT_FALSE(hits.empty());
  ASSERT_EQ(hits[0].entry_id, "35096");
  WhitelistEntry entry{.id = 7, .party = "VLADIMIR PUTIN", .list = "sdn", .entry_id = "35096",
                       .reason = "different person: a Canadian hockey coach", .requested_by = "os:jdoe",
                       .approved_by = "asmith", .recorded_at = "2026-11-23T10:00:00Z",
                       .expires = *Date::Parse("2027-01-01")};
  Whitelist w({entry});
  EXPECT_EQ(w.fingerprint().size(), 64u);
  // Same party (spelt differently): cleared, with who and why.
  auto again = hits;
  EXPECT_EQ(w.Apply("vladimir  putin.", again, *Date::Parse("2026-12-31")), 1);
  EXPECT_EQ(again[0].band, Band::kClear);
  EXPECT_EQ(again[0].explanation.whitelisted,
            "clearance #7 requested by os:jdoe, approved by asmith on 2026-11-23: different person: a Canadian "
            "hockey coach (until 2027-01-01)");
  // From its expiry on, the hit is open again.
  auto expired = hits;
  EXPECT_EQ(w.Apply("Vladimir Putin", expired, *Date::Parse("2027-01-01")), 0);
  EXPECT_NE(expired[0].band, Band::kClear);
  // Another party matching the same entry is not cleared.
  auto other = sdn->Screen("Vladimir Vladimirovich Putin", ScreenOptions{});
  EXPECT_EQ(w.Apply("Vladimir Vladimirovich Putin", other, *Date::Parse("2026-12-01")), 0);
  EXPECT_NE(other[0].band, Band::kClear);
  EXPECT_EQ(Whitelist().fingerprint(), "");
}

TEST(WhitelistTest, ReadsClearancesToImportWithLineNumbers) {
  auto rows = ReadClearancesCsv(
      "party,list,entry_id,reason,reviewer,date\n"
      "\"Acme, Inc.\",sdn,123,\"same name, other company\",j.doe,2026-11-23\n",
      "old-whitelist.csv");
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].line, 2);
  EXPECT_EQ((*rows)[0].entry.party, "Acme, Inc.");
  EXPECT_EQ((*rows)[0].entry.reason, "same name, other company (reviewed by j.doe on 2026-11-23)");
  auto bad = ReadClearancesCsv("party,list,entry_id,reason,expires\nA,sdn,1,r,2026-13-01\n", "c.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().ToString().find("c.csv:2"), std::string::npos) << bad.error().ToString();
  EXPECT_FALSE(ReadClearancesCsv("name,list\nA,sdn\n", "c.csv").ok());
}

TEST(RescreenTest, OnlyNewHitsAfterAListUpdate) {
  auto old_sdn = Sdn("2024-04-04");
  auto new_sdn = Sdn("2024-05-03");
  ASSERT_TRUE(old_sdn && new_sdn);
  // "YOUSSEF, Adnan Mahmoud" is new in the May list; Putin is in both.
  std::vector<std::string> parties = {"Adnan Mahmoud Youssef", "Vladimir Putin", "Acme Widgets GmbH"};
  auto run = [&](const Screener& s) {
    std::vector<PartyHits> out;
    for (const auto& p : parties) out.push_back({p, s.Screen(p, ScreenOptions{})});
    return out;
  };
  auto first = run(*old_sdn);
  nlohmann::json saved = SaveScreening(first);
  EXPECT_FALSE(NewOrChangedHits(nullptr, first).empty());  // first run: all new
  EXPECT_TRUE(NewOrChangedHits(saved, first).empty());     // same list: nothing to review
  auto changes = NewOrChangedHits(saved, run(*new_sdn));
  ASSERT_FALSE(changes.empty());
  for (const HitChange& c : changes) {
    EXPECT_EQ(c.party, "Adnan Mahmoud Youssef");
    EXPECT_EQ(c.change, "new");
  }
}

}  // namespace
}  // namespace exportctl::screen

namespace exportctl::screen {
namespace {

TEST(LoadTest, BundledListsPlusCurrentImportedVersion) {
  fs::path home = fs::temp_directory_path() / ("screen-home-" + std::to_string(::getpid()));
  fs::remove_all(home);
  ListStore store((home / "lists").string());
  const std::string ofac = std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/ofac/";
  ASSERT_TRUE(store.Import(ofac + "sdn-2024-04-04.csv", "sdn", "2026-11-23T10:00:00Z").ok());
  // A broken newer file: the import fails and Load() still serves the April list.
  fs::path broken = home / "broken.csv";
  {
    std::ofstream out(broken);
    out << "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\n";
  }
  ASSERT_FALSE(store.Import(broken.string(), "sdn", "2026-11-23T11:00:00Z").ok());
  auto s = Screener::Load(std::string(EXPORTCTL_SOURCE_DIR) + "/data", home.string());
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  ASSERT_EQ((*s)->lists().size(), 2u);
  EXPECT_EQ((*s)->lists()[0].id, "entity-list-curated");
  EXPECT_EQ((*s)->lists()[1].id, "sdn");
  EXPECT_EQ((*s)->lists()[1].version, "v1");
  EXPECT_EQ((*s)->lists()[1].entries, 14574u);
  EXPECT_EQ((*s)->Screen("Igor Sechin", ScreenOptions{}).at(0).list, "sdn");
  EXPECT_EQ((*s)->Screen("Moore Threads", ScreenOptions{}).at(0).list, "entity-list-curated");
  EXPECT_TRUE((*s)->Screen("Adnan Mahmoud Youssef", ScreenOptions{}).empty());  // only in May
  fs::remove_all(home);
}

}  // namespace
}  // namespace exportctl::screen
