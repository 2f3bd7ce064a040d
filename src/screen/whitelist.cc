#include "screen/whitelist.h"

#include <fmt/format.h>

#include "common/sha256.h"
#include "screen/csv_reader.h"
#include "screen/normalize.h"

namespace exportctl::screen {
namespace {

std::string PartyKey(std::string_view party) { return NormalizeName(party).joined; }

}  // namespace

Whitelist::Whitelist(std::vector<WhitelistEntry> entries, bool approvals_off)
    : approvals_off_(approvals_off), entries_(std::move(entries)) {
  std::string all = approvals_off ? "approvals off\x1e" : "";
  for (const WhitelistEntry& e : entries_) {
    keys_.push_back(PartyKey(e.party));
    all += fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1e", e.id, e.party, e.list, e.entry_id,
                       e.expires ? e.expires->ToString() : "");
  }
  if (!all.empty()) fingerprint_ = detail::Sha256Hex(all);
}

std::string Whitelist::ClearanceOf(std::string_view party, const ScreeningHit& h, Date as_of) const {
  if (entries_.empty()) return "";
  const std::string key = PartyKey(party);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const WhitelistEntry& e = entries_[i];
    if (keys_[i] != key || e.list != h.list || e.entry_id != h.entry_id) continue;
    if (e.expires && !(as_of < *e.expires)) continue;
    return fmt::format("clearance #{} requested by {}, {} on {}: {}{}", e.id, e.requested_by,
                       e.approved_by.empty() ? "applied without a second approver (approvals off)"
                                             : "approved by " + e.approved_by,
                       e.recorded_at.substr(0, 10), e.reason,
                       e.expires ? fmt::format(" (until {})", e.expires->ToString()) : "");
  }
  return "";
}

int Whitelist::Apply(std::string_view party, std::vector<ScreeningHit>& hits, Date as_of) const {
  int n = 0;
  for (ScreeningHit& h : hits) {
    std::string why = ClearanceOf(party, h, as_of);
    if (why.empty()) continue;
    h.band = Band::kClear;
    h.explanation.whitelisted = std::move(why);
    ++n;
  }
  return n;
}

Result<std::vector<ClearanceRow>> ReadClearancesCsv(std::string_view text, const std::string& path) {
  auto rows = ReadCsv(text, path);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return Error(ErrorCode::kParseError, "no header row", SourceLocation{path, 1});
  const CsvRecord& header = rows->front();
  auto column = [&](std::string_view name) -> int {
    for (std::size_t i = 0; i < header.fields.size(); ++i)
      if (header.fields[i] == name) return int(i);
    return -1;
  };
  const int party = column("party"), list = column("list"), entry = column("entry_id"), reason = column("reason"),
            expires = column("expires"), reviewer = column("reviewer"), date = column("date");
  if (party < 0 || list < 0 || entry < 0 || reason < 0)
    return Error(ErrorCode::kParseError, "the header must name party, list, entry_id and reason (expires optional)",
                 SourceLocation{path, header.line});
  std::vector<ClearanceRow> out;
  std::vector<Error> errors;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const CsvRecord& r = (*rows)[i];
    if (r.fields.size() != header.fields.size()) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("expected {} columns, found {}", header.fields.size(), r.fields.size()),
                          SourceLocation{path, r.line});
      continue;
    }
    WhitelistEntry e;
    e.party = r.fields[party];
    e.list = r.fields[list];
    e.entry_id = r.fields[entry];
    e.reason = r.fields[reason];
    if (reviewer >= 0 && !r.fields[reviewer].empty())
      e.reason += fmt::format(" (reviewed by {}{})", r.fields[reviewer], date >= 0 ? " on " + r.fields[date] : "");
    if (expires >= 0 && !r.fields[expires].empty()) {
      auto d = Date::Parse(r.fields[expires]);
      if (!d) {
        errors.emplace_back(ErrorCode::kParseError, fmt::format("expires `{}` is not YYYY-MM-DD", r.fields[expires]),
                            SourceLocation{path, r.line});
        continue;
      }
      e.expires = *d;
    }
    out.push_back({r.line, std::move(e)});
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(errors));
  return out;
}

}  // namespace exportctl::screen
