// Screening speed against the full OFAC SDN list of 2024-05-03, single thread, explanation off.
//
// Prints, before the Google Benchmark table: index build time, resident memory, p50/p99 latency per
// query over a deterministic query set (exact, reordered, misspelt and absent names), and the same
// percentiles for a naive baseline that computes Jaro-Winkler between the query and every indexed
// name (full scan), with the ratio between the two.
//   ./build/release/bench/screen_bench [--benchmark_filter=…]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <ctime>
#include <string>
#include <vector>

#include "exportctl/screen.h"
#include "screen/list_entry.h"
#include "screen/normalize.h"
#include "screen/similarity.h"

namespace {
using namespace exportctl::screen;

// The SDN file: $EXPORTCTL_TEST_DATA/lists/ofac/… when set, else the copy unpacked from tests/data.
const std::string kSdn = std::string(std::getenv("EXPORTCTL_TEST_DATA") ? std::getenv("EXPORTCTL_TEST_DATA") : EXPORTCTL_TEST_DATA_DIR) +
                         "/lists/ofac/sdn-2024-05-03.csv";

long RssKb(const char* field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
  }
  return -1;
}

struct Fixture {
  std::shared_ptr<const Screener> screener;
  std::vector<std::string> queries;
  std::vector<std::string> baseline_names;  // every name, folded to lower-case ASCII
  double build_ms = 0;
};

Fixture& Get() {
  static Fixture f = [] {
    Fixture x;
    auto t0 = std::chrono::steady_clock::now();
    auto s = Screener::FromFiles({{"sdn", kSdn}});
    x.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
      std::exit(1);
    }
    x.screener = *s;
    auto list = ParseListFile(kSdn);
    for (const ListEntry& e : list->entries) {
      bool person = e.type == PartyType::kPerson;
      x.baseline_names.push_back(FoldToAscii(person ? ReorderPersonName(e.name) : e.name));
      for (const auto& a : e.aliases) x.baseline_names.push_back(FoldToAscii(a));
    }
    // Queries: every 15th entry as published, reordered (persons), with one letter changed, and
    // names that are on no list.
    for (size_t i = 0; i < list->entries.size(); i += 15) {
      const ListEntry& e = list->entries[i];
      std::string name = e.type == PartyType::kPerson ? ReorderPersonName(e.name) : e.name;
      x.queries.push_back(e.name);
      x.queries.push_back(name);
      std::string typo = name;
      if (typo.size() > 4) typo[typo.size() / 2] = typo[typo.size() / 2] == 'a' ? 'e' : 'a';
      x.queries.push_back(typo);
    }
    for (const char* absent : {"Acme Widgets GmbH", "China Technology Trading Co., Ltd.", "John Smith",
                               "Shenzhen Bright Future Electronics Co Ltd", "Maria Gonzalez Lopez"}) {
      x.queries.push_back(absent);
    }
    return x;
  }();
  return f;
}

// Thread CPU time in microseconds: unaffected by other processes taking the core (the machine is
// shared); reported next to wall time.
double ThreadCpuUs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * (v.size() - 1))];
}

void BestJaroWinkler(const std::string& query, const std::vector<std::string>& names) {
  std::string q = FoldToAscii(query);
  double best = 0;
  for (const std::string& n : names) best = std::max(best, JaroWinkler(q, n));
  benchmark::DoNotOptimize(best);
}

void PrintSummary() {
  Fixture& f = Get();
  ScreenOptions opts;
  opts.explain = false;
  std::vector<double> ours, ours_cpu, naive;
  size_t hits = 0;
  for (const auto& q : f.queries) {  // warm-up
    hits += f.screener->Screen(q, opts).empty() ? 0 : 1;
  }
  for (const auto& q : f.queries) {
    double c0 = ThreadCpuUs();
    auto t0 = std::chrono::steady_clock::now();
    auto h = f.screener->Screen(q, opts);
    ours.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    ours_cpu.push_back(ThreadCpuUs() - c0);
    benchmark::DoNotOptimize(h);
  }
  // The baseline is slow: every 10th query.
  for (size_t i = 0; i < f.queries.size(); i += 10) {
    auto t0 = std::chrono::steady_clock::now();
    BestJaroWinkler(f.queries[i], f.baseline_names);
    naive.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  double p50 = Percentile(ours, 0.5), p99 = Percentile(ours, 0.99);
  size_t slowest = std::max_element(ours.begin(), ours.end()) - ours.begin();
  std::printf("screen: slowest query %.1f us: %s\n", ours[slowest], f.queries[slowest].c_str());
  double n50 = Percentile(naive, 0.5), n99 = Percentile(naive, 0.99);
  std::printf("screen: %zu names indexed from %s\n", f.screener->name_count(), kSdn.c_str());
  std::printf("screen: index build (parse + normalise + index) %.1f ms\n", f.build_ms);
  std::printf("screen: RSS %.1f MB (peak %.1f MB)\n", RssKb("VmRSS:") / 1024.0, RssKb("VmHWM:") / 1024.0);
  std::printf("screen: %zu queries (%zu with hits), p50 %.1f us, p99 %.1f us (thread CPU time: p50 %.1f us, p99 %.1f us)\n",
              ours.size(), hits, p50, p99, Percentile(ours_cpu, 0.5), Percentile(ours_cpu, 0.99));
  std::printf("naive full-scan Jaro-Winkler: %zu queries, p50 %.1f us, p99 %.1f us\n", naive.size(), n50, n99);
  std::printf("ratio naive/screen: p50 %.0fx, p99 %.0fx\n", n50 / p50, n99 / p99);
}

void BM_Screen(benchmark::State& state) {
  Fixture& f = Get();
  ScreenOptions opts;
  opts.explain = false;
  size_t i = 0;
  for (auto _ : state) {
    auto h = f.screener->Screen(f.queries[i++ % f.queries.size()], opts);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_Screen);

void BM_ScreenExplained(benchmark::State& state) {
  Fixture& f = Get();
  size_t i = 0;
  for (auto _ : state) {
    auto h = f.screener->Screen(f.queries[i++ % f.queries.size()], ScreenOptions{});
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_ScreenExplained);

// The licence check's pattern: few distinct parties, many rows (ScreenMemo).
void BM_ScreenMemoized(benchmark::State& state) {
  Fixture& f = Get();
  static ScreenMemo memo(f.screener);
  ScreenOptions opts;
  opts.explain = false;
  size_t i = 0;
  for (auto _ : state) {
    auto h = memo.Screen(f.queries[i++ % 300], opts);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_ScreenMemoized);

void BM_NaiveJaroWinklerScan(benchmark::State& state) {
  Fixture& f = Get();
  size_t i = 0;
  for (auto _ : state) BestJaroWinkler(f.queries[i++ % f.queries.size()], f.baseline_names);
}
BENCHMARK(BM_NaiveJaroWinklerScan)->Unit(benchmark::kMicrosecond);

void BM_BuildIndex(benchmark::State& state) {
  for (auto _ : state) {
    auto s = Screener::FromFiles({{"sdn", kSdn}});
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

int main(int argc, char** argv) {
  PrintSummary();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
