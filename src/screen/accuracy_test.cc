// Accuracy of the matcher on the labelled name pairs of tests/data (name-pairs/dev.csv; people,
// companies, vessels; from the nomenklatura benchmark). The pairs are split in two halves by a hash
// of the pair: the scorer's constants are tuned on the "tune" half only; F1 on the "held-out"
// half, with a 95% bootstrap confidence interval (the half is small), is the figure to report.
// Set SCREEN_ACCURACY_VERBOSE=1 to list the misclassified tune pairs and F1 by threshold.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "common/file.h"
#include "exportctl/screen.h"
#include "screen/csv_reader.h"

namespace exportctl::screen {
namespace {

struct Scored {
  double score;
  bool truth;
};

double F1(const std::vector<Scored>& pairs, double threshold) {
  int tp = 0, fp = 0, fn = 0;
  for (const Scored& p : pairs) {
    bool match = p.score >= threshold;
    tp += match && p.truth;
    fp += match && !p.truth;
    fn += !match && p.truth;
  }
  return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
}

// 95% percentile bootstrap interval of F1 (2,000 resamples, fixed seed: the same every run).
std::pair<double, double> F1Interval(const std::vector<Scored>& pairs) {
  std::mt19937 rng(17);
  std::uniform_int_distribution<size_t> pick(0, pairs.size() - 1);
  std::vector<double> f1s;
  std::vector<Scored> sample(pairs.size());
  for (int r = 0; r < 2000; ++r) {
    for (Scored& s : sample) s = pairs[pick(rng)];
    f1s.push_back(F1(sample, kDefaultThreshold));
  }
  std::sort(f1s.begin(), f1s.end());
  return {f1s[50], f1s[1949]};
}

// FNV-1a of both names: which half a pair belongs to, stable whatever the order of the file.
bool InTuneHalf(const std::string& a, const std::string& b) {
  uint64_t h = 1469598103934665603ull;
  for (char c : a + "\x1f" + b) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return (h >> 17) % 2 == 0;
}

// The records of a vendored CSV file, header first; none (and a test failure) when it does not read.
std::vector<CsvRecord> ReadRows(const std::string& path) {
  auto text = detail::ReadFile(path);
  if (!text.ok()) {
    ADD_FAILURE() << text.error().ToString();
    return {};
  }
  auto rows = ReadCsv(*text, path);
  if (!rows.ok()) {
    ADD_FAILURE() << rows.error().ToString();
    return {};
  }
  return std::move(*rows);
}

TEST(AccuracyTest, LabelledPairsF1OnTheHeldOutHalf) {
  const std::vector<CsvRecord> rows = ReadRows(std::string(EXPORTCTL_TEST_DATA_DIR) + "/name-pairs/dev.csv");
  ASSERT_GT(rows.size(), 100u);
  bool verbose = std::getenv("SCREEN_ACCURACY_VERBOSE") != nullptr;
  std::vector<Scored> tune, held_out;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& f = rows[r].fields;
    ASSERT_GE(f.size(), 5u) << "line " << rows[r].line;
    PartyType type = f[1] == "Person" ? PartyType::kPerson : PartyType::kAny;
    Comparison c = CompareNames(f[2], f[3], type);
    bool truth = f[4] == "true";
    bool in_tune = InTuneHalf(f[2], f[3]);
    (in_tune ? tune : held_out).push_back({c.score, truth});
    if (verbose && in_tune && c.match != truth) {
      std::printf("%s %.3f  %s | %s  [%s]\n", truth ? "FN" : "FP", c.score, f[2].c_str(), f[3].c_str(),
                  c.explanation.method.c_str());
    }
  }
  std::vector<Scored> all = tune;
  all.insert(all.end(), held_out.begin(), held_out.end());
  auto [lo, hi] = F1Interval(held_out);
  std::printf("threshold %.2f: F1 tune half %.3f (%zu pairs), held-out half %.3f (%zu pairs, 95%% CI %.3f-%.3f), all %.3f\n",
              kDefaultThreshold, F1(tune, kDefaultThreshold), tune.size(), F1(held_out, kDefaultThreshold),
              held_out.size(), lo, hi, F1(all, kDefaultThreshold));
  if (verbose) {
    for (double t = 0.70; t < 0.951; t += 0.01) std::printf("threshold %.2f tune F1 %.3f\n", t, F1(tune, t));
  }
  EXPECT_GT(tune.size(), 150u);
  EXPECT_GT(held_out.size(), 150u);
  EXPECT_GE(F1(held_out, kDefaultThreshold), 0.80);
}

// The UN list's own labels (tests/data/un-alias-pairs.csv, made by bench/un_alias_pairs.py from
// the vendored UN consolidated list): a name and its "Good"
// aliases are matches, two entries sharing a word are not; and across scripts, a name in Latin
// letters and the entry's NAME_ORIGINAL_SCRIPT (mostly Arabic) are a match, that original-script
// name and other entries sharing a word are not. Many aliases are noms de guerre that share
// nothing with the name, so their recall is low by construction; what must hold is that hard
// negatives stay apart and that transliterated names are found. Floors below the figures of
// 2026-12-03 (aliases: precision 0.982, recall 0.442; original script: precision 0.984, recall
// 0.825, from 0.02 before names without short vowels were compared by consonants), so that a
// change losing either fails. No rule was chosen from the aliases' errors; the consonant rules
// were shaped on the errors of half of the original-script pairs (CRC-32 of the Latin name even:
// recall 0.848 there, 0.800 on the other half).
TEST(AccuracyTest, UnListAliasesAreFoundAndOtherListedPartiesKeptApart) {
  const std::vector<CsvRecord> rows = ReadRows(std::string(EXPORTCTL_SOURCE_DIR) + "/tests/data/un-alias-pairs.csv");
  ASSERT_GT(rows.size(), 3000u);
  struct Counts {
    int tp = 0, fp = 0, fn = 0, negatives = 0;
    double precision() const { return tp / std::max(1.0, double(tp + fp)); }
    double recall() const { return tp / std::max(1.0, double(tp + fn)); }
  };
  Counts aliases, scripts;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& f = rows[r].fields;
    ASSERT_EQ(f.size(), 5u) << "line " << rows[r].line;
    const bool truth = f[3] == "true";
    const bool match = CompareNames(f[0], f[1], f[2] == "Person" ? PartyType::kPerson : PartyType::kAny).match;
    Counts& c = f[4].find("original_script") != std::string::npos ? scripts : aliases;
    c.tp += match && truth;
    c.fp += match && !truth;
    c.fn += !match && truth;
    c.negatives += !truth;
  }
  std::printf("UN aliases: precision %.3f, recall %.3f (%d matches, %d non-matches)\n", aliases.precision(),
              aliases.recall(), aliases.tp + aliases.fn, aliases.negatives);
  std::printf("UN names in their original script: precision %.3f, recall %.3f (%d matches, %d non-matches)\n",
              scripts.precision(), scripts.recall(), scripts.tp + scripts.fn, scripts.negatives);
  EXPECT_GT(aliases.negatives, 400);
  EXPECT_GT(scripts.negatives, 800);
  EXPECT_GE(aliases.precision(), 0.97);
  EXPECT_GE(aliases.recall(), 0.43);
  EXPECT_GE(scripts.precision(), 0.97);
  EXPECT_GE(scripts.recall(), 0.78);
}

}  // namespace
}  // namespace exportctl::screen
