// The policy lab's what-if over the whole catalog and golden corpus (issue #7 target: < 1 s),
// with and without loading the draft rule directory, plus one design exploration and one timeline.
#include <benchmark/benchmark.h>

#include "app/golden.h"
#include "exportctl/engine.h"
#include "exportctl/lab.h"

namespace {

using exportctl::Date;
using exportctl::Engine;

std::string DataDir() { return std::string(EXPORTCTL_SOURCE_DIR) + "/data"; }

const Engine& TheEngine() {
  static auto engine = Engine::Load({DataDir(), {}});
  if (!engine.ok()) throw std::runtime_error(engine.error().ToString());
  return **engine;
}

const exportctl::GoldenCorpus& Corpus() {
  static const exportctl::GoldenCorpus corpus = [] {
    auto cases = exportctl::app::LoadGoldenCases(std::string(EXPORTCTL_SOURCE_DIR) + "/tests/cases");
    if (!cases.ok()) throw std::runtime_error(cases.error().ToString());
    return exportctl::GoldenCorpus{*cases};
  }();
  return corpus;
}

// Catalog (both rule sets) and every golden case (both rule sets); engines already loaded.
void WhatIfEvaluate(benchmark::State& state) {
  const Engine& engine = TheEngine();
  for (auto _ : state) {
    auto r = exportctl::lab::RunWhatIf(engine, engine, Corpus(), Date::FromYmd(2025, 6, 1));
    benchmark::DoNotOptimize(r.changes.size());
  }
  state.counters["chips"] = static_cast<double>(engine.catalog().chips().size());
  state.counters["cases"] = static_cast<double>(Corpus().cases.size());
}
BENCHMARK(WhatIfEvaluate)->Unit(benchmark::kMillisecond);

// What `exportctl whatif` does: load the draft engine and the corpus, then evaluate.
void WhatIfEndToEnd(benchmark::State& state) {
  for (auto _ : state) {
    auto draft = Engine::Load({DataDir(), DataDir() + "/rules"});
    auto cases = exportctl::app::LoadGoldenCases(std::string(EXPORTCTL_SOURCE_DIR) + "/tests/cases");
    auto r = exportctl::lab::RunWhatIf(TheEngine(), **draft, exportctl::GoldenCorpus{*cases}, Date::FromYmd(2025, 6, 1));
    benchmark::DoNotOptimize(r.changes.size());
  }
}
BENCHMARK(WhatIfEndToEnd)->Unit(benchmark::kMillisecond);

void DesignH100ToChina(benchmark::State& state) {
  exportctl::lab::DesignRequest r;
  r.base = TheEngine().catalog().Find("H100");
  r.destination = "CN";
  r.as_of = Date::FromYmd(2025, 6, 1);
  for (auto _ : state) {
    auto report = exportctl::lab::ExploreDesign(TheEngine(), r);
    benchmark::DoNotOptimize(report.ok());
  }
}
BENCHMARK(DesignH100ToChina)->Unit(benchmark::kMillisecond);

void TimelineH200ToChina(benchmark::State& state) {
  exportctl::lab::TimelineRequest r;
  r.shipment.chip = TheEngine().catalog().Find("H200");
  r.shipment.destination = "CN";
  r.from = Date::FromYmd(2022, 1, 1);
  r.to = Date::FromYmd(2026, 11, 23);
  for (auto _ : state) {
    auto t = exportctl::lab::StatusTimeline(TheEngine(), r);
    benchmark::DoNotOptimize(t.ok());
  }
}
BENCHMARK(TimelineH200ToChina)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
