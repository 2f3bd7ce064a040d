// Whitelist: the clearances in force — screening hits judged false. Each entry clears exactly one
// (party, list, entry id) pair; a cleared hit stays visible but moves to the clear band, and its
// explanation says who cleared it, who approved it and why.
//
// The clearances themselves live in the ledger (Ledger::Clearances: four eyes, audited); this is
// the screener's immutable in-memory view of them. Parties compare by normalised name (case,
// punctuation, script and legal-form spelling do not matter). Thread-safe after construction.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/date.h"
#include "exportctl/error.h"
#include "exportctl/screen.h"

namespace exportctl::screen {

struct WhitelistEntry {
  std::int64_t id = 0;           // the ledger's clearance number
  std::string party, list, entry_id, reason;
  std::string requested_by, approved_by;  // approved_by "" when approvals were switched off
  std::string recorded_at;
  std::optional<Date> expires;   // exclusive; none: until revoked
};

class Whitelist {
 public:
  Whitelist() = default;
  // approvals_off: the ledger applies changes without a second approver (a one-person desk).
  explicit Whitelist(std::vector<WhitelistEntry> entries, bool approvals_off = false);

  // Moves the hits of `party` cleared on `as_of` (not yet expired) to Band::kClear and records why
  // in explanation.whitelisted; returns how many.
  int Apply(std::string_view party, std::vector<ScreeningHit>& hits, Date as_of) const;
  // Why `hit` of `party` is cleared on `as_of`, or "" when it is not.
  std::string ClearanceOf(std::string_view party, const ScreeningHit& hit, Date as_of) const;

  // SHA-256 (hex) over every entry's id, party, list, entry id and expiry, and whether approvals
  // are off: part of each decision id answered with these clearances. "" when there are none and
  // approvals are on.
  const std::string& fingerprint() const { return fingerprint_; }
  const std::vector<WhitelistEntry>& entries() const { return entries_; }
  bool approvals_off() const { return approvals_off_; }

 private:
  bool approvals_off_ = false;
  std::vector<WhitelistEntry> entries_;
  std::vector<std::string> keys_;  // normalised party of each entry
  std::string fingerprint_;
};

// Reads clearances to import from CSV text: a header naming at least party, list, entry_id and
// reason (expires optional, YYYY-MM-DD); the columns of the older whitelist.csv (reviewer, date)
// are accepted and kept in the reason. Errors name file:line.
struct ClearanceRow {
  int line = 0;  // of the CSV file
  WhitelistEntry entry;
};
Result<std::vector<ClearanceRow>> ReadClearancesCsv(std::string_view text, const std::string& path);

}  // namespace exportctl::screen
