#include "screen/normalize.h"

#include <opencc/opencc.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "exportctl/screen.h"
#include "screen/similarity.h"
#include "screen/given_names.h"
#include "screen/romanise.h"
#include "screen/weak_words.h"

namespace exportctl::screen {
namespace {

icu::UnicodeString FromUtf8(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

// NFKC (compatibility forms to their plain letters, decomposed letters composed); the text as it
// is when ICU fails. (ICU's NFKC instance is a shared, thread-safe singleton.)
icu::UnicodeString Nfkc(const icu::UnicodeString& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || nfkc == nullptr) return text;
  icu::UnicodeString n = nfkc->normalize(text, status);
  return U_SUCCESS(status) ? n : text;
}

// ICU transliterators and the OpenCC converter are not safe to share between threads, and are
// costly to create: one set per thread, created on first non-ASCII use.
class ScriptTools {
 public:
  ScriptTools() {
    UErrorCode status = U_ZERO_ERROR;
    any_latin_.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD,
                                                         status));
    if (U_FAILURE(status)) any_latin_.reset();
    status = U_ZERO_ERROR;
    han_latin_.reset(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII", UTRANS_FORWARD,
                                                         status));
    if (U_FAILURE(status)) han_latin_.reset();
    t2s_ = opencc_open("t2s.json");
  }
  ~ScriptTools() {
    if (t2s_ != reinterpret_cast<opencc_t>(-1)) opencc_close(t2s_);
  }
  ScriptTools(const ScriptTools&) = delete;
  ScriptTools& operator=(const ScriptTools&) = delete;

  std::string Fold(std::string_view utf8) {
    icu::UnicodeString text = Nfkc(FromUtf8(utf8));
    text.foldCase();
    std::u32string cps = ToCodePoints(text);
    bool has_han = false;
    for (char32_t c : cps) has_han |= IsHan(c);
    if (has_han) cps = HanToLatin(ToSimplified(cps));
    cps = RomaniseByTable(cps);
    icu::UnicodeString latin = FromCodePoints(cps);
    if (any_latin_) any_latin_->transliterate(latin);
    latin.foldCase();
    std::string out;
    FromCodePoints(WithoutResidualLetters(ToCodePoints(latin))).toUTF8String(out);
    return out;
  }

 private:
  static bool IsHan(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_HAN;
  }
  static std::u32string ToCodePoints(const icu::UnicodeString& s) {
    std::u32string out;
    for (int32_t i = 0; i < s.length();) {
      UChar32 c = s.char32At(i);
      out.push_back(static_cast<char32_t>(c));
      i += U16_LENGTH(c);
    }
    return out;
  }
  static icu::UnicodeString FromCodePoints(const std::u32string& cps) {
    icu::UnicodeString s;
    for (char32_t c : cps) s.append(static_cast<UChar32>(c));
    return s;
  }
  std::u32string ToSimplified(const std::u32string& cps) {
    if (t2s_ == reinterpret_cast<opencc_t>(-1)) return cps;
    std::string utf8;
    FromCodePoints(cps).toUTF8String(utf8);
    char* converted = opencc_convert_utf8(t2s_, utf8.data(), utf8.size());
    if (converted == nullptr) return cps;
    std::u32string out = ToCodePoints(icu::UnicodeString::fromUTF8(converted));
    opencc_convert_utf8_free(converted);
    return out;
  }
  // Letters ICU's Latin-ASCII leaves: the Azerbaijani schwa ə is a ("Əliyev" → "aliyev"), the
  // Ethiopic sixth-order vowel ǝ is dropped as names in Latin letters mostly drop it ("ahǝmad" →
  // "ahmad"), ɔ is o, ʃ sh, ʒ zh, and spacing modifier letters (ʿ ʾ ˀ …) are dropped. Left in,
  // each would cut a word in two.
  static std::u32string WithoutResidualLetters(std::u32string cps) {
    std::u32string out;
    out.reserve(cps.size());
    for (char32_t c : cps) {
      switch (c) {
        case U'ə': case U'Ə': out.push_back(U'a'); break;
        case U'ǝ': case U'Ǝ': break;
        case U'ɔ': case U'Ɔ': out.push_back(U'o'); break;
        case U'ʃ': out.append(U"sh"); break;
        case U'ʒ': out.append(U"zh"); break;
        default:
          if (c < 0x2B0 || c > 0x2FF) out.push_back(c);  // spacing modifier letters dropped
      }
    }
    return out;
  }
  // Generic words become their English weak words; every other run of Han characters becomes one
  // glued pinyin token ("智谱华章" → "zhipuhuazhang").
  std::u32string HanToLatin(const std::u32string& cps) {
    std::u32string out;
    std::u32string pending;
    auto flush = [&] {
      if (pending.empty()) return;
      icu::UnicodeString chunk = FromCodePoints(pending);
      if (han_latin_) han_latin_->transliterate(chunk);
      out.push_back(U' ');
      for (char32_t c : ToCodePoints(chunk)) {
        if (c != U' ' && c != U'\'') out.push_back(c);
      }
      out.push_back(U' ');
      pending.clear();
    };
    const auto& words = HanGenericWords();
    for (size_t i = 0; i < cps.size();) {
      if (!IsHan(cps[i])) {
        flush();
        out.push_back(cps[i++]);
        continue;
      }
      bool matched = false;
      for (const auto& [word, english] : words) {
        if (cps.compare(i, word.size(), word) == 0) {
          flush();
          out.push_back(U' ');
          for (char ch : english) out.push_back(static_cast<char32_t>(ch));
          out.push_back(U' ');
          i += word.size();
          matched = true;
          break;
        }
      }
      if (!matched) pending.push_back(cps[i++]);
    }
    flush();
    return out;
  }

  std::unique_ptr<icu::Transliterator> any_latin_;
  std::unique_ptr<icu::Transliterator> han_latin_;
  opencc_t t2s_ = reinterpret_cast<opencc_t>(-1);
};

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Calls f(code point, its first byte, the byte after it) for each code point of the text (a
// negative code point for bytes that are not UTF-8) while f returns true.
template <typename F>
void ForEachCodePoint(std::string_view utf8, F&& f) {
  const auto* text = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(std::min<size_t>(utf8.size(), INT32_MAX));
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(text, i, length, c);
    if (!f(c, static_cast<size_t>(start), static_cast<size_t>(i))) return;
  }
}

