// NameIndex: the candidate index over every name (primary and alias) of the loaded lists, built
// once per set of list versions and then read-only.
//
// Keys: each token (exact), its single-deletion variants (edit distance ≤ 2 between a query token
// and an indexed token share a key), its phonetic skeleton (for words of kVowelClassLength letters
// or more, also with the vowels o/u and e/i merged), its consonants (AbjadKey, to meet names
// written without short vowels: Arabic, Persian, Hebrew), and each name's glued form ("alisher
// usmanov" → "alisherusmanov") and its consonants, and the initials of names of three words or more. A
// query that is an acronym finds the names of those initials, and a query word written backwards the names of the word the right way
// round ("nituP"). A query word that is not in the vocabulary also finds every
// vocabulary word within two edits of it where either has kTwoEditLength letters or more (through
// segments, see segments_), so two edits in one long word — which the scorer accepts — are found
// whatever they are (two substitutions, two deletions). A query accumulates inverse-document-frequency weight per name over
// the keys it hits; the best-weighted names go to the scorer. Query() is const and thread-safe; it
// reuses per-thread buffers, so the steady state allocates nothing for ASCII queries.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "screen/normalize.h"

namespace exportctl::screen {

class NameIndex {
 public:
  // Names are numbered 0, 1, 2 … in the order added.
  void Add(const NormalizedName& name);
  // Call once after the last Add().
  void Finish();

  // Fills `out` with up to `max` candidate name ids, best first; names whose accumulated weight is
  // below `min_share` of the best candidate's are left out (they share too little with the query).
  void Query(const NormalizedName& query, size_t max, double min_share,
             std::vector<uint32_t>& out) const;

  size_t name_count() const { return name_count_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  // Key → values (ids), for keys that are never listed, only looked up: the 64-bit hash of the key
  // and the value, grouped by the hash's low bits into buckets (about 14 bytes an entry for an id,
  // against ~130 for a map of strings to vectors; a lookup reads one bucket of two entries on
  // average). A hash collision only adds a value that the caller verifies or the scorer rejects.
  template <typename Value>
  class HashedPostings {
   public:
    void Add(uint64_t key, Value value) { building_.push_back({key, value}); }
    void Finish();  // buckets the entries, drops duplicates, frees the building space
    template <typename F>
    void ForEach(uint64_t key, F&& f) const {
      if (starts_.empty()) return;
      const size_t b = key & (starts_.size() - 2);
      for (uint32_t i = starts_[b]; i < starts_[b + 1]; ++i) {
        if (keys_[i] == key) f(values_[i]);
      }
    }

   private:
    struct Entry {
      uint64_t key;
      Value value;
    };
    std::vector<Entry> building_;
    std::vector<uint32_t> starts_;  // bucket b holds entries [starts_[b], starts_[b + 1])
    std::vector<uint64_t> keys_;
    std::vector<Value> values_;
  };
  // A vocabulary word of the two-edit neighbourhood with its letters (LetterSet), so that most
  // words a segment finds are ruled out without reading anything else.
  struct WordLetters {
    uint64_t letters;
    uint32_t id;
    auto operator<=>(const WordLetters&) const = default;
  };
  static uint64_t KeyOf(std::string_view text) { return std::hash<std::string_view>{}(text); }
  // The key of a long word's skeleton with its vowel classes merged (MergeVowelClasses), apart
  // from the skeletons' own keys.
  static bool HasVowelClassKey(std::string_view text, std::string_view skeleton);
  static uint64_t VowelClassKeyOf(std::string_view skeleton);
  // The key of a glued name's consonants (ConsonantKey) among the names of its kind.
  static uint64_t GluedConsonantKeyOf(std::string_view consonants, bool abjad);

  uint32_t TokenId(const std::string& token);
  // A token id in variants_ with this bit set is the token itself, not one of its deletions.
  static constexpr uint32_t kExactBit = 1u << 31;
  // Calls f(token id, exact) for the vocabulary word equal to `variant` (exact) and, when
  // `deletions`, each word that `variant` is a single-letter deletion of. One lookup.
  template <typename F>
  void ForEachVariantMatch(std::string_view variant, bool deletions, F&& f) const;

  // Token text → id, used while building (queries look words up in variants_); holds the text
  // token_text_ points to.
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> vocab_;
  std::vector<std::vector<uint32_t>> postings_;  // token id → name ids
  std::vector<float> idf_;                       // token id → weight
  std::vector<bool> weak_;                       // token id → weak word
  HashedPostings<uint32_t> variants_;   // token → its id | kExactBit; single-deletion variant → token ids
  HashedPostings<uint32_t> skeletons_;  // phonetic skeleton → token ids
  HashedPostings<uint32_t> glued_;      // glued name → name ids
  // AbjadKey → token ids of words of Latin names, and of names written without short vowels
  // (NormalizedName::abjad); a query of one kind looks up the other.
  HashedPostings<uint32_t> latin_consonants_;
  HashedPostings<uint32_t> abjad_consonants_;
  // GluedConsonantKey of each name → name ids, keyed apart for the two kinds of names: a name of
  // one kind whose glued consonants equal those of the query of the other goes to the scorer
  // (which compares them so), also when each word's key is too short to be a key of its own
  // ("គន់ គីម" / "KIM, Kun": kn km, "knkm").
  HashedPostings<uint32_t> glued_consonants_;
  // Initials (normalize.h) of each name that has them → name ids: an acronym query finds the names
  // it abbreviates ("PLA" → "People's Liberation Army").
  HashedPostings<uint32_t> initials_;
  static constexpr uint8_t kLatinWord = 1, kAbjadWord = 2;
  std::vector<uint8_t> script_kinds_;  // token id → the kinds of names it was seen in
  bool has_abjad_words_ = false;
  uint32_t name_count_ = 0;

  // The two-edit neighbourhood of long words, by pigeonhole: a vocabulary word of 6 letters or
  // more is cut into three segments (twice, the second cut shifted by a letter for swapped
  // letters across a cut); a word within two edits of it keeps one segment intact, at most two
  // places from where it was. Keys hash (word length, segment number, segment text); hash
  // collisions only add words to verify.
  HashedPostings<WordLetters> segments_;
  std::vector<const std::string*> token_text_;  // token id → its text (the vocabulary's key)
  void AddTwoEditNeighbours(std::string_view word, std::vector<uint32_t>& tokens) const;
};

}  // namespace exportctl::screen
