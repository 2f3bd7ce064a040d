#include "screen/romanise.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace exportctl::screen {
namespace {

constexpr char32_t kCyrillicFirst = 0x430, kCyrillicLast = 0x45F;
constexpr char32_t kKhmerFirst = 0x1780, kKhmerLast = 0x17FF;
constexpr char32_t kLaoFirst = 0x0E80, kLaoLast = 0x0EFF;

// а … я, then ѐ … џ (U+0430-U+045F, lower case only: the text is case-folded first).
constexpr std::array<std::u32string_view, kCyrillicLast - kCyrillicFirst + 1> kCyrillic = {
    U"a",  U"b",  U"v",    U"g",  U"d",  U"e",  U"zh", U"z",  U"i",  U"y",  U"k",  U"l",  U"m",  U"n",  U"o",  U"p",
    U"r",  U"s",  U"t",    U"u",  U"f",  U"kh", U"ts", U"ch", U"sh", U"shch", U"", U"y",  U"",   U"e",  U"yu", U"ya",
    U"e",  U"e",  U"dj",   U"gj", U"ye", U"dz", U"i",  U"yi", U"j",  U"lj", U"nj", U"c",  U"kj", U"i",  U"u",  U"dz"};

// U+1780-U+17FF. Consonants by UNGEGN (ប b, but ប៉ p: see the musikatoan below); អ carries a vowel
// and is silent; dependent vowels by their first-series value (second series: the table above),
// ែ as e, the spelling of names ("Sen", "Manet"), not UNGEGN's ae;
// ំ m, ះ h, robat ៌ r; the coeng (subscript marker) and the other signs are silent; punctuation
// is a space; digits are digits.
constexpr std::array<std::u32string_view, kKhmerLast - kKhmerFirst + 1> kKhmer = {
    // 1780
    U"k", U"kh", U"k", U"kh", U"ng", U"ch", U"chh", U"ch", U"chh", U"nh", U"d", U"th", U"d", U"th", U"n", U"t",
    // 1790
    U"th", U"t", U"th", U"n", U"b", U"ph", U"p", U"ph", U"m", U"y", U"r", U"l", U"v", U"s", U"s", U"s",
    // 17A0
    U"h", U"l", U"", U"a", U"a", U"e", U"ei", U"o", U"ou", U"ou", U"ov", U"ry", U"ry", U"ly", U"ly", U"ae",
    // 17B0
    U"ai", U"ao", U"ao", U"au", U"", U"", U"a", U"e", U"ei", U"oe", U"eu", U"o", U"ou", U"uo", U"aeu", U"oea",
    // 17C0
    U"ie", U"e", U"e", U"ai", U"ao", U"au", U"m", U"h", U"", U"", U"", U"", U"r", U"", U"", U"",
    // 17D0
    U"", U"", U"", U"", U" ", U" ", U" ", U"", U" ", U" ", U" ", U"", U"", U"", U"", U"",
    // 17E0
    U"0", U"1", U"2", U"3", U"4", U"5", U"6", U"7", U"8", U"9", U"", U"", U"", U"", U"", U"",
    // 17F0
    U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U""};
constexpr char32_t kKhmerBa = 0x1794, kKhmerMusikatoan = 0x17C9, kKhmerTriisap = 0x17CA, kKhmerCoeng = 0x17D2;
constexpr char32_t kKhmerFirstVowelSign = 0x17B6, kKhmerLastVowelSign = 0x17C5;

// The dependent vowels ា … ៅ after a consonant of the second (o-) series, UNGEGN.
constexpr std::array<std::u32string_view, kKhmerLastVowelSign - kKhmerFirstVowelSign + 1> kKhmerSecondSeriesVowels = {
    U"ea", U"i", U"i", U"ue", U"ueu", U"u", U"u", U"uo", U"eu", U"oea", U"ie", U"e", U"e", U"ey", U"o", U"ov"};

bool IsKhmerConsonant(char32_t c) { return c >= 0x1780 && c <= 0x17A2; }
// គ ឃ ង ជ ឈ ញ ឌ ឍ ទ ធ ន ព ភ ម យ រ ល វ: their vowels are read in the second series.
bool IsKhmerSecondSeries(char32_t c) {
  constexpr char32_t kSecond[] = {0x1782, 0x1783, 0x1784, 0x1787, 0x1788, 0x1789, 0x178C, 0x178D, 0x1791,
                                  0x1792, 0x1793, 0x1796, 0x1797, 0x1798, 0x1799, 0x179A, 0x179B, 0x179C};
  return std::find(std::begin(kSecond), std::end(kSecond), c) != std::end(kSecond);
}

// U+0E80-U+0EFF. Consonants as the Lao government romanises them (ຊ x, ຍ y, ວ v, ອ o); vowels;
// tone marks and other signs silent; digits are digits.
constexpr std::array<std::u32string_view, kLaoLast - kLaoFirst + 1> kLao = {
    // 0E80
    U"", U"k", U"kh", U"", U"kh", U"", U"kh", U"ng", U"ch", U"ch", U"x", U"", U"s", U"y", U"n", U"d",
    // 0E90
    U"th", U"th", U"th", U"n", U"d", U"t", U"th", U"th", U"th", U"n", U"b", U"p", U"ph", U"f", U"ph", U"f",
    // 0EA0
    U"ph", U"m", U"y", U"r", U"", U"l", U"", U"v", U"s", U"s", U"s", U"h", U"l", U"o", U"h", U"",
    // 0EB0
    U"a", U"a", U"a", U"am", U"i", U"i", U"u", U"u", U"ou", U"ou", U"", U"o", U"l", U"ia", U"", U"",
    // 0EC0
    U"e", U"ae", U"o", U"ai", U"ai", U"", U"", U"", U"", U"", U"", U"", U"", U"o", U"", U"",
    // 0ED0
    U"0", U"1", U"2", U"3", U"4", U"5", U"6", U"7", U"8", U"9", U"", U"", U"n", U"m", U"kh", U"ny",
    // 0EE0
    U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"",
    // 0EF0
    U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U""};
constexpr char32_t kLaoSubscriptLo = 0x0EBC;
constexpr char32_t kLaoHoSung = 0x0EAB;  // ຫ: silent before a sonorant, which it only gives a tone

bool IsLaoPrefixVowel(char32_t c) { return c >= 0x0EC0 && c <= 0x0EC4; }  // ເ ແ ໂ ໃ ໄ
bool IsLaoConsonant(char32_t c) { return (c >= 0x0E81 && c <= 0x0EAE) || (c >= 0x0EDC && c <= 0x0EDF); }
bool IsLaoSonorant(char32_t c) {
  return c == 0x0E87 || c == 0x0E8D || c == 0x0E99 || c == 0x0EA1 || c == 0x0EA5 || c == 0x0EA7;  // ງ ຍ ນ ມ ລ ວ
}

bool IsLaoVowelSign(char32_t c) { return (c >= 0x0EB0 && c <= 0x0EBD) || c == 0x0ECD; }

// ດ, ບ and ວ closing a syllable (no vowel sign after them, tone marks aside) are t, p and o
// ("ເຂດ" khet, "ແກ້ວ" keo); before a vowel they are d, b and v.
std::optional<std::u32string_view> LaoFinal(std::u32string_view text, size_t i) {
  const char32_t c = text[i];
  if (c != 0x0E94 && c != 0x0E9A && c != 0x0EA7) return std::nullopt;
  size_t next = i + 1;
  while (next < text.size() && text[next] >= 0x0EC8 && text[next] <= 0x0ECB) ++next;  // tone marks
  if (next < text.size() && IsLaoVowelSign(text[next])) return std::nullopt;
  if (i == 0 || !(IsLaoVowelSign(text[i - 1]) || IsLaoConsonant(text[i - 1]) || (text[i - 1] >= 0x0EC8 && text[i - 1] <= 0x0ECB)))
    return std::nullopt;  // a word's first letter
  return c == 0x0E94 ? U"t" : c == 0x0E9A ? U"p" : U"o";
}

std::u32string_view Letter(char32_t c) {
  if (c >= kCyrillicFirst && c <= kCyrillicLast) return kCyrillic[c - kCyrillicFirst];
  if (c >= kKhmerFirst && c <= kKhmerLast) return kKhmer[c - kKhmerFirst];
  return kLao[c - kLaoFirst];
}

}  // namespace