constexpr UChar32 kFirstHangulSyllable = 0xAC00, kLastHangulSyllable = 0xD7A3;
constexpr UChar32 kFirstLeadingJamo = 0x1100, kLastLeadingJamo = 0x1112;


}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return false;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string FoldWithTransliterators(std::string_view utf8) {
  thread_local ScriptTools tools;
  return tools.Fold(utf8);
}

// Text in the Latin and Cyrillic scripts folds one code point at a time to what the
// transliterators give for the whole text (tested on every such name of the test lists and
// queries): NFKC only composes a letter with a following combining mark (such text takes the
// whole path), case folding comes first, and these transforms do not look at neighbours in
// lower case. Each code point's folding is asked of ICU once per thread and kept: the whole path
// costs about ten microseconds per name, this one a tenth of a microsecond.
std::optional<std::string> FoldByCodePoint(std::string_view utf8) {
  thread_local std::unordered_map<UChar32, std::string> folded_code_points;
  std::string out;
  out.reserve(utf8.size());
  bool foldable = true;
  ForEachCodePoint(utf8, [&](UChar32 c, size_t from, size_t to) {
    if (c < 0) return foldable = false;
    if (c < 0x80) {
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      return true;
    }
    if ((U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) return foldable = false;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status) || (script != USCRIPT_LATIN && script != USCRIPT_CYRILLIC && script != USCRIPT_COMMON))
      return foldable = false;
    if (folded_code_points.size() > 4096) folded_code_points.clear();  // bounded: a few scripts' letters
    auto [it, inserted] = folded_code_points.try_emplace(c);
    if (inserted) it->second = FoldWithTransliterators(utf8.substr(from, to - from));
    out += it->second;
    return true;
  });
  if (!foldable) return std::nullopt;
  return out;
}

bool HasHangulSyllables(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  bool found = false;
  ForEachCodePoint(utf8, [&](UChar32 c, size_t, size_t) {
    // A syllable, or the leading consonant of one written decomposed (NFD), which NFKC composes.
    found = (c >= kFirstHangulSyllable && c <= kLastHangulSyllable) || (c >= kFirstLeadingJamo && c <= kLastLeadingJamo);
    return !found;
  });
  return found;
}

