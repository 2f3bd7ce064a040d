// Screener: loads lists, builds the NameIndex, answers Screen() (see exportctl/screen.h).
#include <fmt/format.h>

#include <malloc.h>  // malloc_trim

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "exportctl/screen.h"
#include "screen/list_entry.h"
#include "screen/list_store.h"
#include "screen/name_index.h"
#include "screen/normalize.h"
#include "screen/scorer.h"

namespace exportctl::screen {
namespace fs = std::filesystem;

namespace {
constexpr size_t kCandidates = 48;       // at most this many names are fully scored per query
constexpr double kCandidateShare = 0.35;  // …and only those with this share of the best's weight
// A token written as a given name in at least kCommonGiven person entries ("SURNAME, Given") and
// more often as a given name than as a surname, or as a surname in at least kCommonSurname entries,
// is a common name part (Token::common_name).
constexpr int kCommonGiven = 2;
constexpr int kCommonSurname = 3;
}  // namespace

// Footnotes 1, 4 and 5 of the Entity List carry the entity-based FDP rules (§734.9(e)(1)-(3)); the
// official list names them in the licence requirement ("See §§734.9(e)(1) and 744.11"), curated
// rows in the remarks ("Footnote 4").
static bool HasFdpFootnote(const ListEntry& e) {
  if (e.license_requirement.find("734.9(e)") != std::string::npos) return true;
  for (std::string_view marker : {"Footnote 1", "Footnote 4", "Footnote 5", "footnote 1", "footnote 4", "footnote 5"}) {
    size_t at = e.remarks.find(marker);
    if (at != std::string::npos) {
      size_t after = at + marker.size();
      if (after >= e.remarks.size() || e.remarks[after] < '0' || e.remarks[after] > '9') return true;
    }
  }
  return false;
}

struct Screener::Impl {
  // A list entry as hits report it: the published fields a hit carries; the source is shared by
  // the list's entries, and the long fields no hit shows (remarks, addresses, source URL) are not
  // kept — the footnote that matters is read from them at load.
  struct Entry {
    ListEntry entry;
    uint32_t list = 0;    // index into lists
    uint32_t source = 0;  // index into sources
    bool fdp_footnote = false;
  };
  struct Name {
    uint32_t entry = 0;
    int32_t alias = -1;  // index into the entry's aliases; -1: its primary name
    NormalizedName norm;
  };
  std::vector<ListInfo> lists;
  std::vector<std::string> sources;  // distinct ListEntry::source values
  std::vector<Entry> entries;
  std::vector<Name> names;
  NameIndex index;
  // How often each token is written as a given name / as a surname in person entries.
  std::unordered_map<std::string, std::pair<int, int>> name_roles;
  std::unordered_set<std::string> common_name;  // see kCommonGiven

  uint32_t SourceIndex(const std::string& source) {
    auto it = std::find(sources.begin(), sources.end(), source);
    if (it != sources.end()) return static_cast<uint32_t>(it - sources.begin());
    sources.push_back(source);
    return static_cast<uint32_t>(sources.size() - 1);
  }

  const std::string& NameText(const Name& n) const {
    const ListEntry& e = entries[n.entry].entry;
    return n.alias < 0 ? e.name : e.aliases[static_cast<size_t>(n.alias)];
  }

  void CountNameRoles(const ListEntry& e) {
    size_t comma = e.name.find(',');
    if (e.type != PartyType::kPerson || comma == std::string::npos ||
        e.name.find(',', comma + 1) != std::string::npos) {
      return;
    }
    auto count = [&](std::string_view part, bool given) {
      std::unordered_set<std::string> seen;
      for (Token& t : NormalizeName(part).tokens) {
        if (t.weak || !seen.insert(t.text).second) continue;
        auto& [as_given, as_surname] = name_roles[t.text];
        ++(given ? as_given : as_surname);
      }
    };
    count(std::string_view(e.name).substr(0, comma), false);
    count(std::string_view(e.name).substr(comma + 1), true);
  }

  void MarkCommonNames(NormalizedName& name) const {
    for (Token& t : name.tokens) t.common_name = common_name.count(t.text) != 0;
  }

  // After the last list: the common name parts, marked on every indexed name; then the index.
  void Finish() {
    for (const auto& [token, roles] : name_roles) {
      const auto [as_given, as_surname] = roles;
      if ((as_given >= kCommonGiven && as_given > as_surname) || as_surname >= kCommonSurname) {
        common_name.insert(token);
      }
    }
    name_roles.clear();
    for (Name& n : names) MarkCommonNames(n.norm);
    index.Finish();
    // Building took about as much scratch memory again (token maps, unsorted postings), now
    // freed: give it back to the system rather than keep it for a next build that may not come.
    malloc_trim(0);
  }

