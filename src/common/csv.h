// A small RFC 4180 CSV reader: quoted fields, doubled quotes, embedded newlines and commas, CRLF.
// Reads one record at a time from a string buffer and reports the 1-based line it started on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"

namespace exportctl::detail {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // UTF-8 byte-order mark
  }
  // Reads the next record into *fields. Returns false at the end of input. A malformed record
  // (an unterminated quote, text after a closing quote) sets *error and returns true.
  bool Next(std::vector<std::string>* fields, std::string* error);
  int record_line() const { return record_line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 0;
};

// Quotes a field for CSV output when needed.
std::string CsvEscape(std::string_view field);

}  // namespace exportctl::detail