bool IsKhmerOrLao(char32_t c) { return (c >= kKhmerFirst && c <= kKhmerLast) || (c >= kLaoFirst && c <= kLaoLast); }

std::u32string RomaniseByTable(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  char32_t pending_vowel = 0;  // a Lao vowel written before the consonant it follows in speech
  bool second_series = false;  // the series of the Khmer syllable's consonant
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c >= kKhmerFirst && c <= kKhmerLast) {
      const char32_t previous = i > 0 ? text[i - 1] : 0;
      if (IsKhmerConsonant(c) && previous != kKhmerCoeng) second_series = IsKhmerSecondSeries(c);
      if (c == kKhmerTriisap) second_series = true;
      if (c == kKhmerMusikatoan) second_series = false;
      if (c >= kKhmerFirstVowelSign && c <= kKhmerLastVowelSign && second_series) {
        out.append(kKhmerSecondSeriesVowels[c - kKhmerFirstVowelSign]);
        continue;
      }
      // A word's first consonant followed by another, with no vowel sign, carries the inherent
      // vowel: a (first series) or o (second): ពត "pot".
      if (IsKhmerConsonant(c) && !(previous >= kKhmerFirst && previous <= kKhmerLast) && i + 1 < text.size() &&
          IsKhmerConsonant(text[i + 1])) {
        out.append(Letter(c));
        out.append(second_series ? U"o" : U"a");
        continue;
      }
    }
    const bool tabled = (c >= kCyrillicFirst && c <= kCyrillicLast) || IsKhmerOrLao(c);
    if (!tabled) {
      if (pending_vowel != 0) out.append(Letter(std::exchange(pending_vowel, 0)));
      out.push_back(c);
      continue;
    }
    if (IsLaoPrefixVowel(c) && i + 1 < text.size() && IsLaoConsonant(text[i + 1])) {
      if (pending_vowel != 0) out.append(Letter(pending_vowel));
      pending_vowel = c;
      continue;
    }
    if (c == kLaoHoSung && i + 1 < text.size() && IsLaoSonorant(text[i + 1])) continue;
    if (c == kKhmerMusikatoan && i > 0 && text[i - 1] == kKhmerBa) {
      out.back() = U'p';  // ប៉ is p
      continue;
    }
    out.append(LaoFinal(text, i).value_or(Letter(c)));
    // The prefix vowel is read after its consonant (after ກຼ, with a subscript l, after the pair).
    if (pending_vowel != 0 && (IsLaoConsonant(c) || c == kLaoSubscriptLo) && !(i + 1 < text.size() && text[i + 1] == kLaoSubscriptLo))
      out.append(Letter(std::exchange(pending_vowel, 0)));
  }
  if (pending_vowel != 0) out.append(Letter(pending_vowel));
  return out;
}

}  // namespace exportctl::screen
