#include "screen/name_index.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "screen/similarity.h"

namespace exportctl::screen {
namespace {

constexpr size_t kMinDeleteLength = 4;   // shorter tokens are matched exactly or by skeleton
constexpr size_t kMaxFuzzyPostings = 500;  // tokens this common count only when exact
// Words of one or two consonants ("ly" for Ali, "mr" for Omar) key hundreds of Latin words and
// pair only loosely (AbjadSimilarity): they find names through the other words of the name.
constexpr size_t kMinConsonantKey = 3;
// Two edits in a word this long leave an edit similarity of 0.75 or more: a pair the scorer counts.
constexpr size_t kTwoEditLength = 8;

constexpr size_t kSegmentedLength = kTwoEditLength - 2;  // words this long are cut in segments

constexpr int kSegments = 6;  // two cuts in three, the second one letter to the right

// Where segment `i` of a word of `len` letters starts, and its length. Segments 0–2 cut the word in
// thirds; 3–5 cut it one letter further right, so that a transposition across a cut of the first
// lies inside a segment of the second (with OSA distance a swap of two letters is one edit).
std::pair<size_t, size_t> Segment(size_t len, int i) {
  const size_t third = len / 3;
  const size_t shift = i >= 3 ? 1 : 0;
  const int k = i % 3;
  const size_t start = k == 0 ? 0 : third * static_cast<size_t>(k) + shift;
  const size_t end = k == 2 ? len : third * static_cast<size_t>(k + 1) + shift;
  return {start, end - start};
}

uint64_t SegmentKey(size_t len, int i, std::string_view text) {
  uint64_t h = std::hash<std::string_view>{}(text);
  return h ^ ((static_cast<uint64_t>(len) << 2 | static_cast<uint64_t>(i)) * 0x9E3779B97F4A7C15ull);
}

template <typename F>
void ForEachDeletion(std::string_view token, std::string& buf, F&& f) {
  for (size_t i = 0; i < token.size(); ++i) {
    if (i > 0 && token[i] == token[i - 1]) continue;  // same variant as the previous deletion
    buf.assign(token.substr(0, i));
    buf.append(token.substr(i + 1));
    f(std::string_view(buf));
  }
}

void AddUnique(std::vector<uint32_t>& v, uint32_t id) {
  if (v.empty() || v.back() != id) v.push_back(id);
}

template <typename T>
void FreeSlack(std::vector<T>& v) {
  std::vector<T>(v.begin(), v.end()).swap(v);
}

}  // namespace

template <typename Value>
void NameIndex::HashedPostings<Value>::Finish() {
  size_t buckets = 1;
  while (buckets < building_.size() / 2 + 1) buckets *= 2;
  const uint64_t mask = buckets - 1;
  std::sort(building_.begin(), building_.end(), [&](const Entry& a, const Entry& b) {
    if ((a.key & mask) != (b.key & mask)) return (a.key & mask) < (b.key & mask);
    return a.key != b.key ? a.key < b.key : a.value < b.value;
  });
  building_.erase(std::unique(building_.begin(), building_.end(),
                              [](const Entry& a, const Entry& b) { return a.key == b.key && a.value == b.value; }),
                  building_.end());
  starts_.assign(buckets + 1, 0);
  keys_.clear();
  values_.clear();
  keys_.reserve(building_.size());
  values_.reserve(building_.size());
  for (const Entry& e : building_) {
    ++starts_[(e.key & mask) + 1];
    keys_.push_back(e.key);
    values_.push_back(e.value);
  }
  for (size_t b = 1; b <= buckets; ++b) starts_[b] += starts_[b - 1];
  std::vector<Entry>().swap(building_);
}

bool NameIndex::HasVowelClassKey(std::string_view text, std::string_view skeleton) {
  return text.size() >= kVowelClassLength && skeleton.size() <= kMaxVowelClassSkeleton;
}

uint64_t NameIndex::VowelClassKeyOf(std::string_view skeleton) {
  std::array<char, kMaxVowelClassSkeleton> buffer;
  constexpr uint64_t kVowelClassSalt = 0x9e3779b97f4a7c15ull;  // apart from KeyOf(skeleton)
  return KeyOf(MergeVowelClasses(skeleton, buffer)) ^ kVowelClassSalt;
}

uint64_t NameIndex::GluedConsonantKeyOf(std::string_view consonants, bool abjad) {
  constexpr uint64_t kAbjadSalt = 0xc2b2ae3d27d4eb4full;  // the two kinds of names apart
  return KeyOf(consonants) ^ (abjad ? kAbjadSalt : 0);
}

uint32_t NameIndex::TokenId(const std::string& token) {
  auto [it, inserted] = vocab_.try_emplace(token, static_cast<uint32_t>(postings_.size()));
  const uint32_t id = it->second;
  if (inserted) {
    postings_.emplace_back();
    weak_.push_back(false);
    script_kinds_.push_back(0);
    std::string buf;
    variants_.Add(KeyOf(token), id | kExactBit);
    if (token.size() >= kMinDeleteLength) {
      ForEachDeletion(token, buf, [&](std::string_view d) { variants_.Add(KeyOf(d), id); });
    }
    const std::string skeleton = PhoneticSkeleton(token);
    skeletons_.Add(KeyOf(skeleton), id);
    if (HasVowelClassKey(token, skeleton)) skeletons_.Add(VowelClassKeyOf(skeleton), id);
  }
  return id;
}

void NameIndex::Add(const NormalizedName& name) {
  uint32_t id = name_count_++;
  for (const Token& t : name.tokens) {
    uint32_t tid = TokenId(t.text);
    weak_[tid] = t.weak;
    // Each word once per script kind: Latin words are found by the consonants of a query written
    // without short vowels, and such words by the consonants of a Latin query.
    const uint8_t kind = name.abjad ? kAbjadWord : kLatinWord;
    if ((script_kinds_[tid] & kind) == 0) {
      script_kinds_[tid] |= kind;
      if (const std::string key = AbjadKey(t.text); key.size() >= kMinConsonantKey)
        (name.abjad ? abjad_consonants_ : latin_consonants_).Add(KeyOf(key), tid);
      has_abjad_words_ |= name.abjad;
    }
    AddUnique(postings_[tid], id);
  }
  if (!name.compact.empty()) glued_.Add(KeyOf(name.compact), id);
  if (!name.joined.empty() && name.joined != name.compact) glued_.Add(KeyOf(name.joined), id);
  if (const std::string key = GluedConsonantKey(name); GluedConsonantKeyFits(key))
    glued_consonants_.Add(GluedConsonantKeyOf(key, name.abjad), id);
  if (const std::string initials = Initials(name); !initials.empty()) initials_.Add(KeyOf(initials), id);
}

void NameIndex::Finish() {
  for (const auto& [text, id] : vocab_) {
    if (text.size() < kSegmentedLength) continue;
    for (int i = 0; i < kSegments; ++i) {
      auto [start, len] = Segment(text.size(), i);
      segments_.Add(SegmentKey(text.size(), i, std::string_view(text).substr(start, len)), WordLetters{LetterSet(text), id});
    }
  }
  for (HashedPostings<uint32_t>* p :
       {&variants_, &skeletons_, &glued_, &latin_consonants_, &abjad_consonants_, &glued_consonants_, &initials_})
    p->Finish();
  segments_.Finish();
  for (auto& names : postings_) FreeSlack(names);
  token_text_.assign(postings_.size(), nullptr);
  for (const auto& [text, id] : vocab_) token_text_[id] = &text;
  idf_.resize(postings_.size());
  double n = std::max<uint32_t>(name_count_, 1);
  for (size_t t = 0; t < postings_.size(); ++t) {
    double df = static_cast<double>(postings_[t].size());
    idf_[t] = static_cast<float>(std::log(1.0 + n / std::max(df, 1.0)) * (weak_[t] ? 0.2 : 1.0));
  }
}

template <typename F>
void NameIndex::ForEachVariantMatch(std::string_view variant, bool deletions, F&& f) const {
  variants_.ForEach(KeyOf(variant), [&](uint32_t v) {
    const uint32_t id = v & ~kExactBit;
    if ((v & kExactBit) != 0) {
      if (*token_text_[id] == variant) f(id, true);  // a hash collision is not the word
    } else if (deletions) {
      f(id, false);
    }
  });
}

void NameIndex::AddTwoEditNeighbours(std::string_view word, std::vector<uint32_t>& tokens) const {
  // Each vocabulary word is verified once per query word: `stamp` marks the ones seen.
  thread_local std::vector<uint32_t> stamp;
  thread_local uint32_t generation = 0;
  if (stamp.size() < token_text_.size()) stamp.assign(token_text_.size(), 0);
  if (++generation == 0) {
    std::fill(stamp.begin(), stamp.end(), 0);
    generation = 1;
  }
  const uint64_t letters = LetterSet(word);
  auto verify = [&](const WordLetters& w) {
    if (EditDistanceAtLeast(letters, w.letters) > 2) return;  // more letters differ than two edits allow
    if (stamp[w.id] == generation) return;
    stamp[w.id] = generation;
    if (WithinEditDistance(word, *token_text_[w.id], 2)) tokens.push_back(w.id);
  };
  for (size_t len = std::max(kSegmentedLength, word.size() - 2); len <= word.size() + 2; ++len) {
    if (std::max(len, word.size()) < kTwoEditLength) continue;
    // An intact segment moves by the insertions minus the deletions before it; with at most two
    // edits and `delta` more letters in the query word, that is within [lo, hi] places.
    const int delta = static_cast<int>(word.size()) - static_cast<int>(len);
    const int lo = std::min(0, delta) - (delta == 0 ? 1 : 0);
    const int hi = std::max(0, delta) + (delta == 0 ? 1 : 0);
    for (int i = 0; i < kSegments; ++i) {
      auto [start, seg_len] = Segment(len, i);
      const int first = std::max(0, static_cast<int>(start) + lo);
      for (auto at = static_cast<size_t>(first); at <= start + hi && at + seg_len <= word.size(); ++at) {
        segments_.ForEach(SegmentKey(len, i, word.substr(at, seg_len)), verify);
      }
    }
  }
}

void NameIndex::Query(const NormalizedName& query, size_t max, double min_share,
                      std::vector<uint32_t>& out) const {
  out.clear();
  thread_local std::vector<float> weight;
  thread_local std::vector<uint32_t> touched;
  thread_local std::vector<uint32_t> tokens;
  thread_local std::string buf;
  if (weight.size() < name_count_) weight.assign(name_count_, 0.0f);
  touched.clear();

  auto credit = [&](const std::vector<uint32_t>& names, float w) {
    for (uint32_t n : names) {
      if (weight[n] == 0.0f) touched.push_back(n);
      weight[n] += w;
    }
  };

  bool any_strong = false;
  for (const Token& t : query.tokens) any_strong |= !t.weak;
  auto look_up = [&](const Token& t) {
    tokens.clear();
    const bool deletions = t.text.size() >= kMinDeleteLength;
    // The query word itself, and (long enough) the words it is a deletion of.
    int64_t exact = -1;
    ForEachVariantMatch(t.text, deletions, [&](uint32_t id, bool is_exact) {
      if (is_exact) exact = id;
      tokens.push_back(id);
    });
    if (deletions) {
      // Words that are the query minus a letter, and words one substitution or swap away.
      ForEachDeletion(t.text, buf, [&](std::string_view d) {
        ForEachVariantMatch(d, true, [&](uint32_t id, bool) { tokens.push_back(id); });
      });
    }
    if (t.text.size() + 2 >= kTwoEditLength && exact < 0) AddTwoEditNeighbours(t.text, tokens);
    skeletons_.ForEach(KeyOf(t.skeleton), [&](uint32_t id) { tokens.push_back(id); });
    if (HasVowelClassKey(t.text, t.skeleton))
      skeletons_.ForEach(VowelClassKeyOf(t.skeleton), [&](uint32_t id) { tokens.push_back(id); });
    // Across scripts with and without short vowels, by consonants.
    if (query.abjad || has_abjad_words_) {
      if (const std::string key = AbjadKey(t.text); key.size() >= kMinConsonantKey)
        (query.abjad ? latin_consonants_ : abjad_consonants_).ForEach(KeyOf(key), [&](uint32_t id) { tokens.push_back(id); });
    }
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
    for (uint32_t tid : tokens) {
      const bool is_exact = exact == static_cast<int64_t>(tid);
      if (postings_[tid].size() > kMaxFuzzyPostings && !is_exact) continue;
      credit(postings_[tid], is_exact ? idf_[tid] : 0.8f * idf_[tid]);
    }
  };
  for (const Token& t : query.tokens) {
    if (!t.weak || !any_strong) look_up(t);
  }
  // A name written backwards word by word ("nituP rimidalV"): its words the right way round too,
  // when one of them is a word of the lists (the scorer's rule: HasWordBackwards).
  if (StrongCount(query) >= 2 && std::any_of(query.tokens.begin(), query.tokens.end(), [&](const Token& t) {
        if (t.weak || t.text.size() < kMinWordBackwards || std::equal(t.text.begin(), t.text.end(), t.text.rbegin()))
          return false;
        buf.assign(t.text.rbegin(), t.text.rend());
        bool found = false;
        ForEachVariantMatch(buf, false, [&](uint32_t, bool) { found = true; });
        return found;
      })) {
    for (const Token& t : Backwards(query).tokens) {
      if (!t.weak || !any_strong) look_up(t);
    }
  }
  // Names equal to the query without spaces always go to the scorer, first; they do not raise the
  // bar for the others (which min_share measures against the best shared-token weight).
  auto always = [&](uint32_t n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  for (const std::string* key : {&query.compact, &query.joined}) {
    if (!key->empty()) glued_.ForEach(KeyOf(*key), always);
  }
  // …and names of the other kind (with or without short vowels) with the same glued consonants
  // (a handful share a key on real lists; at most `max`, whatever a list holds).
  if (query.abjad || has_abjad_words_) {
    if (const std::string key = GluedConsonantKey(query); GluedConsonantKeyFits(key))
      glued_consonants_.ForEach(GluedConsonantKeyOf(key, !query.abjad), [&](uint32_t n) {
        if (out.size() < max) always(n);
      });
  }
  // …and, bounded the same way, the names the query is an acronym of.
  if (const std::string_view acronym = AcronymWord(query); !acronym.empty()) {
    initials_.ForEach(KeyOf(acronym), [&](uint32_t n) {
      if (out.size() < max) always(n);
    });
  }
  size_t k = std::min(max, touched.size());
  std::partial_sort(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(k), touched.end(),
                    [&](uint32_t a, uint32_t b) {
                      return weight[a] != weight[b] ? weight[a] > weight[b] : a < b;
                    });
  float floor = k > 0 ? static_cast<float>(min_share) * weight[touched[0]] : 0.0f;
  const size_t glued = out.size();
  for (size_t i = 0; i < k && weight[touched[i]] >= floor; ++i) {
    if (std::find(out.begin(), out.begin() + glued, touched[i]) == out.begin() + glued) out.push_back(touched[i]);
  }
  for (uint32_t n : touched) weight[n] = 0.0f;
}

}  // namespace exportctl::screen
