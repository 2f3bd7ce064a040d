// Name normalisation: any party name (any script) → lower-case ASCII tokens with weak flags.
//
// Pipeline: NFKC, case folding, Traditional→Simplified Chinese (OpenCC), Chinese generic words
// (有限公司, 科技 …) replaced by their English weak words, remaining Han runs → pinyin glued into one
// token per run (ICU Han-Latin), Hangul → the DPRK's romanisation a word per syllable (Korean legal
// forms → English weak words first), Cyrillic → BGN/PCGN letters, Khmer, Lao, Thai and Burmese →
// letter tables (romanise.h), every other script → Latin (ICU Any-Latin; Latin-ASCII; Arabic, Hebrew …
// keep only consonants and long vowels: such names, and Khmer, Lao, Thai and Burmese ones, are marked
// `abjad` and compared with Latin ones by consonants), then
// ASCII tokenisation: letters and digits form tokens, apostrophes are dropped inside a word ("Qa'ida"
// → "qaida"), "&" becomes "and" and "%" "percent", runs of single letters join ("A.B.C." → "abc"),
// numbers in words and ordinals become digits ("Forty-Four", "Fourth", "4th").
// Pure-ASCII input never touches ICU (the fast path). Thread-safe: ICU and OpenCC objects are
// per thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "screen/similarity.h"

namespace exportctl::screen {

struct Token {
  std::string text;
  bool weak = false;
  std::string skeleton;  // PhoneticSkeleton(text), computed once
  // LetterSet of text and skeleton and whether text holds a digit, computed once (SetShape) for the
  // scorer, which compares each token with many.
  uint64_t letters = 0;
  uint64_t skeleton_letters = 0;
  bool has_digit = false;
  void SetShape();  // skeleton and the three fields above, from text
  TokenShape shape() const { return TokenShape{text, skeleton, letters, skeleton_letters, has_digit}; }
  // A name part common among the listed persons (set by the Screener from its person entries: a
  // frequent given name or surname): on its own it says little about who is meant ("Omar",
  // "Maria", "Rodriguez").
  bool common_name = false;
  // The given-name groups of the word (given_names.h: "juan" shares one with "john"); 0 for most.
  std::uint64_t given_name_groups = 0;
};

struct NormalizedName {
  std::vector<Token> tokens;
  // Identifying (non-weak) tokens concatenated in order, or all tokens when none is identifying:
  // compared to catch glued and split words ("AlisherUsmanov", "Good Will").
  std::string compact;
  std::string joined;  // all tokens concatenated in order
  // The text was a weak (low-quality) alias, written between single quotes ('EL SENOR').
  bool low_quality = false;
  // The name of a vessel or aircraft (set by the Screener): ships are often named like people
  // ("ELSA", "LINDA"), so such a name matches only a query it covers entirely.
  bool vessel_or_aircraft = false;
  bool person = false;      // the name of a person entry (set by the Screener)
  bool legal_form = false;  // carries a company's legal form (Ltd, LLC, GmbH, OOO …): names a company
  // Starts with a title or office ("President Erdoğan", "Dr. Zawahiri": IsTitle), weak here: a
  // person so named is often named by the title and the surname alone.
  bool titled = false;
  // Written in a script without short vowels (Arabic, Persian, Hebrew, Syriac, Thaana) or in one
  // whose vowels are romanised only roughly (Khmer, Lao, Thai, Burmese): compared with a Latin name by consonants
  // (AbjadSimilarity).
  bool abjad = false;
  bool empty() const { return tokens.empty(); }
};

// Acronyms ("PLA" / "People's Liberation Army", "IRGC" / "Islamic Revolutionary Guard Corps"):
// AcronymWord is the name's one word besides legal forms and places when it can be an acronym (3 to
// 8 letters, no digit: "PLA China", "DPRK"), else empty; Initials are the first letters of a
// name of three words or more, without articles, prepositions and legal forms ("Al-Qaida in the
// Arabian Peninsula" → "aqap"), else empty. Neither for a person's name (marked so, or with a
// given name or a name part common among the listed persons) or one written without short vowels.
std::string_view AcronymWord(const NormalizedName& name);
std::string Initials(const NormalizedName& name);

// Sets name.compact and name.joined from its tokens (after they change).
void Glue(NormalizedName& name);

// `name` with each word written backwards ("nituP rimidalV" → "putin vladimir"): a name so
// written is read the right way round (scorer and index), when it has two identifying words or
// more and one of kMinWordBackwards letters or more is, backwards, a word of the other name.
NormalizedName Backwards(const NormalizedName& name);
inline constexpr size_t kMinWordBackwards = 4;
size_t StrongCount(const NormalizedName& name);  // its identifying (non-weak) words

// The consonants (ConsonantKey) of the name's words glued, legal forms left out (a company's "LLC"
// would lend its consonants to a person's name: "lykhamnhay" / "LLC YOOMONEY"), all words when
// every one is a legal form: how names of the two kinds (abjad or not) are compared whole.
std::string GluedConsonantKey(const NormalizedName& name);

// Folds any UTF-8 text to lower-case ASCII (the script and Chinese steps above, before
// tokenisation). Invalid UTF-8 bytes become U+FFFD and then disappear.
std::string FoldToAscii(std::string_view utf8);
// The same through the transliterators for the whole text, always.
std::string FoldWithTransliterators(std::string_view utf8);
// The same for text of Latin, Cyrillic and common characters only (no combining marks), one code
// point at a time, each folded once per thread through the transliterators; nullopt for other
// text. FoldToAscii takes this path when it can: normalize_test shows it gives the same.
std::optional<std::string> FoldByCodePoint(std::string_view utf8);

// `person`: a name written "SURNAME, Given" is reordered to "Given SURNAME" first.
NormalizedName NormalizeName(std::string_view utf8, bool person = false);

// "SURNAME, Given names" → "Given names SURNAME" when the text has exactly one comma.
std::string ReorderPersonName(std::string_view name);

bool IsValidUtf8(std::string_view text);
// The text holds Hangul syllables, composed or decomposed (NFD) (FoldToAscii writes them in the
// DPRK's romanisation, a word per syllable, Korean legal forms and generic words as English weak
// words).
bool HasHangulSyllables(std::string_view utf8);
// The first letters of the text are Arabic, Hebrew, Syriac or Thaana (written without short
// vowels), or Khmer, Lao, Thai or Burmese (whose vowels the letter tables romanise only roughly):
// NormalizedName::abjad.
bool ComparedByConsonants(std::string_view utf8);

// OFAC marks nicknames, noms de guerre and very common acronyms as weak a.k.a.s (FAQ 122–123): they
// are not expected to be screened alone, only to support a hit found otherwise. The UN list calls
// them QUALITY "Low". Such an alias is stored between single quotes, which survives the store's CSV;
// NormalizeName marks a name so written (NormalizedName::low_quality).
std::string QuoteWeakAlias(std::string_view alias);
bool IsWeakAlias(std::string_view name);  // between single quotes, surrounding spaces aside

}  // namespace exportctl::screen
