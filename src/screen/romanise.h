// Letter tables for scripts that the restricted-party lists romanise differently from ICU, or
// that ICU does not romanise at all. Part of the normaliser (normalize.h), applied to case-folded
// text before ICU's Any-Latin, which then sees only what the tables leave.
#pragma once

#include <string>
#include <string_view>

namespace exportctl::screen {

// Rewrites, in one pass, the letters of five scripts as the lists spell them and leaves every
// other code point as it is (each run of one script's letters is a word; the rules look at
// neighbours within it):
// - Cyrillic (lower case) in BGN/PCGN without its context rules: ш sh, ч ch, ж zh, х kh, ц ts,
//   щ shch, й y, ю yu, я ya, ъ ь dropped ("шойгу" → "shoygu"); ICU's ISO 9 gives "šojgu", which the
//   lists do not use. Ukrainian, Belarusian, Serbian and Macedonian letters likewise, and those of
//   the Cyrillic alphabets of Central Asia and the Caucasus (қ k, ұ u, ә a, ө o, ғ gh, ң ng …).
// - Khmer (UNGEGN consonants, vowels by the consonant's series), Lao (the Lao government's
//   romanisation: ຊ x, ຍ y, ວ v; a vowel written before its consonant is read after it; ຫ before a
//   sonorant is silent), Thai (RTGS: initial and final values of consonants, silent letters) and
//   Burmese (syllables as the lists spell names: "မင်းအောင်လှိုင်" → "minaunghlaing"). ICU has no
//   transform for Khmer or Lao, its Thai one is letter by letter and cuts names into dictionary
//   words, its Burmese one writes "mainnaaunglhaine". Vowels in these scripts are romanised only roughly, so names in them are
//   also compared with Latin ones by their consonants (NormalizedName::abjad).
// Output length is at most four times the input's.
std::u32string RomaniseByTable(std::u32string_view text);

}  // namespace exportctl::screen
