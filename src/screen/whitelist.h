// Whitelist: cleared false positives. Each row clears exactly one (party, list, entry id) pair, with
// the reason, the reviewer and the date of the decision; a cleared hit stays visible but moves to
// the clear band and its explanation says who cleared it and why.
//
// File: <home>/whitelist.csv, header `party,list,entry_id,reason,reviewer,date`. Parties compare by
// normalised name (case, punctuation, script and legal-form spelling do not matter).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"
#include "exportctl/screen.h"

namespace exportctl::screen {

struct WhitelistEntry {
  std::string party, list, entry_id, reason, reviewer, date;
};

class Whitelist {
 public:
  // A missing file is an empty whitelist. Errors name file:line.
  static Result<Whitelist> Load(const std::string& path);
  // Validates the entry (all fields but none empty; date YYYY-MM-DD) and rewrites the file
  // atomically with the entry appended.
  static Status Append(const std::string& path, const WhitelistEntry& entry);

  // Moves whitelisted hits of `party` to Band::kClear and records why; returns how many.
  int Apply(std::string_view party, std::vector<ScreeningHit>& hits) const;

  const std::vector<WhitelistEntry>& entries() const { return entries_; }

 private:
  std::vector<WhitelistEntry> entries_;
  std::vector<std::string> keys_;  // normalised party of each entry
};

}  // namespace exportctl::screen
