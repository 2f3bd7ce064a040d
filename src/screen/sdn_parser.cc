// OFAC SDN CSV (sdn.csv, no header): ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
// Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. "-0-" marks an empty field. Aliases are
// written inside the remarks: "a.k.a. 'NAME'; f.k.a. 'OTHER'; n.k.a. 'NEW'". Those are OFAC's weak
// (low-quality) a.k.a.s (OFAC FAQ 123: "weak AKAs are listed in the Remarks field … bracketed by
// quotation marks"); they keep their quotes. Strong aliases come from alt.csv, without quotes.
#include <fmt/format.h>

#include <charconv>
#include <functional>
#include <unordered_map>

#include "screen/csv_reader.h"
#include "screen/list_entry.h"

namespace exportctl::screen {
namespace {

constexpr size_t kSdnColumns = 12;
constexpr std::string_view kSdnSource = "Specially Designated Nationals (SDN) - Treasury Department";

std::string Clean(std::string_view field) {
  while (!field.empty() && (field.back() == ' ' || field.back() == '\t')) field.remove_suffix(1);
  while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
  if (field == "-0-") return "";
  return std::string(field);
}

bool IsInteger(std::string_view s) {
  if (s.empty()) return false;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Every alias quoted after "a.k.a. ", "f.k.a. " or "n.k.a. " in an SDN remarks field.
std::vector<std::string> AliasesInRemarks(std::string_view remarks) {
  std::vector<std::string> out;
  for (std::string_view marker : {"a.k.a. '", "f.k.a. '", "n.k.a. '"}) {
    size_t pos = 0;
    while ((pos = remarks.find(marker, pos)) != std::string_view::npos) {
      size_t start = pos + marker.size();
      // The closing quote is one followed by a separator (names contain apostrophes: ABU-'UMAR).
      size_t end = start;
      while (true) {
        end = remarks.find('\'', end);
        if (end == std::string_view::npos) break;
        char next = end + 1 < remarks.size() ? remarks[end + 1] : ';';
        if (next == ';' || next == '.' || next == ',' || next == ')' || next == ' ') break;
        ++end;
      }
      if (end == std::string_view::npos) break;
      // Kept in OFAC's own notation: quoted, which marks a weak (low-quality) alias.
      if (end > start) out.push_back(QuoteWeakAlias(remarks.substr(start, end - start)));
      pos = end;
    }
  }
  return out;
}

PartyType SdnType(std::string_view t) {
  if (t == "individual") return PartyType::kPerson;
  if (t == "vessel") return PartyType::kVessel;
  if (t == "aircraft") return PartyType::kAircraft;
  return PartyType::kEntity;
}

}  // namespace

Result<ParsedList> ParseSdnCsv(std::string_view text, const std::string& file) {
  auto records = ReadCsv(text, file);
  if (!records.ok()) return records.error();
  ParsedList list;
  list.format = ListFormat::kSdnCsv;
  std::vector<Error> errors;
  for (const CsvRecord& rec : *records) {
    SourceLocation where{file, rec.line};
    if (rec.fields.size() != kSdnColumns) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("expected {} columns, found {}", kSdnColumns, rec.fields.size()),
                          where);
      continue;
    }
    std::string id = Clean(rec.fields[0]);
    if (!IsInteger(id)) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("ent_num `{}` is not an integer", rec.fields[0]), where);
      continue;
    }
    ListEntry e;
    e.id = id;
    e.source = kSdnSource;
    e.name = Clean(rec.fields[1]);
    if (e.name.empty()) {
      errors.emplace_back(ErrorCode::kParseError, fmt::format("entry `{}` has no name", id), where);
      continue;
    }
    e.type = SdnType(Clean(rec.fields[2]));
    e.programs = Clean(rec.fields[3]);
    for (char& c : e.programs) {
      if (c == ']' || c == '[') c = ' ';
    }
    std::string remarks = Clean(rec.fields[11]);
    e.aliases = AliasesInRemarks(remarks);
    e.line = rec.line;
    e.source_url = "https://sanctionssearch.ofac.treas.gov/";
    list.entries.push_back(std::move(e));
    if (errors.size() >= 50) break;
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(errors));
  if (list.entries.empty()) {
    return Error(ErrorCode::kParseError, "no entries (empty or truncated file?)", {file});
  }
  return list;
}

namespace {

Status MergeSdnCompanion(std::string_view text, const std::string& file, ParsedList& list,
                         size_t columns,
                         const std::function<void(ListEntry&, const CsvRecord&)>& merge) {
  auto records = ReadCsv(text, file);
  if (!records.ok()) return records.error();
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < list.entries.size(); ++i) by_id[list.entries[i].id] = i;
  std::vector<Error> errors;
  for (const CsvRecord& rec : *records) {
    if (rec.fields.size() < columns) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("expected {} columns, found {}", columns, rec.fields.size()),
                          SourceLocation{file, rec.line});
      continue;
    }
    auto it = by_id.find(Clean(rec.fields[0]));
    if (it == by_id.end()) {
      errors.emplace_back(ErrorCode::kInvalidData,
                          fmt::format("ent_num `{}` is not in the SDN file", rec.fields[0]),
                          SourceLocation{file, rec.line});
      continue;
    }
    merge(list.entries[it->second], rec);
    if (errors.size() >= 50) break;
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(errors));
  return Ok{};
}

void AppendList(std::string& to, const std::string& value) {
  if (value.empty()) return;
  if (!to.empty()) to += "; ";
  to += value;
}

}  // namespace

Status MergeSdnAliases(std::string_view text, const std::string& file, ParsedList& list) {
  return MergeSdnCompanion(text, file, list, 4, [](ListEntry& e, const CsvRecord& rec) {
    std::string alias = Clean(rec.fields[3]);
    if (!alias.empty()) e.aliases.push_back(std::move(alias));
  });
}

Status MergeSdnAddresses(std::string_view text, const std::string& file, ParsedList& list) {
  return MergeSdnCompanion(text, file, list, 5, [](ListEntry& e, const CsvRecord& rec) {
    std::string address = Clean(rec.fields[2]);
    std::string city = Clean(rec.fields[3]);
    std::string country = Clean(rec.fields[4]);
    std::string full = address;
    if (!city.empty()) full += (full.empty() ? "" : ", ") + city;
    if (!country.empty()) full += (full.empty() ? "" : ", ") + country;
    AppendList(e.addresses, full);
    if (!country.empty() && e.countries.find(country) == std::string::npos) {
      AppendList(e.countries, country);
    }
  });
}

}  // namespace exportctl::screen
