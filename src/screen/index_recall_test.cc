// The candidate index never loses a pair the scorer accepts: over the whole OFAC SDN list, every
// hit that scoring every name finds (ScreenOptions::exhaustive) must also come out of the index,
// with the same score, for the realistic queries of tests/data/screen-queries.tsv — list names
// with typos (two edits in one word included), swapped words, dropped legal forms, and names on
// no list.
#include <gtest/gtest.h>

#include <map>

#include "exportctl/screen.h"
#include "screen/query_set.h"

namespace exportctl::screen {
namespace {

// Under AddressSanitizer the exhaustive scan is ten times slower: a third of the queries there.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kStride = 3;
#else
constexpr size_t kStride = 1;
#endif

TEST(IndexRecallTest, IndexKeepsEveryHitTheExhaustiveScanFinds) {
  auto screener = Screener::FromFiles({{"sdn", std::string(EXPORTCTL_TEST_DATA_DIR) + "/lists/ofac/sdn-2024-05-03.csv"}});
  ASSERT_TRUE(screener.ok()) << screener.error().ToString();
  std::string error;
  auto queries = ReadQuerySet(std::string(EXPORTCTL_SOURCE_DIR) + "/tests/data/screen-queries.tsv", error);
  ASSERT_FALSE(queries.empty()) << error;
  ScreenOptions indexed;
  indexed.explain = false;
  indexed.limit = -1;
  ScreenOptions exhaustive = indexed;
  exhaustive.exhaustive = true;
  // Every query with two edits in one word (the hardest for an index), and a spread of the rest.
  size_t checked = 0, hits = 0;
  std::vector<std::string> lost;
  for (size_t i = 0; i < queries.size(); ++i) {
    const LabelledQuery& q = queries[i];
    if (q.perturbation != "typo2_one_word" && i % 40 != 0) continue;
    if (i % kStride != 0) continue;
    ++checked;
    std::map<std::string, double> found;
    for (const ScreeningHit& h : (*screener)->Screen(q.query, indexed)) found[h.entry_id] = h.score;
    for (const ScreeningHit& h : (*screener)->Screen(q.query, exhaustive)) {
      ++hits;
      auto it = found.find(h.entry_id);
      if (it == found.end() || it->second + 1e-9 < h.score) {
        lost.push_back(q.query + " → " + h.matched_name + " (" + std::to_string(h.score) + ", index: " +
                       (it == found.end() ? std::string("missing") : std::to_string(it->second)) + ")");
      }
    }
  }
  std::printf("%zu queries, %zu exhaustive hits, %zu lost by the index\n", checked, hits, lost.size());
  EXPECT_GT(checked, 150u / kStride);
  EXPECT_GT(hits, 100u / kStride);
  for (size_t i = 0; i < lost.size() && i < 30; ++i) ADD_FAILURE() << "lost: " << lost[i];
  EXPECT_TRUE(lost.empty()) << lost.size() << " hits lost";
}

}  // namespace
}  // namespace exportctl::screen