  void AddList(ListInfo info, ParsedList parsed) {
    auto list_no = static_cast<uint32_t>(lists.size());
    info.entries = parsed.entries.size();
    info.names = 0;
    for (ListEntry& e : parsed.entries) {
      auto entry_no = static_cast<uint32_t>(entries.size());
      bool person = e.type == PartyType::kPerson;
      auto add_name = [&](const std::string& text, int32_t alias) {
        Name n{entry_no, alias, NormalizeName(text, person)};
        if (n.norm.empty()) return;
        n.norm.vessel_or_aircraft = e.type == PartyType::kVessel || e.type == PartyType::kAircraft;
        n.norm.person = person;
        index.Add(n.norm);
        names.push_back(std::move(n));
        ++info.names;
      };
      add_name(e.name, -1);
      for (size_t a = 0; a < e.aliases.size(); ++a) add_name(e.aliases[a], static_cast<int32_t>(a));
      CountNameRoles(e);
      const uint32_t source = SourceIndex(e.source);
      const bool fdp_footnote = HasFdpFootnote(e);
      Entry kept{std::move(e), list_no, source, fdp_footnote};
      for (std::string* unused : {&kept.entry.source, &kept.entry.source_url, &kept.entry.remarks, &kept.entry.addresses}) {
        std::string().swap(*unused);
      }
      entries.push_back(std::move(kept));
    }
    lists.push_back(std::move(info));
  }

