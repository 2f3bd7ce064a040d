// exportctl restricted-party screening: the public API.
//
// A Screener holds every loaded restricted-party list (the bundled curated Entity List excerpt in
// <data_dir>/lists plus the current version of each list imported into <home_dir>/lists) and a
// candidate index over all their names. Screen() normalises a name (NFKC, case folding, scripts
// transliterated to Latin, Traditional→Simplified Chinese and Han→pinyin, legal forms kept as weak
// tokens), finds candidates through the index and scores each against the query in [0, 1].
//
// Bands (docs/screening.md): score >= kBlockThreshold is kBlock, >= kDefaultThreshold is kReview,
// anything lower is kClear. kDefaultThreshold is THE one decision threshold: a pair at or above it is
// a match ("hit"), below it a non-match. Hits below opts.min_score are not returned.
//
// Cost: ~30-40 µs per query at the median on realistic traffic over the full SDN list (BENCHMARKS.md);
// callers that screen the same names repeatedly use ScreenMemo (a few hundred ns per repeated name).
//
// Thread safety: a loaded Screener is immutable; Screen() and CompareNames() are safe to call from
// many threads at once. Load() may be called concurrently with queries on an older instance.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"

namespace exportctl::screen {

inline constexpr double kDefaultThreshold = 0.75;  // match / non-match decision; start of kReview
inline constexpr double kBlockThreshold = 0.93;    // start of kBlock

enum class Band { kClear, kReview, kBlock };
std::string_view BandName(Band band);  // "clear", "review", "block"
Band BandFor(double score);

enum class PartyType { kAny, kPerson, kEntity, kVessel, kAircraft };
std::string_view PartyTypeName(PartyType type);  // "any", "person", "entity", "vessel", "aircraft"
Result<PartyType> ParsePartyType(std::string_view text);

// One token of the query paired with one token of the matched list name.
struct TokenPair {
  std::string query_token;  // empty when the list token had no partner
  std::string list_token;   // empty when the query token had no partner
  double similarity = 0;    // [0, 1]
  bool weak = false;        // a legal form or generic word ("ltd", "technology", "有限公司" …)
};

struct Explanation {
  std::vector<TokenPair> pairs;
  std::string method;         // "exact", "tokens", "glued" (names compared without spaces) or
                              // "acronym" (the query an acronym of the name)
  // Non-empty when a rule held the score down, in plain words: a weak alias that does not cover the
  // whole query, or a match resting on one uninformative word.
  std::string limit;
  std::string whitelisted;    // non-empty: why this hit was cleared (reviewer, date, reason)
};

struct ScreeningHit {
  std::string list;          // list id in the store: "entity-list-curated", "sdn", "csl" …
  std::string list_kind;     // normalised kind of list: "entity_list", "sdn", "meu", "uvl", "dpl",
                             // "isn", "un", or else the list id (from the entry's source)
  std::string source;        // the list's own name for the source ("Entity List (EL) - Bureau of Industry and Security")
  std::string entry_id;      // the entry's id within its list (SDN ent_num, CSL _id …)
  std::string entry_name;    // the entry's primary name
  std::string matched_name;  // the name (primary or alias) the query matched
  std::string entry_type;    // "person", "entity", "vessel", "aircraft" or ""
  double score = 0;
  Band band = Band::kClear;
  std::string country;                  // country codes or names from the address, ";"-separated
  std::string programs;                 // sanctions programs ("SDGT; IRGC") or ""
  std::string federal_register_notice;  // "88 FR 72245" …, or ""
  std::string start_date;               // the listing's effective date, YYYY-MM-DD, or ""
  std::string license_requirement;
  std::string license_policy;
  // An Entity List entry under a foreign-direct-product footnote (1, 4 or 5; §734.9(e)): foreign-made
  // items produced with US technology are subject to the EAR when it is a party.
  bool fdp_footnote = false;
  Explanation explanation;              // filled only when ScreenOptions::explain
};

struct ScreenOptions {
  PartyType type = PartyType::kAny;   // restricts entries by type (kAny: all)
  std::string country;                // ISO code: a hit whose entry names other countries only is dropped
  std::vector<std::string> lists;     // list ids to search; empty means all
  double min_score = kDefaultThreshold;
  int limit = 10;
  bool explain = true;                // off on the hot path: saves the token pairs' strings
  // Scores every indexed name instead of the index's candidates: thousands of times slower; for
  // tests and benchmarks that prove the index loses no pair the scorer accepts.
  bool exhaustive = false;
};

// One loaded list: what `lists status` shows.
struct ListInfo {
  std::string id;            // "sdn", "csl", "un", "entity-list-curated" …
  std::string origin;        // "bundled" or "imported"
  std::string version;       // store version ("v3") or the bundled file name
  std::string path;
  std::string content_sha256;
  std::string imported_at;   // ISO-8601 UTC, "" for bundled lists
  size_t entries = 0;
  size_t names = 0;          // entries plus aliases
  std::string problem;       // an imported version that could not be read, and the one used instead
};

// The detailed comparison of two names (screen compare).
struct Comparison {
  double score = 0;
  Band band = Band::kClear;
  bool match = false;  // score >= kDefaultThreshold
  Explanation explanation;
};
Comparison CompareNames(std::string_view a, std::string_view b, PartyType type = PartyType::kAny);

// The letters of a name that screening cannot read: those of a script with no transliteration to
// Latin here (Khmer, Lao, Tibetan, Sinhala …), which the normaliser drops, so that "no hits" says
// nothing about them. Words as written, space-separated; scripts by their Unicode names ("Khmer").
// Both empty when every letter is read (always for ASCII). Cheap: one pass, no transliteration.
struct UnreadLetters {
  std::string words;
  std::string scripts;
  bool empty() const { return words.empty(); }
};
UnreadLetters FindUnreadLetters(std::string_view name);

class Screener {
 public:
  // Loads the bundled lists in <data_dir>/lists/*.csv and the current imported versions under
  // <home_dir>/lists (home_dir may be empty). Errors name the file and line of every bad row.
  static Result<std::shared_ptr<const Screener>> Load(const std::string& data_dir,
                                                      const std::string& home_dir);
  // Builds a screener from list files given explicitly, as (list id, path) pairs; the format is
  // detected from the content (SDN CSV, CSL CSV, UN XML).
  static Result<std::shared_ptr<const Screener>> FromFiles(
      const std::vector<std::pair<std::string, std::string>>& files);

