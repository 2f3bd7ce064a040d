// Accuracy of the matcher on the labelled name pairs of tests/data (name-pairs/dev.csv)
// (people, companies, vessels; from the nomenklatura benchmark). Prints precision, recall and F1
// at kDefaultThreshold; set SCREEN_ACCURACY_VERBOSE=1 to list the misclassified pairs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstdio>

#include "common/file.h"
#include "exportctl/screen.h"
#include "screen/csv_reader.h"

namespace exportctl::screen {
namespace {

TEST(AccuracyTest, LabelledPairsF1) {
  const std::string path = std::string(EXPORTCTL_TEST_DATA_DIR) + "/name-pairs/dev.csv";
  auto text = detail::ReadFile(path);
  if (!text.ok()) GTEST_SKIP() << text.error().ToString();
  auto rows = ReadCsv(*text, path);
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_GT(rows->size(), 100u);
  bool verbose = std::getenv("SCREEN_ACCURACY_VERBOSE") != nullptr;
  int tp = 0, fp = 0, fn = 0, tn = 0;
  std::vector<std::pair<double, bool>> scored;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& f = (*rows)[r].fields;
    ASSERT_GE(f.size(), 5u) << "line " << (*rows)[r].line;
    PartyType type = f[1] == "Person" ? PartyType::kPerson : PartyType::kAny;
    Comparison c = CompareNames(f[2], f[3], type);
    bool truth = f[4] == "true";
    scored.emplace_back(c.score, truth);
    if (c.match && truth) ++tp;
    if (c.match && !truth) ++fp;
    if (!c.match && truth) ++fn;
    if (!c.match && !truth) ++tn;
    if (verbose && c.match != truth) {
      std::printf("%s %.3f  %s | %s  [%s]\n", truth ? "FN" : "FP", c.score, f[2].c_str(),
                  f[3].c_str(), c.explanation.method.c_str());
    }
  }
  double precision = tp / static_cast<double>(tp + fp);
  double recall = tp / static_cast<double>(tp + fn);
  double f1 = 2 * precision * recall / (precision + recall);
  std::printf("pairs=%d tp=%d fp=%d fn=%d tn=%d precision=%.3f recall=%.3f f1=%.3f threshold=%.2f\n",
              tp + fp + fn + tn, tp, fp, fn, tn, precision, recall, f1, kDefaultThreshold);
  if (verbose) {
    for (double t = 0.70; t < 0.951; t += 0.01) {
      int a = 0, b = 0, c = 0;
      for (auto [s, truth] : scored) {
        if (s >= t && truth) ++a;
        if (s >= t && !truth) ++b;
        if (s < t && truth) ++c;
      }
      std::printf("threshold %.2f f1 %.3f\n", t, 2.0 * a / (2.0 * a + b + c));
    }
  }
  EXPECT_GE(f1, 0.80);
}

}  // namespace
}  // namespace exportctl::screen
