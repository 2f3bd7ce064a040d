// ListStore: the local store of imported list versions under <home>/lists.
//
// Layout, per list id:  <home>/lists/<id>/v<N>.csv   the parsed list, rewritten in CSL CSV layout
//                       <home>/lists/<id>/v<N>.json  metadata: source file, format, SHA-256 of the
//                                                    source bytes, entry count, import time
//                       <home>/lists/<id>/CURRENT    "v<N>": the version in use
// Import parses the whole file first (nothing is written for a bad file), then writes the version
// files and finally replaces CURRENT, each through a temporary file + fsync + rename, so a failed or
// interrupted import leaves the previous version in use. Old versions are kept for `lists diff`.
// Not safe for concurrent imports into the same store (one writer); readers are always safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"
#include "exportctl/screen.h"
#include "screen/list_entry.h"

namespace exportctl::screen {

// What an import may accept. A file is validated completely before a version is created: UTF-8
// text without NUL bytes, every row parsed, the stored form read back as the loader will read it,
// the format the list id expects (sdn: OFAC SDN CSV, csl: CSL CSV, un: UN XML), and no drop of more
// than a tenth of the entries of the version in use unless `allow_shrink`.
struct ImportOptions {
  bool allow_shrink = false;
};

// The format a well-known list id must come in (sdn, csl, un), or nullopt for other ids.
std::optional<ListFormat> ExpectedFormat(std::string_view id);

class ListStore {
 public:
  explicit ListStore(std::string root) : root_(std::move(root)) {}

  // `id`: [a-z0-9-]+. `now_utc`: ISO-8601 time recorded as the import time. A refused import
  // changes nothing.
  Result<ListInfo> Import(const std::string& path, const std::string& id, const std::string& now_utc,
                          const ImportOptions& options = {});
  // The current version of every list, sorted by id. A missing store is an empty list.
  Result<std::vector<ListInfo>> Status() const;
  // Reads "id" (current version) or "id@vN" from the store.
  Result<ParsedList> Read(const std::string& ref) const;

  const std::string& root() const { return root_; }

 private:
  std::string root_;
};

// Status of the bundled lists: every *.csv / *.xml file in `lists_dir` (origin "bundled").
Result<std::vector<ListInfo>> BundledListsStatus(const std::string& lists_dir);

// Writes entries in CSL CSV layout (the store's format; also used by the tests).
std::string WriteCslCsv(const std::vector<ListEntry>& entries);

// Differences between two versions of a list, by entry id.
struct ListDiff {
  std::vector<ListEntry> added, removed;
  std::vector<std::pair<ListEntry, ListEntry>> changed;  // (old, new)
};
ListDiff DiffLists(const ParsedList& old_list, const ParsedList& new_list);

}  // namespace exportctl::screen
