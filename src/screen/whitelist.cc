#include "screen/whitelist.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "common/file.h"
#include "exportctl/date.h"
#include "screen/csv_reader.h"
#include "screen/normalize.h"

namespace exportctl::screen {
namespace {

constexpr const char* kHeader = "party,list,entry_id,reason,reviewer,date";

std::string PartyKey(std::string_view party) { return NormalizeName(party).joined; }

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result<Whitelist> Whitelist::Load(const std::string& path) {
  Whitelist w;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return w;
  auto text = detail::ReadFile(path);
  if (!text.ok()) return text.error();
  auto rows = ReadCsv(*text, path);
  if (!rows.ok()) return rows.error();
  std::vector<Error> errors;
  for (size_t i = 0; i < rows->size(); ++i) {
    const CsvRecord& r = (*rows)[i];
    if (i == 0 && !r.fields.empty() && r.fields[0] == "party") continue;
    if (r.fields.size() != 6) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("expected 6 columns ({}), found {}", kHeader, r.fields.size()),
                          SourceLocation{path, r.line});
      continue;
    }
    WhitelistEntry e{r.fields[0], r.fields[1], r.fields[2], r.fields[3], r.fields[4], r.fields[5]};
    w.keys_.push_back(PartyKey(e.party));
    w.entries_.push_back(std::move(e));
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(errors));
  return w;
}

Status Whitelist::Append(const std::string& path, const WhitelistEntry& entry) {
  for (const auto& [field, value] :
       {std::pair{"party", &entry.party}, {"list", &entry.list}, {"entry", &entry.entry_id},
        {"reason", &entry.reason}, {"reviewer", &entry.reviewer}}) {
    if (value->empty()) {
      return Error(ErrorCode::kInvalidArgument, fmt::format("whitelist entry needs a {}", field));
    }
  }
  if (!Date::Parse(entry.date).ok()) {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("date `{}` is not YYYY-MM-DD", entry.date));
  }
  auto current = Load(path);
  if (!current.ok()) return current.error();
  std::string out = std::string(kHeader) + "\n";
  auto line = [](const WhitelistEntry& e) {
    return fmt::format("{},{},{},{},{},{}\n", Quote(e.party), Quote(e.list), Quote(e.entry_id),
                       Quote(e.reason), Quote(e.reviewer), Quote(e.date));
  };
  for (const WhitelistEntry& e : current->entries_) out += line(e);
  out += line(entry);
  std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::filesystem::path tmp = p;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << out;
    f.flush();
    if (!f) return Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", tmp.string()));
  }
  std::filesystem::rename(tmp, p, ec);
  if (ec) return Error(ErrorCode::kIoError, fmt::format("cannot replace `{}`", path));
  return Ok{};
}

int Whitelist::Apply(std::string_view party, std::vector<ScreeningHit>& hits) const {
  if (entries_.empty()) return 0;
  std::string key = PartyKey(party);
  int n = 0;
  for (ScreeningHit& h : hits) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      const WhitelistEntry& e = entries_[i];
      if (keys_[i] == key && e.list == h.list && e.entry_id == h.entry_id) {
        h.band = Band::kClear;
        h.explanation.whitelisted =
            fmt::format("cleared by {} on {}: {}", e.reviewer, e.date, e.reason);
        ++n;
        break;
      }
    }
  }
  return n;
}

}  // namespace exportctl::screen