namespace {

std::string LowerAscii(std::string_view ascii) {
  std::string out(ascii);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Hangul syllables in the romanisation of the DPRK (1992), the one the sanctions lists use for
// Korean names ("김정은" → "kim jong un", "리병철" → "ri pyong chol", "최룡해" → "choe ryong hae"),
// each syllable a word of its own as those lists write given names; other text unchanged. ICU's
// transform gives South Korea's Revised Romanization glued ("gimjeong eun"), which meets none of
// them. The text is NFKC-normalised first, so that fullwidth or enclosed forms ("（주）", "㈜")
// and syllables written decomposed are read. Empty when the text has no Hangul syllable.
std::string RomaniseHangulSyllables(std::string_view text) {
  static constexpr std::string_view kInitial[19] = {"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s",
                                                    "ss", "", "j", "jj", "ch", "kh", "th", "ph", "h"};
  static constexpr std::string_view kVowel[21] = {"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
                                                  "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i"};
  static constexpr std::string_view kFinal[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k",
                                                  "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
                                                  "t", "ng", "t", "t", "k", "t", "p", "t"};
  if (!HasHangulSyllables(text)) return {};
  std::string utf8;
  Nfkc(FromUtf8(text)).toUTF8String(utf8);
  // Legal forms and generic words first, as English weak words (one pass, longest first).
  std::string replaced;
  replaced.reserve(utf8.size());
  for (size_t at = 0; at < utf8.size();) {
    bool found = false;
    for (const auto& [korean, english] : KoreanGenericWords()) {
      if (utf8.compare(at, korean.size(), korean) != 0) continue;
      replaced.append(" ").append(english).append(" ");
      at += korean.size();
      found = true;
      break;
    }
    if (!found) replaced += utf8[at++];
  }
  std::string out;
  ForEachCodePoint(replaced, [&](UChar32 c, size_t from, size_t to) {
    if (c < kFirstHangulSyllable || c > kLastHangulSyllable) {
      out.append(std::string_view(replaced).substr(from, to - from));
      return true;
    }
    const int syllable = c - kFirstHangulSyllable;
    out += ' ';
    out.append(kInitial[syllable / 588]).append(kVowel[(syllable % 588) / 28]).append(kFinal[syllable % 28]);
    out += ' ';
    return true;
  });
  return out;
}

}  // namespace

std::string FoldToAscii(std::string_view utf8) {
  if (IsAscii(utf8)) return LowerAscii(utf8);
  // Zero-width joiners and non-joiners join the pieces of one word (Persian "خامنه‌ای", with the
  // suffix after a ZWNJ): not a break between words.
  std::string without_joiners;
  if (utf8.find("\xE2\x80\x8C") != std::string_view::npos || utf8.find("\xE2\x80\x8D") != std::string_view::npos) {
    for (size_t i = 0; i < utf8.size(); ++i) {
      if (utf8.substr(i, 3) == "\xE2\x80\x8C" || utf8.substr(i, 3) == "\xE2\x80\x8D") {
        i += 2;
      } else {
        without_joiners += utf8[i];
      }
    }
    utf8 = without_joiners;
  }
  const std::string romanised = RomaniseHangulSyllables(utf8);
  if (!romanised.empty()) {
    if (IsAscii(romanised)) return LowerAscii(romanised);
    utf8 = romanised;
  }
  if (std::optional<std::string> folded = FoldByCodePoint(utf8)) return *std::move(folded);
  return FoldWithTransliterators(utf8);
}

namespace {

// Whether FoldToAscii reads a script: ICU has a transliterator from it to Latin (which Any-Latin
// applies), or its sample letter folds to ASCII. Decided once for every script.
bool ScriptIsRead(UScriptCode script) {
  static std::once_flag once;
  static std::array<bool, USCRIPT_CODE_LIMIT> read{};
  std::call_once(once, [] {
    for (int code = 0; code < USCRIPT_CODE_LIMIT; ++code) {
      const char* long_name = uscript_getName(static_cast<UScriptCode>(code));
      std::string name = long_name != nullptr ? long_name : "";
      name.erase(std::remove(name.begin(), name.end(), '_'), name.end());  // Canadian_Aboriginal → CanadianAboriginal
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::Transliterator> to_latin(icu::Transliterator::createInstance(
          icu::UnicodeString::fromUTF8(name + "-Latin"), UTRANS_FORWARD, status));
      if (U_SUCCESS(status) && to_latin) {
        read[code] = true;
        continue;
      }
      status = U_ZERO_ERROR;
      std::array<UChar, 8> sample{};
      const int32_t length = uscript_getSampleString(static_cast<UScriptCode>(code), sample.data(),
                                                     static_cast<int32_t>(sample.size()), &status);
      if (U_FAILURE(status) || length <= 0) continue;
      std::string utf8;
      icu::UnicodeString(sample.data(), length).toUTF8String(utf8);
      const std::string folded = FoldToAscii(utf8);
      read[code] = std::any_of(folded.begin(), folded.end(), [](char c) { return IsAlnum(c); }) &&
                   std::all_of(folded.begin(), folded.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    }
  });
  return script >= 0 && script < USCRIPT_CODE_LIMIT && read[script];
}

}  // namespace

UnreadLetters FindUnreadLetters(std::string_view name) {
  UnreadLetters out;
  if (IsAscii(name)) return out;
  bool in_word = false;
  ForEachCodePoint(name, [&](UChar32 c, size_t from, size_t to) {
    bool unread = false;
    if (c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0)) {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &status);
      // Common and inherited characters (digits, combining marks) go with the letters around them.
      if (U_SUCCESS(status) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED && script != USCRIPT_LATIN &&
          !ScriptIsRead(script)) {
        unread = true;
        const std::string_view script_name = uscript_getName(script);
        if (out.scripts.find(script_name) == std::string::npos)
          out.scripts.append(out.scripts.empty() ? "" : ", ").append(script_name);
      } else if (in_word && U_SUCCESS(status) && (script == USCRIPT_COMMON || script == USCRIPT_INHERITED)) {
        unread = true;  // a mark or digit inside an unread word
      }
    }
    if (unread) {
      if (!in_word && !out.words.empty()) out.words += ' ';
      out.words.append(name.substr(from, to - from));
    }
    in_word = unread;
    return true;
  });
  return out;
}

