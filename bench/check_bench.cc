// Licence decisions per second on a mixed request set (chips, destinations, dates, end users),
// trace off, with end-user screening when restricted-party lists are loaded.
// Target (issue #4): >= 500,000 decisions per second per core.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "exportctl/engine.h"

// Heap allocations per decision are reported beside the rate: every one costs a malloc and a free.
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using exportctl::CheckRequest;
using exportctl::Date;

struct Fixture {
  std::shared_ptr<const exportctl::Engine> engine;
  std::vector<CheckRequest> requests;
};

const Fixture& TheFixture() {
  static const Fixture f = [] {
    Fixture fx;
    auto engine = exportctl::Engine::Load({std::string(EXPORTCTL_SOURCE_DIR) + "/data", {}});
    if (!engine.ok()) throw std::runtime_error(engine.error().ToString());
    fx.engine = *engine;
    const char* chips[] = {"H20", "H100", "H200", "A800", "L20", "L4", "RTX 4090", "RTX 4090D", "MI210", "MI308", "MI325X", "B200"};
    const char* dests[] = {"CN", "HK", "MO", "SG", "MY", "DE", "VN", "SA", "AE", "IL", "RU", "NI"};
    const char* dates[] = {"2022-09-01", "2023-06-01", "2023-11-17", "2024-06-01", "2025-05-01", "2025-09-01", "2026-02-01"};
    const char* users[] = {"", "", "Example Cloud Ltd", "Beijing Zhipu Huazhang Technology Co., Ltd.", "Nanyang Data Pte Ltd"};
    for (int i = 0; i < 997; ++i) {
      CheckRequest r;
      r.chip = fx.engine->catalog().Find(chips[i % 12]);
      r.destination = dests[(i * 7) % 12];
      r.as_of = *Date::Parse(dates[(i * 5) % 7]);
      r.quantity = 1 + i % 500;
      r.end_user = users[(i * 3) % 5];
      if (i % 4 == 0) r.end_user_hq = "CN";
      fx.requests.push_back(r);
    }
    return fx;
  }();
  return f;
}

void BM_CheckMixed(benchmark::State& state) {
  const Fixture& f = TheFixture();
  std::size_t i = 0;
  const std::uint64_t allocations_before = g_allocations.load();
  for (auto _ : state) {
    auto d = f.engine->Check(f.requests[i++ % f.requests.size()]);
    benchmark::DoNotOptimize(d);
  }
  state.counters["decisions_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["allocs_per_decision"] = static_cast<double>(g_allocations.load() - allocations_before) / static_cast<double>(state.iterations());
  state.counters["screening"] = f.engine->screener() ? 1 : 0;
}
BENCHMARK(BM_CheckMixed);

// The same mix extended with every layer before the answer: embargoed destinations, ISO 3166-2
// regions, end-use tags, reexports of foreign-made items with and without US content, boards and
// named end-user types, about one request in three reaching a Part 746 or 744 rule.
const std::vector<CheckRequest>& ExtendedRequests() {
  static const std::vector<CheckRequest> requests = [] {
    const Fixture& f = TheFixture();
    std::vector<CheckRequest> out = f.requests;
    const char* dests[] = {"IR", "KP", "CU", "SY", "BY", "UA-43", "UA-14", "UA-09", "VE", "IQ", "MM", "KH", "CN", "DE", "IN"};
    const char* uses[] = {"military", "military_intelligence", "supercomputer", "advanced_ic_production", "government"};
    const char* types[] = {"", "individual", "independent_ngo", "commercial", "government"};
    for (std::size_t i = 0; i < out.size(); ++i) {
      CheckRequest& r = out[i];
      if (i % 3 == 0) r.destination = dests[(i / 3) % 15];
      if (i % 5 == 0) r.end_use = {uses[(i / 5) % 5]};
      if (i % 7 == 0) {
        r.ship_from = "SG";
        if (i % 14 == 0) r.us_content = static_cast<double>(i % 40);
      }
      r.end_user_type = types[i % 5];
    }
    return out;
  }();
  return requests;
}

void BM_CheckMixedExtended(benchmark::State& state) {
  const Fixture& f = TheFixture();
  const std::vector<CheckRequest>& requests = ExtendedRequests();
  std::size_t i = 0;
  const std::uint64_t allocations_before = g_allocations.load();
  for (auto _ : state) {
    auto d = f.engine->Check(requests[i++ % requests.size()]);
    benchmark::DoNotOptimize(d);
  }
  state.counters["decisions_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["allocs_per_decision"] = static_cast<double>(g_allocations.load() - allocations_before) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_CheckMixedExtended);

}  // namespace

BENCHMARK_MAIN();
