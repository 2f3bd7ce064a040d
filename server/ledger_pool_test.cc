// LedgerPool: connections opened lazily, never more than the limit, one borrower at a time,
// reused after a request, reopened after a discard.
#include "ledger_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "app/ledger_open.h"

namespace exportctl::server {
namespace {

class LedgerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("exportctl-pool-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "ledger.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  LedgerPool::Opener CountingOpener() {
    return [this]() -> Result<std::unique_ptr<Ledger>> {
      ++opened_;
      return app::OpenLedgerForUse(url_);
    };
  }

  std::filesystem::path dir_;
  std::string url_;
  std::atomic<int> opened_ = 0;
};

TEST_F(LedgerPoolTest, OpensLazilyAndReusesAReturnedConnection) {
  LedgerPool pool(CountingOpener(), 3);
  EXPECT_EQ(opened_, 0);
  Ledger* first = nullptr;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.error().ToString();
    first = &**lease;
    EXPECT_EQ((*lease)->SchemaVersion().value(), LatestLedgerSchemaVersion());  // a new file is migrated
  }
  auto again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(&**again, first);
  EXPECT_EQ(opened_, 1);
  EXPECT_EQ(pool.open_connections(), 1u);
}

TEST_F(LedgerPoolTest, LendsEachConnectionToOneBorrowerAndNeverOpensMoreThanTheLimit) {
  LedgerPool pool(CountingOpener(), 2);
  std::atomic<int> in_use = 0, most = 0, failures = 0;
  std::mutex mu;
  std::set<Ledger*> busy;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto lease = pool.Acquire();
        if (!lease.ok()) {
          ADD_FAILURE() << lease.error().ToString();
          ++failures;
          continue;
        }
        {
          std::lock_guard lock(mu);
          if (!busy.insert(&**lease).second) ++failures;  // lent twice at once
        }
        int now = ++in_use;
        for (int seen = most; now > seen && !most.compare_exchange_weak(seen, now);) {}
        if (!(*lease)->ListLicences().ok()) ++failures;
        --in_use;
        std::lock_guard lock(mu);
        busy.erase(&**lease);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_LE(most, 2);
  EXPECT_LE(opened_, 2);
  EXPECT_LE(pool.open_connections(), 2u);
}

TEST_F(LedgerPoolTest, ADiscardedConnectionIsReplacedAndOpenErrorsAreReported) {
  LedgerPool pool(CountingOpener(), 1);
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    lease->Discard();
  }
  EXPECT_EQ(pool.open_connections(), 0u);
  ASSERT_TRUE(pool.Acquire().ok());
  EXPECT_EQ(opened_, 2);

  LedgerPool broken([]() -> Result<std::unique_ptr<Ledger>> { return Error(ErrorCode::kIoError, "no database"); }, 1);
  auto failed = broken.Acquire();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message(), "no database");
  EXPECT_EQ(broken.open_connections(), 0u);  // the slot is free again: the next Acquire tries anew
  EXPECT_FALSE(broken.Acquire().ok());
}

}  // namespace
}  // namespace exportctl::server
