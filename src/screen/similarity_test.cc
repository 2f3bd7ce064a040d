#include "screen/similarity.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace exportctl::screen
