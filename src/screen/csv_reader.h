// Whole-file CSV reading for list files: every record with the line it starts on, through the one
// CSV reader (common/csv.h), plus the checks a list file needs. Errors (file:line): an unterminated
// quote, text after a closing quote, invalid UTF-8 (a file in the wrong encoding).
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

// `file` is used only in error locations. Reports up to 50 bad records, then stops.
Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, const std::string& file);

}  // namespace exportctl::screen
