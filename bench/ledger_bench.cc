// Ledger throughput: accepted shipments per second, each decided by the real engine (bundled
// rules, catalog and lists, as `exportctl ship` does) and recorded in its own committed
// transaction (cap re-check, idempotency lookup, decision, entry and audit-chain append).
//   SQLite, one writer:       BM_LedgerShipSqlite
//   PostgreSQL, 8 writers:    BM_LedgerShipPostgres/threads:8 (needs EXPORTCTL_TEST_PG_URL; each
//                             thread has its own connection, all ship against one licence)
//                             BM_LedgerShipPostgres8Processes (8 processes, one connection each)
// Run: build/release/bench/ledger_bench --benchmark_filter=Ledger
#include <benchmark/benchmark.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "app/ledger_open.h"
#include "app/shipment_decider.h"
#include "exportctl/engine.h"
#include "exportctl/ledger.h"

namespace exportctl {
namespace {

// The engine every benchmark ledger decides with, loaded once.
std::shared_ptr<const Engine> BenchEngine() {
  static const std::shared_ptr<const Engine> engine = [] {
    auto e = Engine::Load({EXPORTCTL_SOURCE_DIR "/data", {}});
    if (!e) {
      std::fprintf(stderr, "cannot load the engine: %s\n", e.error().ToString().c_str());
      std::exit(1);
    }
    return *e;
  }();
  return engine;
}

Result<std::unique_ptr<Ledger>> OpenBenchLedger(const std::string& url) {
  return Ledger::Open(url, app::EngineLedgerOptions([] { return BenchEngine(); }));
}

Licence BenchLicence() {
  Licence l;
  l.number = "BENCH-1";
  l.holder = "Bench";
  l.authority = "BIS";
  l.items = {"nvidia-h20"};
  l.destinations = {"CN"};
  l.consignees = {"Example Cloud Ltd"};
  l.quantity_cap = 1'000'000'000;
  l.value_cap = Money{1'000'000'000'000'000, "USD"};
  l.valid_from = *Date::Parse("2026-01-01");
  l.valid_to = *Date::Parse("2026-12-31");
  return l;
}

ShipmentRequest BenchShipment(std::string key) {
  ShipmentRequest r;
  r.idempotency_key = std::move(key);
  r.licence_number = "BENCH-1";
  r.chip = "nvidia-h20";
  r.destination = "CN";
  r.consignee = "Example Cloud Ltd";
  r.quantity = 1;
  r.unit_price = Money{1200000, "USD"};
  r.ship_date = *Date::Parse("2026-02-10");
  r.facts_json = R"({"end_user_hq": "CN", "end_user_type": "commercial"})";
  return r;
}

std::atomic<long> g_key{0};

// Migrates and records the bench licence at once, as a one-person desk (approvals off: the local
// operator), so that the licence is in force without a second approver. Ok when already there.
bool SetUpBenchLedger(Ledger& ledger) {
  if (!ledger.Migrate()) return false;
  ledger.SetActor(Actor{.name = "os:bench", .local = true});
  if (!ledger.SetApprovalsRequired(false)) return false;
  auto added = ledger.AddLicence(BenchLicence());
  return added.ok() || added.error().code() == ErrorCode::kConflict;
}

void BM_LedgerShipSqlite(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / ("exportctl_ledger_bench_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  auto ledger = OpenBenchLedger("sqlite:" + (dir / "ledger.sqlite").string());
  if (!ledger || !SetUpBenchLedger(**ledger)) {
    state.SkipWithError("cannot set up the sqlite ledger");
    return;
  }
  for (auto _ : state) {
    auto e = (*ledger)->Ship(BenchShipment("s" + std::to_string(g_key++)));
    if (!e) {
      state.SkipWithError(e.error().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  ledger->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_LedgerShipSqlite)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(3.0);

// The same, 100 shipments per transaction (ShipBatch: one commit per batch).
void BM_LedgerShipSqliteBatch100(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / ("exportctl_ledger_bench_b_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  auto ledger = OpenBenchLedger("sqlite:" + (dir / "ledger.sqlite").string());
  if (!ledger || !SetUpBenchLedger(**ledger)) {
    state.SkipWithError("cannot set up the sqlite ledger");
    return;
  }
  for (auto _ : state) {
    std::vector<ShipmentRequest> batch;
    for (int i = 0; i < 100; ++i) batch.push_back(BenchShipment("b" + std::to_string(g_key++)));
    auto results = (*ledger)->ShipBatch(batch);
    if (!results || !results->back()) {
      state.SkipWithError("batch failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * 100);
  ledger->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_LedgerShipSqliteBatch100)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

std::once_flag g_pg_setup;
bool g_pg_ready = false;

// The test database (EXPORTCTL_TEST_PG_URL), migrated and holding the bench licence, once per
// run; nullptr (and the benchmark skipped) when there is none.
const char* PostgresLedgerUrl(benchmark::State& state) {
  const char* url = std::getenv("EXPORTCTL_TEST_PG_URL");
  if (!url || !*url) {
    state.SkipWithError("EXPORTCTL_TEST_PG_URL not set (source scripts/start-postgres.sh)");
    return nullptr;
  }
  std::call_once(g_pg_setup, [&] {
    auto ledger = OpenBenchLedger(url);
    g_pg_ready = ledger && SetUpBenchLedger(**ledger);
  });
  if (!g_pg_ready) {
    state.SkipWithError("cannot set up the postgresql ledger");
    return nullptr;
  }
  return url;
}

void BM_LedgerShipPostgres(benchmark::State& state) {
  const char* url = PostgresLedgerUrl(state);
  if (!url) return;
  auto ledger = OpenBenchLedger(url);
  if (!ledger) {
    state.SkipWithError(ledger.error().ToString().c_str());
    return;
  }
  std::string prefix = "p" + std::to_string(getpid()) + "-";
  for (auto _ : state) {
    auto e = (*ledger)->Ship(BenchShipment(prefix + std::to_string(g_key++)));
    if (!e) {
      state.SkipWithError(e.error().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LedgerShipPostgres)->Threads(1)->Threads(8)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(3.0);

// 8 writer processes, each with its own connection, one shipment per transaction, for 3 s.
// Threads of one process combine their commits (postgres_store.cc); processes cannot, so this is
// the rate for 8 separate `exportctl ship` streams.
void BM_LedgerShipPostgres8Processes(benchmark::State& state) {
  const char* url = PostgresLedgerUrl(state);
  if (!url) return;
  constexpr int kWriters = 8;
  constexpr auto kDuration = std::chrono::seconds(3);
  long total = 0;
  BenchEngine();  // loaded once, before the writers fork
  for (auto _ : state) {
    int fds[2];
    if (pipe(fds) != 0) {
      state.SkipWithError("pipe failed");
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    for (int w = 0; w < kWriters; ++w) {
      if (fork() != 0) continue;
      long shipped = -1;  // -1: the writer failed
      if (auto ledger = OpenBenchLedger(url)) {
        shipped = 0;
        const std::string prefix = "pp" + std::to_string(getpid()) + "-";
        while (std::chrono::steady_clock::now() - start < kDuration) {
          if (!(*ledger)->Ship(BenchShipment(prefix + std::to_string(shipped)))) {
            shipped = -1;
            break;
          }
          ++shipped;
        }
      }
      if (write(fds[1], &shipped, sizeof shipped) != sizeof shipped) _exit(1);
      _exit(0);
    }
    close(fds[1]);
    for (int w = 0; w < kWriters; ++w) {
      long shipped = -1;
      if (read(fds[0], &shipped, sizeof shipped) != sizeof shipped || shipped < 0) {
        state.SkipWithError("a writer process failed");
        break;
      }
      total += shipped;
    }
    close(fds[0]);
    while (wait(nullptr) > 0) {
    }
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.SetItemsProcessed(total);
}
BENCHMARK(BM_LedgerShipPostgres8Processes)->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

// 8 writers, each committing 50 shipments per transaction (ShipBatch).
void BM_LedgerShipPostgresBatch50(benchmark::State& state) {
  const char* url = PostgresLedgerUrl(state);
  if (!url) return;
  auto ledger = OpenBenchLedger(url);
  if (!ledger) {
    state.SkipWithError(ledger.error().ToString().c_str());
    return;
  }
  std::string prefix = "pb" + std::to_string(getpid()) + "-";
  for (auto _ : state) {
    std::vector<ShipmentRequest> batch;
    for (int i = 0; i < 50; ++i) batch.push_back(BenchShipment(prefix + std::to_string(g_key++)));
    auto results = (*ledger)->ShipBatch(batch);
    if (!results || !results->back()) {
      state.SkipWithError(results ? results->back().error().ToString().c_str() : results.error().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * 50);
}
BENCHMARK(BM_LedgerShipPostgresBatch50)->Threads(8)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

}  // namespace
}  // namespace exportctl

BENCHMARK_MAIN();
