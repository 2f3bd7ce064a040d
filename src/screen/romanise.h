// Letter tables for scripts that the restricted-party lists romanise differently from ICU, or
// that ICU does not romanise at all. Part of the normaliser (normalize.h), applied to case-folded
// text before ICU's Any-Latin, which then sees only what the tables leave.
#pragma once

#include <string>
#include <string_view>

namespace exportctl::screen {

// Rewrites, in one pass, the letters of three scripts as the lists spell them and leaves every
// other code point as it is:
// - Cyrillic (lower case) in BGN/PCGN without its context rules: ш sh, ч ch, ж zh, х kh, ц ts,
//   щ shch, й y, ю yu, я ya, ъ ь dropped ("шойгу" → "shoygu"); ICU's ISO 9 gives "šojgu", which the
//   lists do not use. Ukrainian, Belarusian, Serbian and Macedonian letters likewise.
// - Khmer (UNGEGN consonants; vowels by their first-series value) and Lao (the Lao government's
//   romanisation: ຊ x, ຍ y, ວ v; a vowel written before its consonant is read after it; ຫ before a
//   sonorant is silent). ICU has no transliterator for either, so without these the names stay
//   unread. Vowels there depend on the consonant's series, which a table cannot see, so names in
//   these scripts are compared with Latin ones by their consonants (NormalizedName::abjad).
// Invalid code points are kept. Output length is at most four times the input's.
std::u32string RomaniseByTable(std::u32string_view text);

// Whether the code point is a Khmer or Lao letter or sign (those names are compared by consonants).
bool IsKhmerOrLao(char32_t c);

}  // namespace exportctl::screen