std::string ReorderPersonName(std::string_view name) {
  size_t comma = name.find(',');
  if (comma == std::string_view::npos || name.find(',', comma + 1) != std::string_view::npos) {
    return std::string(name);
  }
  std::string_view surname = name.substr(0, comma);
  std::string_view given = name.substr(comma + 1);
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  if (given.empty() || surname.empty()) return std::string(name);
  std::string out(given);
  out += ' ';
  out += surname;
  return out;
}

// English numbers written in words become digits, so that "Brigade Forty-Four", "Brigade Forty 4"
// and "Brigade 44" meet, "One Hundred and One" is 101, and ordinals meet: "4th Brigade" and
// "Fourth Brigade" ("fourth brigade"), "21st Century" and "Twenty-First Century" ("21 century").
// Not Roman numerals: "Fund VIII" and "Fund IX" are different funds, which as digits would differ
// only by a series number.
namespace {

constexpr std::pair<std::string_view, int> kUnitWords[] = {
    {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7},
    {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13},
    {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18},
    {"nineteen", 19}};
// Ordinals up to the twentieth stay words ("Second Academy" is a name, typed "Sedcond" too); "4th"
// becomes "fourth". Past them, both are digits ("Twenty-First", "21st": 21).
constexpr std::string_view kOrdinalWords[] = {
    "",           "first",       "second",     "third",      "fourth",     "fifth",     "sixth",
    "seventh",    "eighth",      "ninth",      "tenth",      "eleventh",   "twelfth",   "thirteenth",
    "fourteenth", "fifteenth",   "sixteenth",  "seventeenth", "eighteenth", "nineteenth", "twentieth"};
constexpr std::pair<std::string_view, int> kTensWords[] = {
    {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"fourty", 40}, {"fifty", 50}, {"sixty", 60},
    {"seventy", 70}, {"eighty", 80}, {"ninety", 90}, {"thirtieth", 30}, {"fortieth", 40},
    {"fiftieth", 50}, {"sixtieth", 60}, {"seventieth", 70}, {"eightieth", 80}, {"ninetieth", 90}};

int NumberWord(const auto& table, std::string_view word) {
  for (const auto& [name, value] : table) {
    if (word == name) return value;
  }
  return 0;
}

bool IsOrdinalWord(std::string_view word) { return word.ends_with("th"); }

// A number in words from tokens[at]: (value, tokens read), (0, 0) when none starts there. Reads
// [unit] hundred [and] [tens [unit]] [thousand …]; an ordinal ends it.
std::pair<long, size_t> ReadNumberWords(const std::vector<Token>& tokens, size_t at) {
  auto word = [&](size_t i) -> std::string_view { return i < tokens.size() ? std::string_view(tokens[i].text) : ""; };
  // Below a hundred: tens [unit word or digit], or a unit.
  auto below_hundred = [&](size_t i) -> std::pair<long, size_t> {
    if (const int tens = NumberWord(kTensWords, word(i)); tens > 0) {
      if (IsOrdinalWord(word(i))) return {tens, 1};
      const std::string_view next = word(i + 1);
      int unit = next.size() == 1 && next[0] >= '1' && next[0] <= '9' ? next[0] - '0' : NumberWord(kUnitWords, next);
      if (unit == 0) {  // "twenty first"
        const auto* ordinal = std::find(std::begin(kOrdinalWords) + 1, std::begin(kOrdinalWords) + 10, next);
        if (ordinal != std::begin(kOrdinalWords) + 10) unit = static_cast<int>(ordinal - std::begin(kOrdinalWords));
      }
      return unit > 0 && unit < 10 ? std::pair<long, size_t>{tens + unit, 2} : std::pair<long, size_t>{tens, 1};
    }
    const int unit = NumberWord(kUnitWords, word(i));
    return {unit, unit > 0 ? 1 : 0};
  };
  // [a smaller number] SCALE [and] [a smaller number] ("two hundred and five"; "hundredth" ends
  // it), or the smaller number alone; a multiplier must be below `multipliers`.
  auto scaled = [&](size_t i, const auto& smaller, std::string_view scale, long factor, long multipliers) -> std::pair<long, size_t> {
    auto [value, used] = smaller(i);
    const std::string_view next = word(i + used);
    const bool ordinal = next.size() == scale.size() + 2 && next.starts_with(scale) && next.ends_with("th");
    if (next != scale && !ordinal) return {value, used};
    if (used > 0 && (value >= multipliers || IsOrdinalWord(word(i + used - 1)))) return {value, used};
    size_t j = i + used + 1;
    value = (used == 0 ? 1 : value) * factor;
    if (!ordinal) {
      const size_t after_and = word(j) == "and" ? j + 1 : j;
      if (auto [rest, rest_used] = smaller(after_and); rest_used > 0) {
        value += rest;
        j = after_and + rest_used;
      }
    }
    return {value, j - i};
  };
  auto below_thousand = [&](size_t i) { return scaled(i, below_hundred, "hundred", 100, 10); };
  return scaled(at, below_thousand, "thousand", 1000, 1000);
}

// "1st", "4th", "20th" → their words (kOrdinalWords); "22nd", "103rd" → the digits.
void ReadOrdinalSuffix(std::string& text) {
  if (text.size() < 3 || text.size() > 8 || !(text[0] >= '0' && text[0] <= '9')) return;
  const std::string_view suffix = std::string_view(text).substr(text.size() - 2);
  if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (!(text[i] >= '0' && text[i] <= '9')) return;
  }
  text.resize(text.size() - 2);
  const int value = std::stoi(text);
  if (value >= 1 && value < static_cast<int>(std::size(kOrdinalWords))) text = std::string(kOrdinalWords[value]);
}

