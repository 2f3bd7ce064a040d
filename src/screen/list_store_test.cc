#include "screen/list_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/file.h"
#include "exportctl/screen.h"
#include "screen/csv_reader.h"

namespace exportctl::screen {
namespace {
namespace fs = std::filesystem;

const std::string kOfac = std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/ofac/";

class ListStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("screen-store-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(ListStoreTest, ImportStatusAndFailedImportKeepsPrevious) {
  ListStore store(root_.string());
  auto first = store.Import(kOfac + "sdn-2024-04-04.csv", "sdn", "2026-11-23T10:00:00Z");
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(first->version, "v1");
  EXPECT_EQ(first->entries, 14574u);
  EXPECT_EQ(first->content_sha256.size(), 64u);

  // A truncated copy of the newer list fails and leaves v1 in use.
  auto text = detail::ReadFile(kOfac + "sdn-2024-05-03.csv");
  ASSERT_TRUE(text.ok());
  fs::create_directories(root_);
  fs::path broken = root_ / "broken.csv";
  std::ofstream(broken) << text->substr(0, text->size() / 2 + 7);
  auto failed = store.Import(broken.string(), "sdn", "2026-11-23T11:00:00Z");
  ASSERT_FALSE(failed.ok());
  auto status = store.Status();
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->size(), 1u);
  EXPECT_EQ((*status)[0].version, "v1");
  EXPECT_EQ((*status)[0].entries, 14574u);

  auto second = store.Import(kOfac + "sdn-2024-05-03.csv", "sdn", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->version, "v2");
  status = store.Status();
  ASSERT_TRUE(status.ok());
  EXPECT_EQ((*status)[0].version, "v2");
  EXPECT_EQ((*status)[0].imported_at, "2026-11-23T12:00:00Z");
  EXPECT_NE((*status)[0].content_sha256, first->content_sha256);

  // The stored copy reads back with the same entries.
  auto v1 = store.Read("sdn@v1");
  ASSERT_TRUE(v1.ok()) << v1.error().ToString();
  EXPECT_EQ(v1->entries.size(), 14574u);
  EXPECT_FALSE(store.Read("sdn@v9").ok());
  EXPECT_FALSE(store.Import(kOfac + "sdn-2024-05-03.csv", "Bad Name", "t").ok());
}

TEST_F(ListStoreTest, DiffOfTwoRealSdnVersions) {
  auto old_list = ParseListFile(kOfac + "sdn-2024-04-04.csv");
  auto new_list = ParseListFile(kOfac + "sdn-2024-05-03.csv");
  ASSERT_TRUE(old_list.ok() && new_list.ok());
  ListDiff diff = DiffLists(*old_list, *new_list);
  // Counted independently by ent_num: 403 new ids, 12 ids gone between the two publications.
  EXPECT_EQ(diff.added.size(), 403u);
  EXPECT_EQ(diff.removed.size(), 12u);
  EXPECT_GT(diff.changed.size(), 0u);
  EXPECT_LE(diff.changed.size(), 10u);
}

TEST_F(ListStoreTest, MissingStoreIsEmpty) {
  ListStore store((root_ / "nothing").string());
  auto status = store.Status();
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(status->empty());
}

// A poisoned file is refused whole and the version in use stays: NUL bytes, another source's
// format (the UN XML given as --source sdn once took SDN from 14,574 entries to 1,003), and a
// shrink of more than a tenth unless confirmed.
TEST_F(ListStoreTest, PoisonedFilesAreRefusedAndTheStoreIsUnchanged) {
  ListStore store(root_.string());
  ASSERT_TRUE(store.Import(kOfac + "sdn-2024-04-04.csv", "sdn", "2026-11-23T10:00:00Z").ok());
  auto unchanged = [&] {
    auto status = store.Status();
    ASSERT_TRUE(status.ok());
    ASSERT_EQ(status->size(), 1u);
    EXPECT_EQ((*status)[0].version, "v1");
    EXPECT_EQ((*status)[0].entries, 14574u);
  };
  auto text = detail::ReadFile(kOfac + "sdn-2024-05-03.csv");
  ASSERT_TRUE(text.ok());
  fs::path nul = root_ / "nul.csv";
  std::string with_nul = *text;
  with_nul.insert(with_nul.find('\n', 1000) + 1, std::string("\0\0", 2));
  std::ofstream(nul, std::ios::binary) << with_nul;
  auto refused = store.Import(nul.string(), "sdn", "2026-11-23T11:00:00Z");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("NUL"), std::string::npos);
  EXPECT_GT(refused.error().where().line, 1);
  unchanged();

  auto wrong = store.Import(std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/un/UN_consolidated.xml", "sdn", "2026-11-23T11:00:00Z");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message().find("un-xml"), std::string::npos) << wrong.error().ToString();
  unchanged();

  // Three quarters of the newer list: a shrink of 25% is refused unless confirmed.
  std::string head = text->substr(0, text->size() * 3 / 4);
  head = head.substr(0, head.rfind('\n') + 1);
  fs::path shrunk = root_ / "shrunk.csv";
  std::ofstream(shrunk) << head;
  auto shrink = store.Import(shrunk.string(), "sdn", "2026-11-23T12:00:00Z");
  ASSERT_FALSE(shrink.ok());
  EXPECT_NE(shrink.error().message().find("--allow-shrink"), std::string::npos);
  unchanged();
  auto confirmed = store.Import(shrunk.string(), "sdn", "2026-11-23T12:00:00Z", ImportOptions{.allow_shrink = true});
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().ToString();
  EXPECT_EQ(confirmed->version, "v2");
}

// A stored version damaged after its import never stops the engine: the newest earlier version
// that reads is used and the problem is reported with it.
TEST_F(ListStoreTest, DamagedCurrentVersionFallsBackToTheLastGoodOne) {
  ListStore store((root_ / "lists").string());
  ASSERT_TRUE(store.Import(kOfac + "sdn-2024-04-04.csv", "sdn", "2026-11-23T10:00:00Z").ok());
  ASSERT_TRUE(store.Import(kOfac + "sdn-2024-05-03.csv", "sdn", "2026-11-23T11:00:00Z").ok());
  {
    std::ofstream damage(root_ / "lists" / "sdn" / "v2.csv", std::ios::app);
    damage << "\"unterminated,\"x\n";
  }
  auto screener = Screener::Load(std::string(EXPORTCTL_SOURCE_DIR) + "/data", root_.string());
  ASSERT_TRUE(screener.ok()) << screener.error().ToString();
  const ListInfo* sdn = nullptr;
  for (const ListInfo& l : (*screener)->lists())
    if (l.id == "sdn") sdn = &l;
  ASSERT_NE(sdn, nullptr);
  EXPECT_EQ(sdn->version, "v1");
  EXPECT_NE(sdn->problem.find("v2 is unreadable"), std::string::npos) << sdn->problem;
}

}  // namespace
}  // namespace exportctl::screen
