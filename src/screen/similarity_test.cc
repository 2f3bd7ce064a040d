#include "screen/similarity.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace exportctl::screen {
namespace {

TEST(SimilarityTest, EditDistance) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("scholz", "schloz"), 1);  // adjacent transposition
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("same", "same"), 0);
  std::string long_a(100, 'a');
  std::string long_b = long_a;
  long_b[50] = 'b';
  EXPECT_EQ(EditDistance(long_a, long_b), 1);  // beyond the stack buffer
}

TEST(SimilarityTest, JaroWinklerTextbookValues) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.840, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("abc", ""), 0.0);
}

TEST(SimilarityTest, SkeletonJoinsTransliterationVariants) {
  EXPECT_EQ(PhoneticSkeleton("qaddafi"), PhoneticSkeleton("gaddafi").replace(0, 1, "k"));
  EXPECT_EQ(PhoneticSkeleton("rouhani"), PhoneticSkeleton("ruhani"));
  EXPECT_EQ(PhoneticSkeleton("zelenskyy"), PhoneticSkeleton("zelensky"));
}

TEST(SimilarityTest, TokenSimilarity) {
  EXPECT_EQ(TokenSimilarity("putin", "putin"), 1.0);
  EXPECT_GT(TokenSimilarity("putin", "pulin"), 0.75);
  EXPECT_EQ(TokenSimilarity("2007", "2008"), 0.0);
  EXPECT_EQ(TokenSimilarity("a", "ali"), 0.9);
  EXPECT_EQ(TokenSimilarity("b", "ali"), 0.0);
  EXPECT_LT(TokenSimilarity("boris", "viktor"), 0.5);
}

// The banded check agrees with the full edit distance on every pair of a set of words and their
// one- and two-edit variants (substitutions, insertions, deletions, swaps, at every position).
TEST(SimilarityTest, WithinEditDistanceAgreesWithEditDistance) {
  std::vector<std::string> words = {"laticom", "latiocnm", "vekselberg", "abcdefgh", "aaaa", "ab", "", "x",
                                    "rosoboronexport", "intrnaional", "international"};
  for (size_t n = words.size(), w = 0; w < n; ++w) {
    const std::string base = words[w];
    for (size_t i = 0; i < base.size(); ++i) {
      std::string v = base;
      v.erase(i, 1);
      words.push_back(v);
      v = base;
      v[i] = 'z';
      words.push_back(v);
      v.insert(i, "q");
      words.push_back(v);
      if (i + 1 < base.size()) {
        v = base;
        std::swap(v[i], v[i + 1]);
        words.push_back(v);
        std::swap(v[0], v[v.size() - 1]);
        words.push_back(v);
      }
    }
  }
  size_t checked = 0;
  for (const std::string& a : words) {
    for (const std::string& b : words) {
      for (int k : {1, 2, 3}) {
        ASSERT_EQ(WithinEditDistance(a, b, k), EditDistance(a, b) <= k) << a << " / " << b << " k=" << k;
        ASSERT_EQ(BoundedEditDistance(a, b, k), std::min(EditDistance(a, b), k + 1)) << a << " / " << b;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 100000u);
}

}  // namespace
}  // namespace exportctl::screen
