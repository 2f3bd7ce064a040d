#include "screen/similarity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>
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

// Around the 64-letter word of the bit-parallel computation, and for random words over a small
// alphabet (many repeats and swaps), the bounded distance agrees with the full table.
TEST(SimilarityTest, BoundedEditDistanceAgreesOnLongAndRepetitiveWords) {
  uint64_t state = 17;
  auto next = [&state] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
  size_t checked = 0;
  for (int round = 0; round < 600; ++round) {
    const size_t la = 1 + next() % 70, lb = round % 3 == 0 ? la : 1 + next() % 70;
    std::string a, b;
    for (size_t i = 0; i < la; ++i) a += static_cast<char>('a' + (next() >> 33) % 3);
    b = a.substr(0, std::min(la, lb));
    for (size_t i = 0; i < lb / 8 + 1 && !b.empty(); ++i) b[(next() >> 33) % b.size()] = static_cast<char>('a' + (next() >> 33) % 3);
    while (b.size() < lb) b += static_cast<char>('a' + (next() >> 33) % 3);
    for (int k : {0, 1, 2, 5, 100}) {
      ASSERT_EQ(BoundedEditDistance(a, b, k), std::min(EditDistance(a, b), k + 1)) << a << " / " << b << " k=" << k;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3000u);
}

// The shortcuts of TokenSimilarity (lengths, letter sets) never change a similarity that reaches
// the floor: on pairs of real name words and their typos, it equals the full computation (edit
// similarity of the words, 0.95 x that of their skeletons) whenever that reaches the floor.
TEST(SimilarityTest, TokenSimilarityShortcutsKeepEverySimilarityAboveTheFloor) {
  std::vector<std::string> words = {"mohammed", "muhammad", "mohamad", "qaddafi", "gaddafi", "rouhani", "rohani",
                                    "vekselberg", "wexelberg", "laticom", "latiocnm", "international", "intrnaional",
                                    "sharapova", "zabralova", "federman", "federer", "ivanov", "ivanova", "yvanov",
                                    "xi", "shi", "ab", "ba", "aaaa", "zelenskyy", "zelensky", "abdurrahman",
                                    "osama", "usama", "laden", "ladin", "othman", "uthman", "yang", "yong"};
  for (size_t n = words.size(), w = 0; w < n; ++w) {
    std::string v = words[w];
    std::swap(v[0], v[v.size() - 1]);
    words.push_back(v);
    v = words[w];
    v.insert(v.size() / 2, "h");
    words.push_back(v);
  }
  size_t checked = 0, above = 0;
  for (const std::string& a : words) {
    for (const std::string& b : words) {
      const std::string ka = PhoneticSkeleton(a), kb = PhoneticSkeleton(b);
      double full = a == b ? 1.0 : std::max(EditSimilarity(a, b), 0.95 * EditSimilarity(ka, kb));
      if (a.size() >= kVowelClassLength && b.size() >= kVowelClassLength) {
        std::array<char, kMaxVowelClassSkeleton> buffer_a, buffer_b;
        const double merged = 0.95 * EditSimilarity(MergeVowelClasses(ka, buffer_a), MergeVowelClasses(kb, buffer_b));
        if (merged >= 0.75 - 1e-9) full = std::max(full, merged);  // merged vowels count when they make words close
      }
      for (double floor : {0.0, 0.55, 0.75, 0.85}) {
        const double fast = TokenSimilarity(ShapeOf(a, ka), ShapeOf(b, kb), floor);
        if (full >= floor) {
          ++above;
          ASSERT_DOUBLE_EQ(fast, full) << a << " / " << b << " floor " << floor;
        } else {
          ASSERT_LT(fast, floor) << a << " / " << b << " floor " << floor;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(above, 500u);
  EXPECT_GT(checked, 10000u);
}

TEST(SimilarityTest, LetterSetsBoundTheEditDistance) {
  const std::vector<std::string> words = {"laticom", "latiocnm", "ivanov", "yvanov", "federer", "federman", "abc",
                                          "xyz", "aab", "b", "mohammad", "muhammad", "mohamad", "anna", "ana",
                                          "abdurrahim", "abdurrahman", "2007", "2008", "sechin", "sech1n", ""};
  for (const std::string& a : words)
    for (const std::string& b : words)
      EXPECT_LE(EditDistanceAtLeast(LetterSet(a), LetterSet(b)), EditDistance(a, b)) << a << " / " << b;
  EXPECT_EQ(EditDistanceAtLeast(LetterSet("abc"), LetterSet("xyz")), 3);           // six letters differ
  EXPECT_EQ(EditDistanceAtLeast(LetterSet("laticom"), LetterSet("latiocnm")), 1);  // one letter added
  EXPECT_EQ(EditDistanceAtLeast(LetterSet("aaab"), LetterSet("ab")), 1);           // a second `a` dropped
}

TEST(SimilarityTest, VowelsOfTransliterationsCountAsCloseInLongWordsOnly) {
  // Arabic has three vowels; Latin spellings of one name vary between o/u and e/i.
  EXPECT_DOUBLE_EQ(TokenSimilarity("osama", "usama"), 0.95);
  EXPECT_DOUBLE_EQ(TokenSimilarity("laden", "ladin"), 0.95);
  EXPECT_DOUBLE_EQ(TokenSimilarity("othman", "uthman"), 0.95);
  EXPECT_GT(TokenSimilarity("mohammed", "muhammad"), 0.8);  // one edit left (e/a) of eight letters
  EXPECT_LT(EditSimilarity("mohammed", "muhammad"), 0.8);
  // Short syllables are different names by just those vowels (Chinese, Korean).
  EXPECT_LT(TokenSimilarity("yang", "yong"), 0.8);
  EXPECT_LT(TokenSimilarity("jie", "ji"), 0.8);
  // One long and one short word: their common skeleton letters only, as before.
  EXPECT_DOUBLE_EQ(TokenSimilarity("chong", "jong"), 0.95 * EditSimilarity(PhoneticSkeleton("chong"), PhoneticSkeleton("jong")));
  std::array<char, kMaxVowelClassSkeleton> buffer;
  EXPECT_EQ(MergeVowelClasses("muhamid", buffer), "muhamid");
  EXPECT_EQ(MergeVowelClasses("iusof", buffer), "iusuf");
  EXPECT_EQ(MergeVowelClasses("kuokei", buffer), "kuki");
  EXPECT_EQ(MergeVowelClasses(std::string(65, 'a'), buffer), "");
}

// Names written without short vowels (Arabic, Persian, Hebrew) meet their Latin spellings by
// consonants: the transliterations below are ICU's for the Arabic spellings of these names.
TEST(SimilarityTest, ConsonantsOfNamesWrittenWithoutShortVowels) {
  EXPECT_EQ(ConsonantKey("mhmd"), "mhmd");         // محمد
  EXPECT_EQ(ConsonantKey("muhammad"), "mhmd");
  EXPECT_EQ(ConsonantKey("mohammed"), "mhmd");
  EXPECT_EQ(ConsonantKey("hsyn"), "hsn");          // حسين
  EXPECT_EQ(ConsonantKey("hussein"), "hsn");
  EXPECT_EQ(ConsonantKey("khamnhay"), "kmn");      // خامنه‌ای: a silent h before the ending
  EXPECT_EQ(ConsonantKey("khamenei"), "kmn");
  EXPECT_EQ(ConsonantKey("mahdi"), "mhd");         // an h before a consonant stays
  EXPECT_EQ(ConsonantKey("hmzt"), "hmz");          // حمزة: the last t (ة) and h go
  EXPECT_EQ(ConsonantKey("hamzah"), "hmz");
  EXPECT_EQ(ConsonantKey("djamel"), "jml");        // Maghreb dj, Egyptian g: جمال
  EXPECT_EQ(ConsonantKey("gamal"), "jml");
  EXPECT_EQ(ConsonantKey("khalid"), "kld");        // kh, sh, th … are one letter
  EXPECT_EQ(AbjadKey("altkryty"), "tkrt");         // التكريتي: the joined article goes
  EXPECT_EQ(AbjadKey("tikriti"), "tkrt");
  EXPECT_DOUBLE_EQ(AbjadSimilarity("mhmd", "muhammad"), kAbjadDiscount);
  EXPECT_DOUBLE_EQ(AbjadSimilarity("muhammad", "mhmd"), kAbjadDiscount);
  // Different names keep their different consonants.
  EXPECT_LT(AbjadSimilarity("mhmd", "ahmad"), 0.75);
  EXPECT_LT(AbjadSimilarity("hsyn", "hamid"), 0.75);
  // What consonants cannot tell: حسين (Hussein) and the Latin "Hassan" both read "hsn". The
  // other words of a name must agree for a hit.
  EXPECT_DOUBLE_EQ(AbjadSimilarity("hsyn", "hassan"), kAbjadDiscount);
  // One or two consonants pair only loosely ("امیر" and "MAYOROVA" both read "mr").
  EXPECT_LT(AbjadSimilarity("amyr", "mayorova"), 0.75);
  EXPECT_LT(AbjadSimilarity("ly", "ali"), 0.75);
  EXPECT_DOUBLE_EQ(AbjadKeySimilarity("mhmd", "mhmd", 0.95), 0.0);  // below the floor: not computed
}

}  // namespace
}  // namespace exportctl::screen
