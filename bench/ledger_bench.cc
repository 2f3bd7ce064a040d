// Ledger throughput: accepted shipments per second, each its own committed transaction (cap
// re-check, idempotency lookup, entry and audit-chain append).
//   SQLite, one writer:       BM_LedgerShipSqlite
//   PostgreSQL, 8 writers:    BM_LedgerShipPostgres/threads:8 (needs EXPORTCTL_TEST_PG_URL; each
//                             thread has its own connection, all ship against one licence)
// Run: build/release/bench/ledger_bench --benchmark_filter=Ledger
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "exportctl/ledger.h"

namespace exportctl {
namespace {

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
  return r;
}

std::atomic<long> g_key{0};

void BM_LedgerShipSqlite(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / ("exportctl_ledger_bench_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  auto ledger = Ledger::Open("sqlite:" + (dir / "ledger.sqlite").string());
  if (!ledger || !(*ledger)->Migrate() || !(*ledger)->AddLicence(BenchLicence())) {
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
  auto ledger = Ledger::Open("sqlite:" + (dir / "ledger.sqlite").string());
  if (!ledger || !(*ledger)->Migrate() || !(*ledger)->AddLicence(BenchLicence())) {
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

void BM_LedgerShipPostgres(benchmark::State& state) {
  const char* url = std::getenv("EXPORTCTL_TEST_PG_URL");
  if (!url || !*url) {
    state.SkipWithError("EXPORTCTL_TEST_PG_URL not set (source scripts/start-postgres.sh)");
    return;
  }
  std::call_once(g_pg_setup, [&] {
    auto ledger = Ledger::Open(url);
    if (!ledger || !(*ledger)->Migrate()) return;
    auto added = (*ledger)->AddLicence(BenchLicence());
    g_pg_ready = added.ok() || added.error().code() == ErrorCode::kConflict;
  });
  if (!g_pg_ready) {
    state.SkipWithError("cannot set up the postgresql ledger");
    return;
  }
  auto ledger = Ledger::Open(url);
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

// 8 writers, each committing 50 shipments per transaction (ShipBatch).
void BM_LedgerShipPostgresBatch50(benchmark::State& state) {
  const char* url = std::getenv("EXPORTCTL_TEST_PG_URL");
  if (!url || !*url) {
    state.SkipWithError("EXPORTCTL_TEST_PG_URL not set (source scripts/start-postgres.sh)");
    return;
  }
  std::call_once(g_pg_setup, [&] {
    auto ledger = Ledger::Open(url);
    if (!ledger || !(*ledger)->Migrate()) return;
    auto added = (*ledger)->AddLicence(BenchLicence());
    g_pg_ready = added.ok() || added.error().code() == ErrorCode::kConflict;
  });
  auto ledger = Ledger::Open(url);
  if (!g_pg_ready || !ledger) {
    state.SkipWithError("cannot set up the postgresql ledger");
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
