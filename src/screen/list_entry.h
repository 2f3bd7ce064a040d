// ListEntry: one party on a restricted-party list, as every parser produces it, and ParsedList,
// one parsed list file. Plain values; the index and the store work only with these.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"
#include "exportctl/screen.h"
#include "screen/normalize.h"  // QuoteWeakAlias

namespace exportctl::screen {

struct ListEntry {
  std::string id;                   // SDN ent_num, CSL _id, UN DATAID
  std::string source;               // e.g. "Specially Designated Nationals (SDN) - Treasury Department"
  std::string name;                 // primary name, as published (SDN persons "SURNAME, Given")
  // a.k.a., f.k.a., alt names, names in original script. A weak (low-quality) alias is kept in
  // OFAC's notation, between single quotes ('EL SENOR'): see IsWeakAlias().
  std::vector<std::string> aliases;
  PartyType type = PartyType::kEntity;
  std::string countries;            // ";"-separated
  std::string addresses;            // ";"-separated
  std::string programs;             // ";"-separated
  std::string federal_register_notice;
  std::string start_date;           // YYYY-MM-DD or ""
  std::string license_requirement;
  std::string license_policy;
  std::string source_url;
  std::string remarks;              // CSL `remarks` (the Entity List's footnotes are named there)
  int line = 0;                     // where the entry starts in its file

  bool operator==(const ListEntry& o) const;  // compares content, not the line
};

enum class ListFormat { kSdnCsv, kCslCsv, kUnXml };
std::string_view ListFormatName(ListFormat format);  // "sdn-csv", "csl-csv", "un-xml"

struct ParsedList {
  ListFormat format = ListFormat::kCslCsv;
  std::vector<ListEntry> entries;
};

// Each parser reports every bad row (up to 50) as "file:line: message" in one Error::Many.
// `file` is used only in error locations.
Result<ParsedList> ParseSdnCsv(std::string_view text, const std::string& file);
// OFAC's companion files: alt.csv (ent_num, alt_num, alt_type, alt_name, alt_remarks) adds aliases,
// add.csv (ent_num, add_num, address, city, country, remarks) adds addresses and countries.
Status MergeSdnAliases(std::string_view text, const std::string& file, ParsedList& list);
Status MergeSdnAddresses(std::string_view text, const std::string& file, ParsedList& list);
Result<ParsedList> ParseCslCsv(std::string_view text, const std::string& file);
Result<ParsedList> ParseUnXml(std::string_view text, const std::string& file);

// Reads `path`, detects its format from the content and parses it. For an SDN file, alt.csv and
// add.csv in the same directory are merged when present.
Result<ParsedList> ParseListFile(const std::string& path);
Result<ParsedList> ParseListText(std::string_view text, const std::string& file);

}  // namespace exportctl::screen
