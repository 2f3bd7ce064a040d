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
constexpr char32_t kThaiFirst = 0x0E00, kThaiLast = 0x0E7F;

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
constexpr char32_t kLaoSubscriptLo = 0x0EBC, kLaoNiggahita = 0x0ECD, kLaoSaraAa = 0x0EB2;
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

// Thai (U+0E00-U+0E7F) in the Royal Thai General System: consonants by their initial and final
// values (ก k, ช ch, … ; at a syllable's end ช t, ร n, ย i …), vowels, a vowel written before its
// consonant read after it (and after a cluster's ร ล ว), a consonant under the thanthakhat ์
// silent, ห before a sonorant silent, อ a vowel carrier (o where it is the vowel), a second final
// consonant dropped ("วัตร" wat). ICU's own transform is letter by letter and cuts names where its
// dictionary sees words ("ชินวัตร" → "chin watr").
constexpr char32_t kThaiFirstConsonant = 0x0E01, kThaiLastConsonant = 0x0E2E;
constexpr std::array<std::u32string_view, kThaiLastConsonant - kThaiFirstConsonant + 1> kThaiInitial = {
    U"k",  U"kh", U"kh", U"kh", U"kh", U"kh", U"ng", U"ch", U"ch", U"ch", U"s", U"ch", U"y",   U"d", U"t",   U"th",
    U"th", U"th", U"n",  U"d",  U"t",  U"th", U"th", U"th", U"n",  U"b",  U"p", U"ph", U"f",   U"ph", U"f",  U"ph",
    U"m",  U"y",  U"r",  U"rue", U"l", U"lue", U"w", U"s",  U"s",  U"s",  U"h", U"l",  U"",    U"h"};
constexpr std::array<std::u32string_view, kThaiLastConsonant - kThaiFirstConsonant + 1> kThaiFinal = {
    U"k", U"k", U"k", U"k", U"k", U"k", U"ng", U"t", U"t", U"t", U"t", U"t", U"n",   U"t", U"t",   U"t",
    U"t", U"t", U"n", U"t", U"t", U"t", U"t",  U"t", U"n", U"p", U"p", U"p", U"p",   U"p", U"p",   U"p",
    U"m", U"i", U"n", U"rue", U"n", U"lue", U"o", U"t", U"t", U"t", U"", U"n", U"o", U""};
// U+0E2F-U+0E7F: vowels, signs (silent), digits, punctuation.
constexpr char32_t kThaiFirstOther = 0x0E2F;
constexpr std::array<std::u32string_view, kThaiLast - kThaiFirstOther + 1> kThaiOther = {
    U"",  U"a", U"a", U"a", U"am", U"i", U"i", U"ue", U"ue", U"u", U"u", U"", U"", U"", U"", U"", U"",  // 0E2F-0E3F
    U"e", U"ae", U"o", U"ai", U"ai", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U" ",           // 0E40-0E4F
    U"0", U"1", U"2", U"3", U"4", U"5", U"6", U"7", U"8", U"9", U" ", U" ", U"", U"", U"", U"",         // 0E50-0E5F
    U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"",                    // 0E60-0E6F
    U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U"", U""};                   // 0E70-0E7F
constexpr char32_t kThaiThanthakhat = 0x0E4C, kThaiHoHip = 0x0E2B, kThaiOAng = 0x0E2D;
constexpr char32_t kThaiNikhahit = 0x0E4D, kThaiSaraAa = 0x0E32;

bool IsThaiConsonant(char32_t c) { return c >= kThaiFirstConsonant && c <= kThaiLastConsonant; }
bool IsThaiToneMark(char32_t c) { return c >= 0x0E48 && c <= 0x0E4B; }
bool IsThaiVowelSign(char32_t c) { return (c >= 0x0E30 && c <= 0x0E39) || c == 0x0E47 || c == 0x0E4D; }
bool IsThaiPrefixVowel(char32_t c) { return c >= 0x0E40 && c <= 0x0E44; }  // เ แ โ ใ ไ
bool IsThaiSonorant(char32_t c) {  // ง ญ น ม ย ร ล ว
  return c == 0x0E07 || c == 0x0E0D || c == 0x0E19 || c == 0x0E21 || c == 0x0E22 || c == 0x0E23 || c == 0x0E25 || c == 0x0E27;
}
bool IsThaiClusterSecond(char32_t c) { return c == 0x0E23 || c == 0x0E25 || c == 0x0E27; }  // ร ล ว

