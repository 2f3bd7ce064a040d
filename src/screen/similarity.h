// String similarity primitives on lower-case ASCII tokens: edit distance (with adjacent
// transpositions), Jaro-Winkler (the baseline the benchmark compares against), a phonetic skeleton
// for transliteration variants ("qaddafi"/"gaddafi", "rouhani"/"rohani", "xi"/"shi") and the token
// similarity the scorer uses. All functions are pure and allocation-free for tokens up to 64 bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace exportctl::screen {

// Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent transpositions.
int EditDistance(std::string_view a, std::string_view b);
// EditDistance(a, b) <= max_edits: a length difference beyond it answers at once; words up to 64
// letters take one machine word per letter (bit-parallel), longer ones the full table.
bool WithinEditDistance(std::string_view a, std::string_view b, int max_edits);
// min(EditDistance(a, b), max_edits + 1), computed the same way.
int BoundedEditDistance(std::string_view a, std::string_view b, int max_edits);
// EditSimilarity(a, b) when it reaches `floor`, else some value below `floor` (BoundedEditDistance
// with the edits `floor` allows).
double EditSimilarityAtLeast(std::string_view a, std::string_view b, double floor);

// 1 - EditDistance / max length, in [0, 1]; 1 for two empty strings.
double EditSimilarity(std::string_view a, std::string_view b);

double JaroWinkler(std::string_view a, std::string_view b);

// Spelling-insensitive key: doubled letters collapsed, ph→f, ck/c/q→k, z→s, x→s, w→v, y→i,
// ou/oo→u, ee→i, h dropped after a consonant or at word end, trailing vowels of long words kept.
std::string PhoneticSkeleton(std::string_view token);

// Words of this many letters or more are also compared with the vowels o/u and e/i of their
// skeletons merged: transliterations of Arabic and Persian names vary there ("Osama"/"Usama",
// "Laden"/"Ladin", "Othman"/"Uthman"). Shorter words are not: Chinese and Korean syllables differ
// by just those vowels ("Yang"/"Yong", "Jie"/"Ji").
inline constexpr size_t kVowelClassLength = 5;
inline constexpr size_t kMaxVowelClassSkeleton = 64;
// The skeleton with o→u and e→i and the doubled letters this makes collapsed, in `buffer`; empty
// when the skeleton is longer than the buffer.
std::string_view MergeVowelClasses(std::string_view skeleton, std::array<char, kMaxVowelClassSkeleton>& buffer);

// Names written in a script without short vowels (Arabic, Persian, Hebrew …) reach Latin letters
// as consonants and long vowels ("محمد" → "mhmd", "حسين" → "hsyn"), while Latin spellings of the
// same names carry vowels ("Muhammad", "Hussein"). Such a token is compared with a Latin one by
// their consonant keys: vowels and the glides w and y dropped, an h after k, s, t, d, g, c or z
// dropped (kh, sh, th, dh, gh, ch, zh), a last t and an h with only vowels after it dropped (ة,
// "Hamzah"/"Hamza", Persian "khamnhay"/"Khamenei"), g and dj read
// as j (Egyptian "Gamal", Maghreb "Djamel" for "Jamal"), q and c as k, p as b, doubled letters collapsed:
// "mohammed" and "mhmd" → "mhmd", "hussein" and "hsyn" → "hsn", "saddam" and "sdam" → "sdm".
std::string ConsonantKey(std::string_view token);
// A whole name's consonants (ConsonantKey of the glued name) say enough to compare, and are not
// too long to be a name's: 4 to 64 letters.
bool GluedConsonantKeyFits(std::string_view key);
// ConsonantKey of the token without a joined Arabic article (al-, el-) when it has five letters or
// more: what AbjadSimilarity compares, and what the candidate index keys.
std::string AbjadKey(std::string_view token);
// The similarity of a token of such a script and a Latin one: 0.9 × the edit similarity of their
// consonant keys (0.8 × when the shorter key has two letters, 0.7 × for one; 0 when either is
// empty), a joined Arabic article (al-, el-) left out of a word of five letters or more on either
// side. Symmetric.
double AbjadSimilarity(std::string_view a, std::string_view b);
// The same on keys made once (AbjadKey); 0 when below `floor`, without computing it.
double AbjadKeySimilarity(std::string_view key_a, std::string_view key_b, double floor);
inline constexpr double kAbjadDiscount = 0.9;

// Which characters a token contains, and which it contains twice or more: bit i for a first
// occurrence of the letter 'a' + i, bit 32 + i for a second (digits share bits 26-31). An insertion
// or a deletion changes one count, so at most one bit; a substitution at most two: two tokens
// whose signatures differ in k bits are at least ceil(k / 2) edits apart (EditDistanceAtLeast).
uint64_t LetterSet(std::string_view token);
int EditDistanceAtLeast(uint64_t letters_a, uint64_t letters_b);

// A token prepared for many comparisons (the scorer compares each with every token of a name):
// its text and phonetic skeleton, their letter sets, whether it holds a digit. Views into the
// caller's strings.
struct TokenShape {
  std::string_view text;
  std::string_view skeleton;
  uint64_t letters = 0;
  uint64_t skeleton_letters = 0;
  bool has_digit = false;
};
TokenShape ShapeOf(std::string_view text, std::string_view skeleton);  // computes the letter sets

// Similarity of two name tokens in [0, 1]: exact 1; digits must match exactly; a single letter is an
// initial (0.9 against a word with that first letter); else the better of the edit similarity and
// (slightly discounted) the skeleton's edit similarity, for two words of kVowelClassLength letters
// or more also of the skeletons with merged vowels when that reaches 0.75.
double TokenSimilarity(std::string_view a, std::string_view b);
// The same on prepared tokens; returns some value below `floor` (without computing it) when the
// lengths or the letter sets alone keep the similarity below `floor`.
double TokenSimilarity(const TokenShape& a, const TokenShape& b, double floor);

}  // namespace exportctl::screen