  // Drops a hit only when the entry's countries are all comparable with the request and none is
  // it: every piece an ISO code (or equal by name). Entries without countries, or with country
  // names that cannot be compared with a code, are kept: screening errs towards showing a hit.
  bool CountryAllowed(const ListEntry& e, const std::string& country) const {
    if (country.empty() || e.countries.empty()) return true;
    std::string want = FoldToAscii(country);
    std::string_view rest = e.countries;
    bool comparable = true;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string piece = FoldToAscii(rest.substr(0, semi));
      piece.erase(0, piece.find_first_not_of(' '));
      piece.erase(piece.find_last_not_of(' ') + 1);
      if (piece == want) return true;
      if (piece.size() != 2 || want.size() != 2) comparable = false;
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
    return !comparable;
  }
};

std::string ListKind(std::string_view source, std::string_view fallback) {
  static constexpr std::pair<std::string_view, std::string_view> kKinds[] = {
      {"Entity List", "entity_list"},
      {"Specially Designated Nationals", "sdn"},
      {"Military End User", "meu"},
      {"Unverified List", "uvl"},
      {"Denied Persons", "dpl"},
      {"Nonproliferation Sanctions", "isn"},
      {"UN Security Council", "un"},
  };
  for (const auto& [needle, kind] : kKinds) {
    if (source.find(needle) != std::string_view::npos) return std::string(kind);
  }
  return std::string(fallback);
}

Screener::Screener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Screener::~Screener() = default;

const std::vector<ListInfo>& Screener::lists() const { return impl_->lists; }
size_t Screener::name_count() const { return impl_->names.size(); }

Result<std::shared_ptr<const Screener>> Screener::FromFiles(
    const std::vector<std::pair<std::string, std::string>>& files) {
  auto impl = std::make_unique<Impl>();
  std::vector<Error> errors;
  for (const auto& [id, path] : files) {
    auto parsed = ParseListFile(path);
    if (!parsed.ok()) {
      errors.push_back(parsed.error());
      continue;
    }
    ListInfo info;
    info.id = id;
    info.origin = "file";
    info.version = fs::path(path).filename().string();
    info.path = path;
    impl->AddList(std::move(info), std::move(*parsed));
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  impl->Finish();
  return std::shared_ptr<const Screener>(new Screener(std::move(impl)));
}

Result<std::shared_ptr<const Screener>> Screener::Load(const std::string& data_dir,
                                                       const std::string& home_dir) {
  auto impl = std::make_unique<Impl>();
  std::vector<Error> errors;
  fs::path bundled = fs::path(data_dir) / "lists";
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(bundled, ec)) {
    for (const auto& f : fs::directory_iterator(bundled, ec)) {
      std::string ext = f.path().extension().string();
      if (f.is_regular_file() && (ext == ".csv" || ext == ".xml")) files.push_back(f.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    auto parsed = ParseListFile(f.string());
    if (!parsed.ok()) {
      errors.push_back(parsed.error());
      continue;
    }
    ListInfo info;
    info.id = f.stem().string();
    info.origin = "bundled";
    info.version = f.filename().string();
    info.path = f.string();
    impl->AddList(std::move(info), std::move(*parsed));
  }
  if (!home_dir.empty()) {
    ListStore store((fs::path(home_dir) / "lists").string());
    auto status = store.Status();
    if (!status.ok()) {
      errors.push_back(status.error());
    } else {
      for (ListInfo& info : *status) {
        auto parsed = ParseListFile(info.path);
        if (!parsed.ok()) {
          // A stored version that no longer reads (edited, damaged) never stops the engine: the
          // newest earlier version that reads is used, and the problem is reported with it.
          const std::string problem = parsed.error().ToString();
          const int current = std::atoi(info.version.c_str() + 1);
          for (int v = current - 1; v >= 1 && !parsed.ok(); --v) {
            parsed = store.Read(fmt::format("{}@v{}", info.id, v));
            if (parsed.ok()) {
              info.problem = fmt::format("{} is unreadable ({}); using v{}", info.version, problem, v);
              info.version = fmt::format("v{}", v);
            }
          }
          if (!parsed.ok()) {
            errors.push_back(Error(ErrorCode::kInvalidData, fmt::format("imported list `{}`: no readable version ({})", info.id, problem)));
            continue;
          }
        }
        impl->AddList(std::move(info), std::move(*parsed));
      }
    }
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  impl->Finish();
  return std::shared_ptr<const Screener>(new Screener(std::move(impl)));
}

Status Screener::CheckOptions(const ScreenOptions& opts) const {
  for (const std::string& id : opts.lists) {
    bool known = std::any_of(impl_->lists.begin(), impl_->lists.end(), [&](const ListInfo& l) { return l.id == id; });
    if (known) continue;
    std::vector<std::string> ids;
    for (const ListInfo& l : impl_->lists) ids.push_back(l.id);
    return Error(ErrorCode::kInvalidArgument, fmt::format("unknown list `{}` (loaded: {})", id, fmt::join(ids, ", ")))
        .WithField("lists");
  }
  return Ok{};
}

std::vector<ScreeningHit> Screener::Screen(std::string_view name, const ScreenOptions& opts) const {
  std::vector<ScreeningHit> hits;
  NormalizedName query = NormalizeName(name, opts.type == PartyType::kPerson);
  if (query.empty()) return hits;
  impl_->MarkCommonNames(query);
  thread_local std::vector<uint32_t> candidates;
  if (opts.exhaustive) {
    candidates.resize(impl_->names.size());
    for (size_t n = 0; n < candidates.size(); ++n) candidates[n] = static_cast<uint32_t>(n);
  } else {
    impl_->index.Query(query, kCandidates, kCandidateShare, candidates);
  }

  struct Best {
    uint32_t entry;
    uint32_t name;
    double score;
  };
  thread_local std::vector<Best> best;
  best.clear();
  for (uint32_t n : candidates) {
    const Impl::Name& nm = impl_->names[n];
    const Impl::Entry& en = impl_->entries[nm.entry];
    if (opts.type != PartyType::kAny && en.entry.type != opts.type) continue;
    if (!opts.lists.empty() &&
        std::find(opts.lists.begin(), opts.lists.end(), impl_->lists[en.list].id) == opts.lists.end()) {
      continue;
    }
    double score = ScoreNames(query, nm.norm, nullptr);
    if (score < opts.min_score) continue;
    if (!impl_->CountryAllowed(en.entry, opts.country)) continue;
    auto it = std::find_if(best.begin(), best.end(), [&](const Best& b) { return b.entry == nm.entry; });
    if (it == best.end()) {
      best.push_back(Best{nm.entry, n, score});
    } else if (score > it->score) {
      it->name = n;
      it->score = score;
    }
  }
  std::sort(best.begin(), best.end(), [](const Best& a, const Best& b) {
    return a.score != b.score ? a.score > b.score : a.entry < b.entry;
  });
  if (opts.limit >= 0 && best.size() > static_cast<size_t>(opts.limit)) best.resize(opts.limit);
  hits.reserve(best.size());
  for (const Best& b : best) {
    const Impl::Entry& en = impl_->entries[b.entry];
    const ListEntry& e = en.entry;
    ScreeningHit h;
    h.list = impl_->lists[en.list].id;
    h.source = impl_->sources[en.source];
    h.list_kind = ListKind(h.source, h.list);
    h.entry_id = e.id;
    h.entry_name = e.name;
    h.matched_name = impl_->NameText(impl_->names[b.name]);
    h.entry_type = e.type == PartyType::kEntity ? "entity" : std::string(PartyTypeName(e.type));
    h.score = b.score;
    h.band = BandFor(b.score);
    h.country = e.countries;
    h.programs = e.programs;
    h.federal_register_notice = e.federal_register_notice;
    h.start_date = e.start_date;
    h.license_requirement = e.license_requirement;
    h.license_policy = e.license_policy;
    h.fdp_footnote = en.fdp_footnote;
    if (opts.explain) ScoreNames(query, impl_->names[b.name].norm, &h.explanation);
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace exportctl::screen