std::u32string RomaniseThai(std::u32string_view run) {
  std::u32string out;
  char32_t pending_vowel = 0;
  bool last_final = false;  // the last letter written closed a syllable
  auto at = [&](size_t i) { return i < run.size() ? run[i] : char32_t{0}; };
  for (size_t i = 0; i < run.size(); ++i) {
    const char32_t c = run[i];
    if (IsThaiPrefixVowel(c) && IsThaiConsonant(at(i + 1))) {
      if (pending_vowel != 0) out.append(kThaiOther[pending_vowel - kThaiFirstOther]);
      pending_vowel = c;
      continue;
    }
    // Silent: a letter under the thanthakhat (also with a vowel sign between: "ทธิ์").
    if (at(i + 1) == kThaiThanthakhat || (at(i + 2) == kThaiThanthakhat && IsThaiVowelSign(at(i + 1)))) continue;
    if (c == kThaiNikhahit && at(i + 1) == kThaiSaraAa) {  // ำ, which NFKC splits into ํ and า
      out.append(U"am");
      ++i;
      last_final = false;
      continue;
    }
    if (!IsThaiConsonant(c)) {
      if (c >= kThaiFirstOther) out.append(kThaiOther[c - kThaiFirstOther]);  // (U+0E00 is unassigned)
      if (IsThaiVowelSign(c)) last_final = false;
      continue;
    }
    if (c == kThaiHoHip && IsThaiSonorant(at(i + 1))) continue;
    size_t next = i + 1;
    while (IsThaiToneMark(at(next))) ++next;
    const bool word_start = i == 0;
    const bool closes = !word_start && pending_vowel == 0 && !IsThaiVowelSign(at(next)) &&
                        !(c == kThaiOAng && IsThaiConsonant(at(next)) && last_final);
    if (c == kThaiOAng && (IsThaiVowelSign(at(next)) || pending_vowel != 0)) {
      // the carrier of a vowel: silent
    } else if (c == kThaiOAng && word_start) {
      out.append(U"a");  // before a consonant it carries the inherent a ("อนุทิน" anuthin)
    } else if (closes) {
      if (!last_final) out.append(kThaiFinal[c - kThaiFirstConsonant]);
    } else {
      out.append(kThaiInitial[c - kThaiFirstConsonant]);
    }
    last_final = closes;
    const bool cluster = IsThaiClusterSecond(at(i + 1)) && !IsThaiVowelSign(at(i + 2)) && at(i + 2) != 0 && pending_vowel != 0;
    if (pending_vowel != 0 && !cluster) {
      out.append(kThaiOther[std::exchange(pending_vowel, 0) - kThaiFirstOther]);
      last_final = false;
    }
  }
  if (pending_vowel != 0) out.append(kThaiOther[pending_vowel - kThaiFirstOther]);
  return out;
}

// Letters of the Cyrillic alphabets of Central Asia and the Caucasus (Kazakh, Kyrgyz, Tajik, Uzbek,
// Azerbaijani, Bashkir, Tatar, Mongolian) and Ukrainian ґ (lower case), as their names are spelled
// in the lists ("Тоқаев" Tokayev, "Әлиев" Aliyev); ICU leaves some of them (ұ) untransliterated.
std::u32string_view ExtendedCyrillic(char32_t c) {
  switch (c) {
    case 0x0491: return U"g";   // ґ
    case 0x0493: return U"gh";  // ғ
    case 0x0495: return U"gh";  // ҕ
    case 0x0497: return U"zh";  // җ
    case 0x0499: return U"z";   // ҙ
    case 0x049B: return U"k";   // қ
    case 0x049D: return U"k";   // ҝ
    case 0x04A3: return U"ng";  // ң
    case 0x04A5: return U"ng";  // ҥ
    case 0x04AB: return U"s";   // ҫ
    case 0x04AF: return U"u";   // ү
    case 0x04B1: return U"u";   // ұ
    case 0x04B3: return U"kh";  // ҳ
    case 0x04B7: return U"ch";  // ҷ
    case 0x04B9: return U"ch";  // ҹ
    case 0x04BB: return U"h";   // һ
    case 0x04CF: return U"";    // ӏ (palochka)
    case 0x04D9: return U"a";   // ә
    case 0x04E3: return U"i";   // ӣ
    case 0x04E9: return U"o";   // ө
    case 0x04EF: return U"u";   // ӯ
    default: return {};
  }
}
bool IsExtendedCyrillic(char32_t c) { return !ExtendedCyrillic(c).empty() || c == 0x04CF; }

