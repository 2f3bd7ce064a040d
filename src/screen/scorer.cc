#include "screen/scorer.h"

#include <algorithm>
#include <array>
#include <optional>

#include "screen/similarity.h"
#include "screen/weak_words.h"

namespace exportctl::screen {
namespace {

constexpr size_t kMaxTokens = 24;      // tokens beyond this are ignored (names are short)
constexpr double kMinPair = 0.55;      // a pair below this similarity is not a pair
constexpr double kWeakWeight = 0.2;
constexpr double kInitialWeight = 0.5;
constexpr double kShortSideShare = 0.75;    // weight of the shorter side's coverage
constexpr double kSubstitutionCut = 0.8;   // score cut when both sides keep unpaired identifying weight
constexpr double kNoStrongPairCap = 0.5;   // cap when no identifying token pairs at all
constexpr double kFullCredit = 0.75;       // pairs at or above this similarity count at face value
constexpr double kNumberWeight = 0.5;
constexpr double kMinGlued = 0.95;         // names without spaces must be this close to count
constexpr double kUnpairedWeakShare = 0.5; // an unpaired weak word ("Ltd" on one side) weighs half
// A match resting on one word while the other name keeps a whole identifying part unexplained
// counts only when that word says something: near-exact (kCarrySimilarity), longer than
// kShortWord letters, not a ship's name inside a longer name, not one word of a person's name
// for a query that names a company (it carries a legal form: "Jordan LLC" / "KAMCEV, Jordan"). Nor can name parts common among the
// listed persons alone ("Jamal Mohamad …" / "MUHAMMAD JAMAL"). Otherwise the score stays below
// review.
constexpr double kThinEvidenceCap = 0.7;
// Several words each one or two edits away is a different name ("Hong Pang Mining" / "Wang
// Mingjing"): at least one identifying pair must be this close.
constexpr double kAnchorSimilarity = 0.85;
// Below this coverage of the longer name, the score is scaled by (this + coverage).
constexpr double kMostlyUnexplained = 0.5;
constexpr double kCarrySimilarity = 0.9;
constexpr size_t kShortWord = 3;
// A weak alias (OFAC's low-quality a.k.a.) is not screened on its own: it matches only a query it
// covers entirely and nearly exactly, and then for review, never for a block.
constexpr double kWeakAliasCeiling = 0.9;
// A word split in two ("Patr ushev") is joined again when the joined word has at least this many
// letters and is near-exact (kCarrySimilarity) to a word of the other name.
constexpr size_t kMinJoinedWord = 6;
// A given name's form in another language or its nickname (given_names.h) is close, not
// near-exact: it supports a match (at kAnchorSimilarity) but cannot carry one alone.
constexpr double kGivenNameVariant = 0.85;

// The query an acronym of the name ("PLA" / "People’s Liberation Army"): a review, never a block
// (an acronym names many things).
constexpr double kAcronymScore = 0.8;
// A name written backwards word by word ("nituP rimidalV"): its reading the right way round,
// scaled by this (a review at most).
constexpr double kBackwardsScale = 0.9;

// How much a pair of similarity s counts: at face value when close, steeply less when loose, so
// that a different name that shares letters ("Federman"/"Federer") does not pass as a typo.
double Credit(double s) {
  if (s >= kFullCredit) return s;
  return std::max(0.0, kFullCredit * (s - kMinPair) / (kFullCredit - kMinPair));
}

// The edit similarity of two glued names when it reaches kMinGlued, else 0: only the band that
// can reach it is computed (a full edit distance over two long names is the costliest step).
double GluedSimilarity(std::string_view a, std::string_view b) {
  const double s = EditSimilarityAtLeast(a, b, kMinGlued);
  return s >= kMinGlued ? s : 0.0;
}

// Whole names (glued) of which one is written without short vowels, by their consonant keys
// (GluedConsonantKey): 0.9 × their edit similarity when that is at least
// kMinGluedConsonants and both keys fit (GluedConsonantKeyFits), else 0.
double GluedConsonantSimilarity(std::string_view ka, std::string_view kb) {
  constexpr double kMinGluedConsonants = 0.9;
  if (!GluedConsonantKeyFits(ka) || !GluedConsonantKeyFits(kb)) return 0.0;
  const double s = EditSimilarityAtLeast(ka, kb, kMinGluedConsonants);
  return s >= kMinGluedConsonants ? kAbjadDiscount * s : 0.0;
}

bool IsNumber(std::string_view t) {
  return !t.empty() && t.front() >= '0' && t.front() <= '9';
}

struct Side {
  size_t n = 0;
  std::array<double, kMaxTokens> weight{};
  std::array<bool, kMaxTokens> strong{};
  std::array<int, kMaxTokens> partner{};
  double total = 0;
  bool has_strong = false;
};

void Weigh(const NormalizedName& name, Side& side) {
  side.n = std::min(name.tokens.size(), kMaxTokens);
  for (size_t i = 0; i < side.n; ++i) side.has_strong |= !name.tokens[i].weak;
  for (size_t i = 0; i < side.n; ++i) {
    const Token& t = name.tokens[i];
    bool strong = !t.weak || !side.has_strong;
    side.strong[i] = strong;
    side.weight[i] = !strong                ? kWeakWeight
                     : t.text.size() == 1   ? kInitialWeight
                     : IsNumber(t.text)     ? kNumberWeight
                                            : 1.0;
    side.partner[i] = -1;
    side.total += strong ? side.weight[i] : kUnpairedWeakShare * side.weight[i];
  }
}

// Where the patronymic particle (bin, ibn, bint, ould) stands between two words, or npos.
size_t NasabAt(const NormalizedName& n, size_t count) {
  for (size_t i = 1; i + 1 < count; ++i) {
    const std::string& t = n.tokens[i].text;
    if (t == "bin" || t == "ibn" || t == "bint" || t == "ould") return i;
  }
  return std::string_view::npos;
}

// Both names read "X bin Y" and the pairing matched the query's X with the candidate's Y and its
// Y with the candidate's X.
bool NasabSwapped(const NormalizedName& query, const NormalizedName& candidate, const Side& a, const Side& b) {
  const size_t p = NasabAt(query, a.n), r = NasabAt(candidate, b.n);
  if (p == std::string_view::npos || r == std::string_view::npos) return false;
  return a.partner[p - 1] == int(r + 1) && a.partner[p + 1] == int(r - 1);
}

// The query (or candidate) with a word written in two pieces joined again ("Patr ushev" →
// "patrushev", "Andrang Heta" → "andrangheta") where the joined word is, near-exactly, an
// identifying word of the other name that neither piece reaches on its own; nullopt when no piece
// pair qualifies. Only pieces left unpaired or loosely paired are joined.
// `other_keys`: the other name's AbjadKeys when exactly one of the two is written without short
// vowels (then pieces are joined when their consonants equal a word's), else null.
std::optional<NormalizedName> JoinSplitWord(const NormalizedName& name, const Side& side, const NormalizedName& other,
                                            const Side& other_side, const std::array<double, kMaxTokens>& sim,
                                            const std::array<std::string, kMaxTokens>* other_keys) {
  for (size_t i = 0; i + 1 < side.n; ++i) {
    const bool loose_i = side.partner[i] < 0 || sim[i] < kFullCredit;
    const bool loose_next = side.partner[i + 1] < 0 || sim[i + 1] < kFullCredit;
    // One piece may be a weak word ("Sech in"): joined, it is no longer one.
    if (!(side.strong[i] || side.strong[i + 1]) || !(loose_i || loose_next)) continue;
    const std::string& head = name.tokens[i].text;
    const std::string& tail = name.tokens[i + 1].text;
    const size_t length = head.size() + tail.size();
    if (length < kMinJoinedWord) continue;
    const std::string joined_key = other_keys != nullptr ? AbjadKey(head + tail) : std::string();
    for (size_t j = 0; j < other_side.n; ++j) {
      const std::string& t = other.tokens[j].text;
      if (!other_side.strong[j]) continue;
      if (other_keys != nullptr) {
        // "هدايت الله" / "HIDAYATULLAH", "عبدالرحمان" written apart: the consonants must agree.
        if (AbjadKeySimilarity(joined_key, (*other_keys)[j], kAbjadDiscount) < kAbjadDiscount - 1e-9) continue;
      } else {
        if (t.size() + 2 < length || length + 2 < t.size()) continue;
        // Near-exact words of this length differ by an edit or two: they share a first or last letter.
        if (t.front() != head.front() && t.back() != tail.back()) continue;
        if (EditSimilarityAtLeast(head + tail, t, kCarrySimilarity) < kCarrySimilarity) continue;
      }
      const std::string joined = head + tail;
      NormalizedName out = name;
      out.tokens[i].text = joined;
      out.tokens[i].SetShape();
      out.tokens[i].common_name = false;
      out.tokens[i].weak = false;
      out.tokens.erase(out.tokens.begin() + i + 1);
      Glue(out);
      return out;
    }
  }
  return std::nullopt;
}

// Two words a one-word name may be matched by: spelt alike (edit similarity kFullCredit or more),
// or sounding alike (the same phonetic skeleton, or the same with the vowel classes merged) — not
// merely close in sound (skeletons an edit apart: "judaq" / "SUDAK"), nor one given name's forms
// ("Vova" / "VLADIMIR"), which support a match of several words but name no one alone.
bool SpeltOrSoundingAlike(const Token& a, const Token& b) {
  if (a.skeleton == b.skeleton || EditSimilarity(a.text, b.text) >= kFullCredit) return true;
  if (a.text.size() < kVowelClassLength || b.text.size() < kVowelClassLength || a.skeleton.size() > kMaxVowelClassSkeleton ||
      b.skeleton.size() > kMaxVowelClassSkeleton)
    return false;
  std::array<char, kMaxVowelClassSkeleton> buffer_a, buffer_b;
  return MergeVowelClasses(a.skeleton, buffer_a) == MergeVowelClasses(b.skeleton, buffer_b);
}

// `a` has two identifying words or more, and one of kMinWordBackwards letters or more is, backwards,
// a word of `b` (one word backwards is too often another word: "Mota" / "Atom").
bool HasWordBackwards(const NormalizedName& a, const NormalizedName& b) {
  if (StrongCount(a) < 2) return false;
  for (const Token& t : a.tokens) {
    if (t.weak || t.text.size() < kMinWordBackwards) continue;
    for (const Token& u : b.tokens) {
      if (u.text.size() == t.text.size() && std::equal(t.text.rbegin(), t.text.rend(), u.text.begin())) return true;
    }
  }
  return false;
}

// `titled` is a title and one identifying word ("President Erdoğan", "Prime Minister Netanyahu"),
// which is paired near-exactly with the surname — the last identifying word — of `person`, a
// person's name of two identifying words or more.
bool NamedByTitle(const NormalizedName& titled, const Side& t, const NormalizedName& person, const Side& p,
                  const std::array<double, kMaxTokens>& sim) {
  if (!titled.titled || titled.legal_form || !person.person || StrongCount(titled) != 1 || StrongCount(person) < 2)
    return false;
  size_t surname = p.n;
  for (size_t j = 0; j < p.n; ++j)
    if (p.strong[j]) surname = j;
  for (size_t i = 0; i < t.n; ++i) {
    if (t.strong[i]) return t.partner[i] == static_cast<int>(surname) && sim[i] >= kCarrySimilarity;
  }
  return false;
}

// ScoreNames; `backwards`: a name may also be read backwards (not again once it is).
double Score(const NormalizedName& query, const NormalizedName& candidate, Explanation* explanation, bool backwards) {
  if (query.empty() || candidate.empty()) return 0.0;
  Side a, b;
  Weigh(query, a);
  Weigh(candidate, b);

  struct Pair {
    float sim;
    uint8_t i, j;
  };
  std::array<Pair, kMaxTokens * kMaxTokens> pairs;
  size_t np = 0;
  // A name written without short vowels against a Latin one: each word's consonants, once.
  const bool by_consonants = query.abjad != candidate.abjad;
  std::array<std::string, kMaxTokens> keys_a, keys_b;
  if (by_consonants) {
    for (size_t i = 0; i < a.n; ++i) keys_a[i] = AbjadKey(query.tokens[i].text);
    for (size_t j = 0; j < b.n; ++j) keys_b[j] = AbjadKey(candidate.tokens[j].text);
  }
  for (size_t i = 0; i < a.n; ++i) {
    for (size_t j = 0; j < b.n; ++j) {
      const std::string& ta = query.tokens[i].text;
      const std::string& tb = candidate.tokens[j].text;
      double s = TokenSimilarity(query.tokens[i].shape(), candidate.tokens[j].shape(), kMinPair);
      // One given name in two languages, or its nickname ("Juan" / "John", "Ted" / "Theodore").
      if (s < kGivenNameVariant && (query.tokens[i].given_name_groups & candidate.tokens[j].given_name_groups) != 0)
        s = kGivenNameVariant;
      // A name written without short vowels against a Latin one: by consonants ("mhmd" / "Muhammad").
      if (by_consonants && s < kAbjadDiscount) s = std::max(s, AbjadKeySimilarity(keys_a[i], keys_b[j], std::max(s, kMinPair)));
      // Two different series numbers still correspond ("Bong 5" / "Bong 6"), weakly.
      if (s < kMinPair && IsNumber(ta) && IsNumber(tb)) s = kMinPair + 0.1;
      // A weak word and an identifying one pair less readily, unless equal.
      if (a.strong[i] != b.strong[j] && s < 1.0) s *= 0.9;
      if (s >= kMinPair) {
        pairs[np++] = Pair{static_cast<float>(s), static_cast<uint8_t>(i), static_cast<uint8_t>(j)};
      }
    }
  }
  std::sort(pairs.begin(), pairs.begin() + np, [](const Pair& x, const Pair& y) {
    if (x.sim != y.sim) return x.sim > y.sim;
    return x.i + x.j < y.i + y.j;
  });
  std::array<double, kMaxTokens> sim_a{}, sim_b{};
  double got_a = 0, got_b = 0;
  int strong_pairs = 0;
  const Pair* carrier = nullptr;  // the identifying pair, when there is exactly one
  double best_strong = 0;         // the closest identifying pair
  bool all_common = true;         // every identifying pair is a name part common on the lists
  for (size_t k = 0; k < np; ++k) {
    const Pair& p = pairs[k];
    if (a.partner[p.i] >= 0 || b.partner[p.j] >= 0) continue;
    a.partner[p.i] = p.j;
    b.partner[p.j] = p.i;
    sim_a[p.i] = p.sim;
    sim_b[p.j] = p.sim;
    double credit = Credit(p.sim);
    // An initial stands for a word but says only its first letter: the word's side counts it at
    // an initial's weight ("S" does not cover "Saan").
    const bool initial = p.sim < 1 && (query.tokens[p.i].text.size() == 1 || candidate.tokens[p.j].text.size() == 1);
    got_a += (initial ? std::min(a.weight[p.i], kInitialWeight) : a.weight[p.i]) * credit;
    got_b += (initial ? std::min(b.weight[p.j], kInitialWeight) : b.weight[p.j]) * credit;
    if (!a.strong[p.i]) a.total += (1 - kUnpairedWeakShare) * a.weight[p.i];
    if (!b.strong[p.j]) b.total += (1 - kUnpairedWeakShare) * b.weight[p.j];
    if (a.strong[p.i] && b.strong[p.j] && p.sim >= 0.75 && !initial) {
      ++strong_pairs;
      carrier = &p;
      best_strong = std::max(best_strong, static_cast<double>(p.sim));
      all_common &= query.tokens[p.i].common_name || candidate.tokens[p.j].common_name;
    }
  }
  // Named by title and surname ("President Erdoğan" / "Recep Tayyip Erdoğan"): the title stands
  // for the given names, which are then not missing, and is not unexplained itself.
  const bool by_title = NamedByTitle(query, a, candidate, b, sim_a) || NamedByTitle(candidate, b, query, a, sim_b);
  if (by_title) {
    for (Side* side : {&a, &b}) {
      const NormalizedName& name = side == &a ? query : candidate;
      for (size_t i = 0; i < side->n && name.titled && IsTitle(name.tokens[i].text); ++i)
        if (side->partner[i] < 0) side->total -= kUnpairedWeakShare * side->weight[i];
    }
  }
  double cov_a = a.total > 0 ? got_a / a.total : 0.0;
  double cov_b = b.total > 0 ? got_b / b.total : 0.0;
  double short_cov = a.total <= b.total ? cov_a : cov_b;
  double long_cov = a.total <= b.total ? cov_b : cov_a;
  double score = kShortSideShare * short_cov + (1 - kShortSideShare) * long_cov;
  // The longer name mostly unexplained: a short name inside a long one is a weaker sign.
  if (long_cov < kMostlyUnexplained && !by_title) score *= kMostlyUnexplained + long_cov;

  double unpaired_a = 0, unpaired_b = 0;
  for (size_t i = 0; i < a.n; ++i) {
    if (a.partner[i] < 0 && a.strong[i]) unpaired_a += a.weight[i];
  }
  for (size_t j = 0; j < b.n; ++j) {
    if (b.partner[j] < 0 && b.strong[j]) unpaired_b += b.weight[j];
  }
  if (unpaired_a > 0 && unpaired_b > 0) score *= kSubstitutionCut;
  if (strong_pairs == 0) score = std::min(score, kNoStrongPairCap);
  // For the evidence rules below, an identifying word paired only loosely (below kFullCredit:
  // "Sharapova"/"Zabralova") explains nothing either.
  double unexplained_a = unpaired_a, unexplained_b = unpaired_b;
  for (size_t i = 0; i < a.n; ++i) {
    if (a.partner[i] >= 0 && a.strong[i] && b.strong[a.partner[i]] && sim_a[i] < kFullCredit) {
      unexplained_a += a.weight[i];
      unexplained_b += b.weight[a.partner[i]];
    }
  }
  std::string_view limit;
  if (!by_consonants && strong_pairs == 1 && score > kThinEvidenceCap && StrongCount(query) == 1 &&
      StrongCount(candidate) == 1 && !SpeltOrSoundingAlike(query.tokens[carrier->i], candidate.tokens[carrier->j])) {
    score = kThinEvidenceCap;
    limit = "a one-word name matches only a close spelling or the same sound";
  }
  if (strong_pairs >= 2 && best_strong < kAnchorSimilarity && score > kThinEvidenceCap) {
    score = kThinEvidenceCap;
    limit = "every word differs: no word of the name is near-exact";
  }
  if (strong_pairs >= 1 && (unexplained_a > 0 || unexplained_b > 0) && score > kThinEvidenceCap) {
    const Token& qt = query.tokens[carrier->i];
    const Token& ct = candidate.tokens[carrier->j];
    bool thin = (all_common && unexplained_a > 0) ||
                (strong_pairs == 1 &&
                 (carrier->sim < kCarrySimilarity || (candidate.vessel_or_aircraft && unexplained_a > 0) ||
                  (candidate.person && query.legal_form) ||
                  std::min(qt.text.size(), ct.text.size()) <= kShortWord));
    if (thin) {
      score = kThinEvidenceCap;
      limit = "one uninformative word carries the match (a name part common on the lists, a short or inexact word, a ship's name inside a longer name, a company's word in a person's name) while the rest of a name is unexplained";
    }
  }

  // "X bin Y" is X, son of Y: the same two names around the particle the other way round name
  // the father as the son ("ABDULLAH BIN OMAR" / "OMAR BIN ABDULLAH").
  if (score > kThinEvidenceCap && NasabSwapped(query, candidate, a, b)) {
    score = kThinEvidenceCap;
    limit = "the names around bin/ibn stand the other way round: the son named as the father";
  }

  // A word written in two pieces on one side while the other side keeps a word unexplained:
  // scored again with the pieces joined, and the better reading kept.
  // (Compared below with the names glued whole, which may say more.)
  // Scored once, explanation included (each joining removes a word, so this recurses at most
  // once per word and never branches).
  double joined_score = 0;
  Explanation joined_explanation;
  if (unexplained_a > 0 && unexplained_b > 0 && score < 0.999) {
    std::optional<NormalizedName> joined_query = JoinSplitWord(query, a, candidate, b, sim_a, by_consonants ? &keys_b : nullptr);
    std::optional<NormalizedName> joined_candidate;
    if (!joined_query) joined_candidate = JoinSplitWord(candidate, b, query, a, sim_b, by_consonants ? &keys_a : nullptr);
    if (joined_query || joined_candidate)
      joined_score = Score(joined_query ? *joined_query : query, joined_candidate ? *joined_candidate : candidate,
                           explanation != nullptr ? &joined_explanation : nullptr, backwards);
  }

  std::string_view method = score >= 0.999 ? "exact" : "tokens";
  // Glued comparison: the identifying tokens without spaces, when the token counts differ.
  bool glued_by_compact = true;
  // Identifying tokens glued when their counts differ; all tokens glued when the token counts
  // differ (a split weak-looking word: "van der bilt").
  bool strong_split = StrongCount(query) != StrongCount(candidate);
  bool any_split = query.tokens.size() != candidate.tokens.size();
  if ((strong_split || any_split) && !query.compact.empty() && !candidate.compact.empty()) {
    double by_compact = strong_split ? GluedSimilarity(query.compact, candidate.compact) : 0.0;
    double by_joined = GluedSimilarity(query.joined, candidate.joined);
    double glued = std::max(by_compact, by_joined);
    if (glued >= kMinGlued && glued > score) {
      score = glued;
      method = "glued";
      limit = {};
      glued_by_compact = by_compact >= by_joined;
    }
  }
  // A name written without short vowels against a Latin one, each glued whole and compared by
  // consonants: words written apart on one side and together on the other agree ("عبد الرحمن" /
  // "ABDULRAHMAN", "جلال الدين" / "JALALUDDIN").
  if (by_consonants) {
    const double glued_consonants = GluedConsonantSimilarity(GluedConsonantKey(query), GluedConsonantKey(candidate));
    if (glued_consonants > score) {
      score = glued_consonants;
      method = "glued";
      limit = {};
      glued_by_compact = false;
    }
  }
  // A query written backwards: scored again the right way round, when nothing pairs as written
  // and a word reads backwards as a word of the candidate. (Not a listed name: lists do not write
  // names backwards, and read so, "CSKA" would be every query "aksc".)
  if (backwards && strong_pairs == 0 && joined_score == 0 && HasWordBackwards(query, candidate)) {
    joined_score = kBackwardsScale * Score(Backwards(query), candidate,
                                           explanation != nullptr ? &joined_explanation : nullptr, false);
    joined_explanation.limit = "the name is written backwards, word by word";
  }
  if (joined_score > score) {
    if (explanation != nullptr) *explanation = std::move(joined_explanation);
    return joined_score;
  }
  // The query an acronym of the candidate ("PLA" / "People's Liberation Army"). Not the other way
  // round: a listed acronym ("K M A", "OOO GAS") would take every query of those initials, most of
  // them persons' names ("Kapustin Mir Arsenevich").
  const std::string_view acronym = score < kAcronymScore ? AcronymWord(query) : std::string_view();
  if (!acronym.empty() && Initials(candidate) == acronym) {
    score = kAcronymScore;
    method = "acronym";
    limit = "the query is an acronym of the name: an acronym names many things";
  }
  score = std::clamp(score, 0.0, 1.0);
  if (candidate.low_quality) {
    bool covered = (unpaired_a == 0 || method == "glued") && score >= kWeakAliasCeiling;
    double ceiling = covered ? kWeakAliasCeiling : kThinEvidenceCap;
    if (score > ceiling) {
      score = ceiling;
      limit = !covered ? "a weak alias (OFAC low-quality a.k.a.) matches only a query it covers entirely and nearly exactly"
                             : "a weak alias (OFAC low-quality a.k.a.) alone is a review, never a block";
    }
  }

  if (explanation != nullptr) {
    explanation->method = std::string(method);
    explanation->limit = std::string(limit);
    explanation->pairs.clear();
    if (method == "acronym") {
      explanation->pairs.push_back(TokenPair{std::string(acronym), std::string(acronym), score, false});  // = the initials
      return score;
    }
    if (method == "glued") {
      // One pair: the two names without spaces, which is what was compared.
      explanation->pairs.push_back(
          TokenPair{glued_by_compact ? query.compact : query.joined,
                    glued_by_compact ? candidate.compact : candidate.joined, score, false});
      return score;
    }
    for (size_t i = 0; i < a.n; ++i) {
      TokenPair tp;
      tp.query_token = query.tokens[i].text;
      tp.weak = !a.strong[i];
      if (a.partner[i] >= 0) {
        tp.list_token = candidate.tokens[a.partner[i]].text;
        tp.similarity = sim_a[i];
      }
      explanation->pairs.push_back(std::move(tp));
    }
    for (size_t j = 0; j < b.n; ++j) {
      if (b.partner[j] >= 0) continue;
      TokenPair tp;
      tp.list_token = candidate.tokens[j].text;
      tp.weak = !b.strong[j];
      explanation->pairs.push_back(std::move(tp));
    }
  }
  return score;
}

}  // namespace

double ScoreNames(const NormalizedName& query, const NormalizedName& candidate, Explanation* explanation) {
  return Score(query, candidate, explanation, true);
}

}  // namespace exportctl::screen
