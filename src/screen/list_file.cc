// Format detection and file reading for the list parsers (see list_entry.h).
#include <fmt/format.h>

#include <filesystem>

#include "common/file.h"
#include "screen/csv_reader.h"
#include "screen/list_entry.h"

namespace exportctl::screen {

std::string_view ListFormatName(ListFormat format) {
  switch (format) {
    case ListFormat::kSdnCsv: return "sdn-csv";
    case ListFormat::kCslCsv: return "csl-csv";
    case ListFormat::kUnXml: return "un-xml";
  }
  return "csl-csv";
}

bool ListEntry::operator==(const ListEntry& o) const {
  return id == o.id && source == o.source && name == o.name && aliases == o.aliases &&
         type == o.type && countries == o.countries && addresses == o.addresses &&
         programs == o.programs && federal_register_notice == o.federal_register_notice &&
         start_date == o.start_date && license_requirement == o.license_requirement &&
         license_policy == o.license_policy;
}

Result<ParsedList> ParseListText(std::string_view text, const std::string& file) {
  size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n' || text[start] == '\r' ||
                                 text[start] == '\t' || text[start] == '\xEF' ||
                                 text[start] == '\xBB' || text[start] == '\xBF')) {
    ++start;
  }
  std::string_view head = text.substr(start, 200);
  if (head.empty()) return Error(ErrorCode::kParseError, "empty file", {file});
  if (head.front() == '<') return ParseUnXml(text, file);
  if (head.front() >= '0' && head.front() <= '9') return ParseSdnCsv(text, file);
  if (head.find("name") != std::string_view::npos) return ParseCslCsv(text, file);
  return Error(ErrorCode::kParseError,
               "unknown list format (expected OFAC SDN CSV, trade.gov CSL CSV or UN XML)",
               SourceLocation{file, 1});
}

Result<ParsedList> ParseListFile(const std::string& path) {
  auto text = detail::ReadFile(path);
  if (!text.ok()) return text.error();
  auto list = ParseListText(*text, path);
  if (!list.ok() || list->format != ListFormat::kSdnCsv) return list;
  namespace fs = std::filesystem;
  fs::path dir = fs::path(path).parent_path();
  std::error_code ec;
  if (fs::exists(dir / "alt.csv", ec)) {
    auto alt = detail::ReadFile((dir / "alt.csv").string());
    if (!alt.ok()) return alt.error();
    if (auto st = MergeSdnAliases(*alt, (dir / "alt.csv").string(), *list); !st.ok()) return st.error();
  }
  if (fs::exists(dir / "add.csv", ec)) {
    auto add = detail::ReadFile((dir / "add.csv").string());
    if (!add.ok()) return add.error();
    if (auto st = MergeSdnAddresses(*add, (dir / "add.csv").string(), *list); !st.ok()) {
      return st.error();
    }
  }
  return list;
}

}  // namespace exportctl::screen