void SpellOutNumbers(std::vector<Token>& tokens) {
  std::vector<Token> out;
  for (size_t i = 0; i < tokens.size();) {
    ReadOrdinalSuffix(tokens[i].text);
    if (auto [value, used] = ReadNumberWords(tokens, i); used > 0) {
      out.push_back(Token{std::to_string(value), false, {}});
      i += used;
    } else {
      out.push_back(std::move(tokens[i++]));
    }
  }
  tokens = std::move(out);
}

// "limited liability company" → "llc", "open joint stock company" → "ojsc" (weak_words.h), so a
// legal form written out meets its abbreviation.
void CollapseLegalFormPhrases(std::vector<Token>& tokens) {
  if (tokens.size() < 2) return;
  std::vector<std::string_view> words;
  words.reserve(tokens.size());
  for (const Token& t : tokens) words.push_back(t.text);
  size_t first = 0;
  while (first < tokens.size() && LegalFormPhraseAt(words, first).first == 0) ++first;
  if (first == tokens.size()) return;  // the common case: nothing to collapse
  std::vector<Token> out;
  out.reserve(tokens.size());
  // Only forward: `words` still points into the tokens not yet moved.
  for (size_t i = 0; i < tokens.size();) {
    auto [length, form] = LegalFormPhraseAt(words, i);
    if (length == 0) {
      out.push_back(std::move(tokens[i++]));
      continue;
    }
    out.push_back(Token{std::string(form), false, {}});
    i += length;
  }
  tokens = std::move(out);
}

}  // namespace

