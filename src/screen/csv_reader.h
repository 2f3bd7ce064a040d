// A strict RFC 4180 CSV reader that remembers where each record starts, for file:line errors.
// Quoted fields may span lines and contain "" escapes; CRLF and LF are both accepted; a trailing
// DOS end-of-file byte (0x1A, as in OFAC files) is ignored. Errors: an unterminated quote, text
// after a closing quote, invalid UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"

namespace exportctl::screen {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// `file` is used only in error locations.
Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, const std::string& file);

Result<std::string> ReadFileToString(const std::string& path);

}  // namespace exportctl::screen
