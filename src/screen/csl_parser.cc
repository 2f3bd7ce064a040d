// trade.gov Consolidated Screening List CSV: a header row naming the columns (_id, source,
// entity_number, type, programs, name, title, addresses, federal_register_notice, start_date, …,
// alt_names, citizenships, …). Columns are found by name; `name` is required, the rest optional.
// Multi-valued fields are ";"-separated. The bundled data/lists/*.csv files use this layout.
#include <fmt/format.h>

#include <unordered_map>

#include "exportctl/date.h"
#include "screen/csv_reader.h"
#include "screen/list_entry.h"

namespace exportctl::screen {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t semi = s.find(';');
    std::string_view part = Trim(s.substr(0, semi));
    if (!part.empty()) out.emplace_back(part);
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return out;
}

PartyType CslType(std::string_view t) {
  if (t == "Individual" || t == "individual") return PartyType::kPerson;
  if (t == "Vessel" || t == "vessel") return PartyType::kVessel;
  if (t == "Aircraft" || t == "aircraft") return PartyType::kAircraft;
  return PartyType::kEntity;
}

// The country of each address: the text after its last comma ("…, Yerevan, Armenia, AM" → "AM").
std::string AddressCountries(const std::vector<std::string>& addresses) {
  std::string out;
  for (const std::string& a : addresses) {
    size_t comma = a.rfind(',');
    std::string_view country = Trim(comma == std::string::npos ? std::string_view(a)
                                                                : std::string_view(a).substr(comma + 1));
    if (country.empty() || out.find(country) != std::string::npos) continue;
    if (!out.empty()) out += "; ";
    out += country;
  }
  return out;
}

}  // namespace

Result<ParsedList> ParseCslCsv(std::string_view text, const std::string& file) {
  auto records = ReadCsv(text, file);
  if (!records.ok()) return records.error();
  if (records->empty()) return Error(ErrorCode::kParseError, "empty file", {file});
  const CsvRecord& header = records->front();
  std::unordered_map<std::string, size_t> col;
  for (size_t i = 0; i < header.fields.size(); ++i) col[header.fields[i]] = i;
  if (!col.count("name")) {
    return Error(ErrorCode::kParseError, "header has no `name` column (not a CSL file?)",
                 SourceLocation{file, header.line});
  }
  ParsedList list;
  list.format = ListFormat::kCslCsv;
  std::vector<Error> errors;
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& rec = (*records)[r];
    SourceLocation where{file, rec.line};
    if (rec.fields.size() != header.fields.size()) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("expected {} columns, found {}", header.fields.size(),
                                      rec.fields.size()),
                          where);
      if (errors.size() >= 50) break;
      continue;
    }
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return it == col.end() ? std::string() : std::string(Trim(rec.fields[it->second]));
    };
    ListEntry e;
    e.name = get("name");
    if (e.name.empty()) {
      errors.emplace_back(ErrorCode::kParseError, "empty name", where);
      continue;
    }
    e.id = get("_id");
    if (e.id.empty()) e.id = get("entity_number");
    if (e.id.empty()) e.id = fmt::format("line-{}", rec.line);
    e.source = get("source");
    e.type = CslType(get("type"));
    e.programs = get("programs");
    e.aliases = SplitList(get("alt_names"));
    std::vector<std::string> addresses = SplitList(get("addresses"));
    for (const std::string& a : addresses) {
      if (!e.addresses.empty()) e.addresses += "; ";
      e.addresses += a;
    }
    e.countries = AddressCountries(addresses);
    e.federal_register_notice = get("federal_register_notice");
    e.start_date = get("start_date");
    if (!e.start_date.empty() && !Date::Parse(e.start_date).ok()) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("start_date `{}` is not YYYY-MM-DD", e.start_date), where);
      continue;
    }
    e.license_requirement = get("license_requirement");
    e.license_policy = get("license_policy");
    e.remarks = get("remarks");
    e.source_url = get("source_information_url");
    if (e.source_url.empty()) e.source_url = get("source_list_url");
    e.line = rec.line;
    list.entries.push_back(std::move(e));
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(errors));
  return list;
}

}  // namespace exportctl::screen