  ~Screener();
  Screener(const Screener&) = delete;
  Screener& operator=(const Screener&) = delete;

  // Hits sorted by score (descending), at most opts.limit, each >= opts.min_score. An empty or
  // blank name yields no hits (front ends reject it before calling).
  std::vector<ScreeningHit> Screen(std::string_view name, const ScreenOptions& opts) const;
  // kInvalidArgument (field `lists`) when opts names a list that is not loaded: screening against
  // an unknown list would report "no hits" for a list nobody searched.
  Status CheckOptions(const ScreenOptions& opts) const;

  const std::vector<ListInfo>& lists() const;
  size_t name_count() const;

  struct Impl;

 private:
  explicit Screener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Memoises Screener::Screen() per (name, options), for callers that screen the same parties again
// and again (the licence check: a few hundred distinct end users over millions of rows). A hit
// costs one hash and one lock of one of 16 shards instead of a search (~15 µs). Bounded: a shard
// that reaches max_entries / 16 names is emptied. Thread-safe; tied to one Screener (make a new
// memo when the lists change).
class ScreenMemo {
 public:
  explicit ScreenMemo(std::shared_ptr<const Screener> screener, size_t max_entries = 1 << 16);
  ~ScreenMemo();
  ScreenMemo(const ScreenMemo&) = delete;
  ScreenMemo& operator=(const ScreenMemo&) = delete;

  std::shared_ptr<const std::vector<ScreeningHit>> Screen(std::string_view name,
                                                          const ScreenOptions& opts) const;
  const Screener& screener() const { return *screener_; }
  const std::shared_ptr<const Screener>& shared_screener() const { return screener_; }

 private:
  struct Shard;
  std::shared_ptr<const Screener> screener_;
  size_t max_per_shard_;
  std::unique_ptr<Shard[]> shards_;
};

// "entity_list", "sdn", "meu" … for a CSL/SDN/UN source name; `fallback` when unknown.
std::string ListKind(std::string_view source, std::string_view fallback);

}  // namespace exportctl::screen