std::u32string RomaniseCyrillic(std::u32string_view run) {
  std::u32string out;
  for (char32_t c : run) out.append(c <= kCyrillicLast ? kCyrillic[c - kCyrillicFirst] : ExtendedCyrillic(c));
  return out;
}

std::u32string RomaniseKhmer(std::u32string_view run) {
  std::u32string out;
  bool second_series = false;  // the series of the syllable's consonant
  for (size_t i = 0; i < run.size(); ++i) {
    const char32_t c = run[i];
    const char32_t previous = i > 0 ? run[i - 1] : 0;
    if (IsKhmerConsonant(c) && previous != kKhmerCoeng) second_series = IsKhmerSecondSeries(c);
    if (c == kKhmerTriisap) second_series = true;
    if (c == kKhmerMusikatoan) {
      second_series = false;
      if (previous == kKhmerBa) out.back() = U'p';  // ប៉ is p
      continue;
    }
    if (c >= kKhmerFirstVowelSign && c <= kKhmerLastVowelSign && second_series) {
      out.append(kKhmerSecondSeriesVowels[c - kKhmerFirstVowelSign]);
      continue;
    }
    out.append(kKhmer[c - kKhmerFirst]);
    // A word's first consonant followed by another, with no vowel sign, carries the inherent
    // vowel: a (first series) or o (second): ពត "pot".
    if (IsKhmerConsonant(c) && i == 0 && i + 1 < run.size() && IsKhmerConsonant(run[i + 1]))
      out.append(second_series ? U"o" : U"a");
  }
  return out;
}

std::u32string RomaniseLao(std::u32string_view run) {
  std::u32string out;
  char32_t pending_vowel = 0;  // a vowel written before the consonant it follows in speech
  for (size_t i = 0; i < run.size(); ++i) {
    const char32_t c = run[i];
    if (IsLaoPrefixVowel(c) && i + 1 < run.size() && IsLaoConsonant(run[i + 1])) {
      if (pending_vowel != 0) out.append(kLao[pending_vowel - kLaoFirst]);
      pending_vowel = c;
      continue;
    }
    if (c == kLaoHoSung && i + 1 < run.size() && IsLaoSonorant(run[i + 1])) continue;
    if (c == kLaoNiggahita && i + 1 < run.size() && run[i + 1] == kLaoSaraAa) {  // ຳ, split by NFKC
      out.append(U"am");
      ++i;
      continue;
    }
    out.append(LaoFinal(run, i).value_or(kLao[c - kLaoFirst]));
    // The prefix vowel is read after its consonant (after ກຼ, with a subscript l, after the pair).
    if (pending_vowel != 0 && (IsLaoConsonant(c) || c == kLaoSubscriptLo) &&
        !(i + 1 < run.size() && run[i + 1] == kLaoSubscriptLo))
      out.append(kLao[std::exchange(pending_vowel, 0) - kLaoFirst]);
  }
  if (pending_vowel != 0) out.append(kLao[pending_vowel - kLaoFirst]);
  return out;
}

