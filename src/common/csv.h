// The one RFC 4180 CSV reader (orders, licences, restricted-party lists): quoted fields, doubled
// quotes, embedded newlines and commas, CRLF or LF. Tolerates what real list files contain: a UTF-8
// byte-order mark, spaces between a closing quote and the separator (OFAC pads), and a trailing DOS
// end-of-file byte (0x1A). Reads one record at a time from a string buffer and reports the 1-based
// line it started on; blank lines are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/error.h"

namespace exportctl::detail {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;              // UTF-8 byte-order mark
    while (text_.ends_with('\x1a')) text_.remove_suffix(1);  // DOS end-of-file marker
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
