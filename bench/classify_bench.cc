// Classification throughput over the whole bundled catalog (trace off and on).
// Target (issue #2): >= 1,000,000 classifications per second per core with the trace off.
#include <benchmark/benchmark.h>

#include "exportctl/engine.h"

namespace {

const exportctl::Engine& TheEngine() {
  static auto engine = exportctl::Engine::Load({std::string(EXPORTCTL_SOURCE_DIR) + "/data", {}, {}, false});
  if (!engine.ok()) throw std::runtime_error(engine.error().ToString());
  return **engine;
}

void ClassifyCatalog(benchmark::State& state, bool explain) {
  const exportctl::Engine& engine = TheEngine();
  const exportctl::Date as_of = exportctl::Date::FromYmd(2025, 5, 1);
  const auto& chips = engine.catalog().chips();
  int64_t n = 0;
  for (auto _ : state) {
    for (const exportctl::Chip& chip : chips) {
      auto c = exportctl::Classify(engine.rules(), chip, as_of, explain);
      benchmark::DoNotOptimize(c.eccn.data());
    }
    n += static_cast<int64_t>(chips.size());
  }
  state.SetItemsProcessed(n);
  state.counters["classifications_per_s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
}

void BM_ClassifyCatalogTraceOff(benchmark::State& state) { ClassifyCatalog(state, false); }
void BM_ClassifyCatalogTraceOn(benchmark::State& state) { ClassifyCatalog(state, true); }
BENCHMARK(BM_ClassifyCatalogTraceOff);
BENCHMARK(BM_ClassifyCatalogTraceOn);

}  // namespace

BENCHMARK_MAIN();