// Burmese (U+1000-U+109F) as the names are spelled in the lists (the popular romanisation, not
// MLCTS): syllable by syllable, an initial (with its medials: ျ ြ y, ွ w, ှ h before the letter),
// a vowel, and a final (a consonant under the asat ်) read with the vowel before it: င် is "in"
// after the inherent vowel, "aing" after ို, "aung" after ော; ည် "i"; က် "et", "aik", "auk" …
// ("မင်းအောင်လှိုင်" → "minaunghlaing", Min Aung Hlaing). Tone marks are silent. ICU's transform
// gives "mainnaaunglhaine". Names are written without spaces between syllables, so a name is one
// word; the scorer compares it glued and by consonants.
constexpr char32_t kBurmeseFirst = 0x1000, kBurmeseLast = 0x109F;
constexpr std::array<std::u32string_view, 0x1021 - 0x1000 + 1> kBurmeseInitial = {
    U"k", U"kh", U"g", U"g", U"ng", U"s", U"s", U"z", U"z", U"ny", U"ny", U"t", U"ht", U"d", U"d", U"n",
    U"t", U"ht", U"d", U"d", U"n", U"p", U"ph", U"b", U"b", U"m", U"y", U"y", U"l", U"w", U"th", U"h", U"l", U""};

enum class BurmeseVowel { kInherent, kA, kI, kU, kE, kAi, kAw, kO };

std::u32string_view BurmeseVowelText(BurmeseVowel v) {
  switch (v) {
    case BurmeseVowel::kInherent: return U"a";
    case BurmeseVowel::kA: return U"a";
    case BurmeseVowel::kI: return U"i";
    case BurmeseVowel::kU: return U"u";
    case BurmeseVowel::kE: return U"e";
    case BurmeseVowel::kAi: return U"e";
    case BurmeseVowel::kAw: return U"aw";
    case BurmeseVowel::kO: return U"oe";  // open ို as the names spell it: Soe, Moe
  }
  return U"";
}

// The rhyme of a vowel and a final consonant (under the asat), as names spell it.
std::u32string_view BurmeseRhyme(BurmeseVowel v, char32_t final, bool creaky) {
  if (final == 0x1004 && creaky && (v == BurmeseVowel::kInherent || v == BurmeseVowel::kA)) return U"int";  // င့် Myint
  const bool velar_nasal = final == 0x1004;                                       // င
  const bool nasal = final == 0x1014 || final == 0x1019 || final == 0x1036;       // န မ ံ
  const bool palatal = final == 0x1009 || final == 0x100A;                        // ဉ ည
  const bool velar_stop = final == 0x1000;                                        // က
  const bool stop = final == 0x1010 || final == 0x1015 || final == 0x1005;        // တ ပ စ
  switch (v) {
    case BurmeseVowel::kInherent:
    case BurmeseVowel::kA:
      return velar_nasal ? U"in" : nasal ? U"an" : palatal ? U"i" : velar_stop ? U"et" : final == 0x1005 ? U"it" : stop ? U"at" : U"a";
    case BurmeseVowel::kI: return velar_nasal || nasal ? U"ein" : stop || velar_stop ? U"eik" : U"i";
    case BurmeseVowel::kU: return velar_nasal || nasal ? U"on" : stop || velar_stop ? U"ok" : U"u";
    case BurmeseVowel::kO: return velar_nasal ? U"aing" : velar_stop ? U"aik" : nasal ? U"on" : U"o";
    case BurmeseVowel::kAw: return velar_nasal ? U"aung" : velar_stop ? U"auk" : U"aw";
    case BurmeseVowel::kE:
    case BurmeseVowel::kAi: return BurmeseVowelText(v);
  }
  return U"";
}

