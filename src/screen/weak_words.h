// Weak words: legal forms, generic business words, honorifics, particles and place names that
// carry little identifying weight in a party name ("Co", "Ltd", "GmbH", "OOO", "Technology",
// "Trading", "al", "bin", "Beijing" …). They are kept as tokens with a low weight, never deleted,
// so "Deutsche Bank AG" still prefers "Deutsche Bank AG" over "Deutsche Bank GmbH".
// Also the Chinese generic words (有限公司, 科技 …) mapped to their English equivalent so that a name
// in Chinese characters and its English translation share those weak tokens.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace exportctl::screen {

// `token` is lower-case ASCII, as produced by the normaliser.
bool IsWeakToken(std::string_view token);

// A country or large place among the weak words ("china", "moscow", "dubai" …).
bool IsPlace(std::string_view token);

// A title or office written before a person's name: honorifics ("mr", "dr", "sheikh", "sig" …)
// and offices ("president", "prime", "minister", "general", "ayatollah", "king" …).
bool IsTitle(std::string_view token);

// A company's legal form (ltd, llc, gmbh, ooo, jsc, sarl, kk …; after CanonicalWeakForm): a name
// with one names a company.
bool IsLegalForm(std::string_view token);

// One spelling per legal form or generic word ("limited" → "ltd", "corporation" → "corp",
// "aktiengesellschaft" → "ag", "international" → "intl" …); other tokens are returned unchanged.
std::string_view CanonicalWeakForm(std::string_view token);

// A legal form written out in words, starting at words[at] ("limited liability company", "open
// joint stock company", "obshchestvo s ogranichennoy otvetstvennostyu", "gesellschaft mit
// beschrankter haftung" …; the words as CanonicalWeakForm gives them): (how many words, the one
// abbreviation that stands for them: "llc", "ojsc", "gmbh" …), or (0, "") when none starts there.
std::pair<size_t, std::string_view> LegalFormPhraseAt(const std::vector<std::string_view>& words, size_t at);

// (Korean legal form or generic word in Hangul, English replacement), longest first: "주식회사" →
// "co", "유한회사" → "ltd", "(주)" → "co", "은행" → "bank" …; and whether a token is one of those
// replacements (in a name written in Hangul only they are weak: its syllables "an", "i", "do",
// "hong" are names, not the English, Catalan or place words of the weak list).
const std::vector<std::pair<std::string_view, std::string_view>>& KoreanGenericWords();
bool IsKoreanGenericReplacement(std::string_view token);

// (simplified Chinese word, English replacement), longest words first. The replacement is made of
// weak tokens, except for place names, which keep their pinyin.
const std::vector<std::pair<std::u32string_view, std::string_view>>& HanGenericWords();

}  // namespace exportctl::screen