void Token::SetShape() {
  skeleton = PhoneticSkeleton(text);
  letters = LetterSet(text);
  skeleton_letters = LetterSet(skeleton);
  has_digit = std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ComparedByConsonants(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  bool abjad = false;
  ForEachCodePoint(utf8, [&](UChar32 c, size_t, size_t) {
    if (c < 0 || !u_isalpha(c)) return true;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return true;
    abjad = script == USCRIPT_ARABIC || script == USCRIPT_HEBREW || script == USCRIPT_SYRIAC || script == USCRIPT_THAANA ||
            script == USCRIPT_KHMER || script == USCRIPT_LAO || script == USCRIPT_THAI || script == USCRIPT_MYANMAR;
    return script == USCRIPT_COMMON || script == USCRIPT_INHERITED;  // the name's first letters decide
  });
  return abjad;
}

NormalizedName NormalizeName(std::string_view utf8, bool person) {
  std::string folded = person ? FoldToAscii(ReorderPersonName(utf8)) : FoldToAscii(utf8);
  NormalizedName out;
  std::string current;
  auto push = [&] {
    if (!current.empty()) out.tokens.push_back(Token{std::move(current), false, {}});
    current.clear();
  };
  for (size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    if (IsAlnum(c)) {
      current.push_back(c);
    } else if ((c == '\'' || c == '`') && !current.empty()) {
      // apostrophe inside a word: "qa'ida" → "qaida"
    } else if (c == '&' || c == '%') {
      push();
      out.tokens.push_back(Token{c == '&' ? "and" : "percent", false, {}});
    } else {
      push();
    }
  }
  push();
  // Join runs of two or more single letters: "a b c" (from "A.B.C.") → "abc".
  std::vector<Token> joined;
  for (size_t i = 0; i < out.tokens.size();) {
    size_t j = i;
    while (j < out.tokens.size() && out.tokens[j].text.size() == 1 &&
           !(out.tokens[j].text[0] >= '0' && out.tokens[j].text[0] <= '9')) {
      ++j;
    }
    if (j - i >= 2) {
      std::string t;
      for (size_t k = i; k < j; ++k) t += out.tokens[k].text;
      joined.push_back(Token{std::move(t), false, {}});
      i = j;
    } else {
      joined.push_back(std::move(out.tokens[i]));
      ++i;
    }
  }
  out.tokens = std::move(joined);
  out.abjad = ComparedByConsonants(utf8);
  SpellOutNumbers(out.tokens);
  // Digits standing in for letters inside a word ("ig0r", "sech1n"): read as the letters.
  for (Token& t : out.tokens) {
    size_t digit_count = 0;
    for (char c : t.text) digit_count += c >= '0' && c <= '9';
    // Only where letters dominate: "ig0r" is Igor, "ra85041" is a registration number.
    if (digit_count == 0 || digit_count * 2 >= t.text.size()) continue;
    for (char& c : t.text) {
      switch (c) {
        case '0': c = 'o'; break;
        case '1': c = 'i'; break;
        case '3': c = 'e'; break;
        case '4': c = 'a'; break;
        case '5': c = 's'; break;
        case '7': c = 't'; break;
        default: break;
      }
    }
  }
  for (Token& t : out.tokens) {
    std::string_view canonical = CanonicalWeakForm(t.text);
    if (canonical != t.text) t.text = std::string(canonical);
  }
  CollapseLegalFormPhrases(out.tokens);
  const bool hangul = HasHangulSyllables(utf8);
  for (Token& t : out.tokens) {
    t.weak = hangul ? IsLegalForm(t.text) || IsKoreanGenericReplacement(t.text) : IsWeakToken(t.text);
    out.legal_form |= IsLegalForm(t.text);
  }
  // Titles before a person's name ("President", "Prime Minister", "Dr."): weak, and the name says
  // it is named by them. Not in a company's name ("King Trade B.V.", "Prince Group").
  size_t titles = 0;
  while (titles + 1 < out.tokens.size() && IsTitle(out.tokens[titles].text)) ++titles;
  const bool named_after = std::any_of(out.tokens.begin() + static_cast<std::ptrdiff_t>(titles), out.tokens.end(),
                                       [](const Token& t) { return !t.weak; });
  out.titled = titles > 0 && named_after && !out.legal_form;
  for (Token& t : out.tokens) {
    t.weak |= out.titled && (&t - out.tokens.data()) < static_cast<std::ptrdiff_t>(titles);
    t.SetShape();
    t.given_name_groups = t.weak ? 0 : out.abjad ? GivenNameGroupsByConsonants(t.text) : GivenNameGroups(t.text);
  }
  Glue(out);
  out.low_quality = IsWeakAlias(utf8);
  return out;
}

namespace {

constexpr size_t kMinAcronym = 3, kMaxAcronym = 8;

bool AllLetters(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Words an acronym skips: articles, prepositions and conjunctions of the languages of the lists.
bool SkippedByInitials(std::string_view word) {
  static constexpr std::string_view kSkipped[] = {"the", "of", "and", "for", "in", "on", "at", "by", "to",
                                                  "an", "de", "del", "der", "des", "du", "la", "le", "les",
                                                  "y", "et", "und", "fur", "di", "da", "do", "dos"};
  return std::find(std::begin(kSkipped), std::end(kSkipped), word) != std::end(kSkipped) || IsLegalForm(word);
}

}  // namespace

std::string_view AcronymWord(const NormalizedName& name) {
  if (name.person || name.abjad || name.tokens.empty()) return {};
  // The acronym alone, or with a legal form or a country or place ("PLA China"): with other words
  // it is one word of a longer name ("GAS" in "Syrian Gas Company", "MTS Bank").
  const Token* word = nullptr;
  for (const Token& t : name.tokens) {
    if (name.tokens.size() > 1 && (IsLegalForm(t.text) || IsPlace(t.text))) continue;
    if (word != nullptr) return {};
    word = &t;
  }
  if (word == nullptr || word->text.size() < kMinAcronym || word->text.size() > kMaxAcronym || !AllLetters(word->text))
    return {};
  return word->text;
}

std::string Initials(const NormalizedName& name) {
  std::string out;
  if (name.person || name.abjad) return out;
  for (const Token& t : name.tokens) {
    if (SkippedByInitials(t.text)) continue;
    // A given name, or a name part common among the listed persons: a person's name, whose
    // initials are no acronym ("Ana Galindo Fabra").
    if (!AllLetters(t.text) || out.size() == kMaxAcronym || t.given_name_groups != 0 || t.common_name) return {};
    out.push_back(t.text.front());
  }
  if (out.size() < kMinAcronym) out.clear();
  return out;
}

void Glue(NormalizedName& name) {
  const bool any_strong = StrongCount(name) > 0;
  name.compact.clear();
  name.joined.clear();
  for (const Token& t : name.tokens) {
    if (!t.weak || !any_strong) name.compact += t.text;
    name.joined += t.text;
  }
}

NormalizedName Backwards(const NormalizedName& name) {
  NormalizedName out = name;
  for (Token& t : out.tokens) {
    std::reverse(t.text.begin(), t.text.end());
    t.SetShape();
    t.given_name_groups = t.weak ? 0 : GivenNameGroups(t.text);
  }
  Glue(out);
  return out;
}

std::string GluedConsonantKey(const NormalizedName& name) {
  std::string glued;
  for (const Token& t : name.tokens) {
    if (!IsLegalForm(t.text)) glued += t.text;
  }
  return ConsonantKey(glued.empty() ? name.joined : glued);
}

size_t StrongCount(const NormalizedName& name) {
  return static_cast<size_t>(std::count_if(name.tokens.begin(), name.tokens.end(), [](const Token& t) { return !t.weak; }));
}

std::string QuoteWeakAlias(std::string_view alias) { return "'" + std::string(alias) + "'"; }

bool IsWeakAlias(std::string_view name) {
  name = name.substr(0, name.find_last_not_of(' ') + 1);
  name.remove_prefix(std::min(name.size(), name.find_first_not_of(' ')));
  return name.size() > 2 && name.front() == '\'' && name.back() == '\'';
}

}  // namespace exportctl::screen