std::u32string RomaniseBurmese(std::u32string_view run) {
  std::u32string out;
  std::u32string initial;
  BurmeseVowel vowel = BurmeseVowel::kInherent;
  bool open = false;  // a syllable has begun and is not written yet
  char32_t final = 0;
  bool creaky = false;  // the dot below ့
  auto flush = [&] {
    if (!open) return;
    out += initial;
    out += final != 0 ? BurmeseRhyme(vowel, final, creaky) : BurmeseVowelText(vowel);
    initial.clear();
    vowel = BurmeseVowel::kInherent;
    final = 0;
    creaky = false;
    open = false;
  };
  auto at = [&](size_t i) { return i < run.size() ? run[i] : char32_t{0}; };
  for (size_t i = 0; i < run.size(); ++i) {
    const char32_t c = run[i];
    if (c <= 0x1021) {
      // A consonant under the asat (tone marks may stand between) or before the virama ္ closes
      // the open syllable; any other starts one.
      size_t next = i + 1;
      while (at(next) == 0x1037 || at(next) == 0x1038) ++next;
      if (open && (at(next) == 0x103A || at(next) == 0x1039)) {
        final = c;
        for (size_t k = i + 1; k < next; ++k) creaky |= run[k] == 0x1037;
        i = next;
        continue;
      }
      flush();
      initial = kBurmeseInitial[c - 0x1000];
      open = true;
      continue;
    }
    switch (c) {
      case 0x102B: case 0x102C:  // ါ ာ (after ေ: ော aw)
        vowel = vowel == BurmeseVowel::kE ? BurmeseVowel::kAw : BurmeseVowel::kA;
        break;
      case 0x102D: case 0x102E: vowel = BurmeseVowel::kI; break;               // ိ ီ
      case 0x102F: case 0x1030:                                                // ု ူ (after ိ: ို o)
        vowel = vowel == BurmeseVowel::kI ? BurmeseVowel::kO : BurmeseVowel::kU;
        break;
      case 0x1031: vowel = BurmeseVowel::kE; break;                            // ေ
      case 0x1032: vowel = BurmeseVowel::kAi; break;                           // ဲ
      case 0x1036: final = c; break;                                           // ံ
      case 0x1037: creaky = true; break;                                       // ့
      case 0x103B: case 0x103C:                                                // ျ ြ
        initial = initial == U"kh" ? U"ch" : initial + U"y";
        break;
      case 0x103D: initial += U"w"; break;                                     // ွ
      case 0x103E: initial = U"h" + initial; break;                            // ှ
      case 0x1025: case 0x1026: flush(); out += U"u"; break;                   // ဥ ဦ
      case 0x1027: flush(); out += U"e"; break;                                // ဧ
      case 0x1023: case 0x1024: flush(); out += U"i"; break;                   // ဣ ဤ
      case 0x1029: case 0x102A: flush(); out += U"aw"; break;                  // ဩ ဪ
      default:
        if (c >= 0x1040 && c <= 0x1049) {  // digits
          flush();
          out.push_back(U'0' + (c - 0x1040));
        } else if (c == 0x104A || c == 0x104B) {  // punctuation
          flush();
          out.push_back(U' ');
        }
        break;  // tone marks, asat, virama and other signs: silent
    }
  }
  flush();
  return out;
}

enum class Tabled { kNone, kCyrillicLetters, kKhmerLetters, kLaoLetters, kThaiLetters, kBurmeseLetters };

Tabled ScriptOf(char32_t c) {
  if ((c >= kCyrillicFirst && c <= kCyrillicLast) || IsExtendedCyrillic(c)) return Tabled::kCyrillicLetters;
  if (c >= kKhmerFirst && c <= kKhmerLast) return Tabled::kKhmerLetters;
  if (c >= kLaoFirst && c <= kLaoLast) return Tabled::kLaoLetters;
  if (c >= kThaiFirst && c <= kThaiLast) return Tabled::kThaiLetters;
  if (c >= kBurmeseFirst && c <= kBurmeseLast) return Tabled::kBurmeseLetters;
  return Tabled::kNone;
}

}  // namespace

std::u32string RomaniseByTable(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const Tabled script = ScriptOf(text[i]);
    if (script == Tabled::kNone) {
      out.push_back(text[i++]);
      continue;
    }
    // A run of one script (a word of it: the letter rules look at neighbours within the word).
    size_t end = i;
    while (end < text.size() && ScriptOf(text[end]) == script) ++end;
    const std::u32string_view run = text.substr(i, end - i);
    switch (script) {
      case Tabled::kCyrillicLetters: out += RomaniseCyrillic(run); break;
      case Tabled::kKhmerLetters: out += RomaniseKhmer(run); break;
      case Tabled::kLaoLetters: out += RomaniseLao(run); break;
      case Tabled::kThaiLetters: out += RomaniseThai(run); break;
      case Tabled::kBurmeseLetters: out += RomaniseBurmese(run); break;
      case Tabled::kNone: break;
    }
    i = end;
  }
  return out;
}

}  // namespace exportctl::screen
