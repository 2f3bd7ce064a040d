#include "screen/csv_reader.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "screen/normalize.h"

namespace exportctl::screen {

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, const std::string& file) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF) {
    text.remove_prefix(3);  // UTF-8 byte-order mark
  }
  while (!text.empty() && text.back() == '\x1a') text.remove_suffix(1);  // DOS end-of-file marker
  std::vector<CsvRecord> records;
  std::vector<Error> errors;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    // Skip blank lines and the DOS end-of-file marker.
    if (text[i] == '\n' || text[i] == '\r' || text[i] == '\x1a') {
      if (text[i] == '\n') ++line;
      ++i;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    std::string field;
    bool done = false;
    bool bad = false;
    while (!done) {
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field += '"';
              ++i;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        }
        if (!closed) {
          errors.emplace_back(ErrorCode::kParseError, "unterminated quoted field (truncated file?)",
                              SourceLocation{file, rec.line});
          return Error::Many(ErrorCode::kParseError, std::move(errors));
        }
        // Only a separator may follow a closing quote; OFAC pads with spaces, which we allow.
        while (i < text.size() && text[i] == ' ') ++i;
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (!bad) {
            errors.emplace_back(ErrorCode::kParseError, "unexpected text after a closing quote",
                                SourceLocation{file, line});
          }
          bad = true;
          while (i < text.size() && text[i] != ',' && text[i] != '\n') ++i;
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          field += text[i++];
        }
      }
      if (i >= text.size()) {
        done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < text.size() && text[i] == '\n') {
          ++i;
          ++line;
        }
        done = true;
      }
      if (!IsValidUtf8(field) && !bad) {
        errors.emplace_back(ErrorCode::kParseError, "invalid UTF-8 (wrong encoding?)",
                            SourceLocation{file, rec.line});
        bad = true;
      }
      rec.fields.push_back(std::move(field));
      field.clear();
    }
    if (!bad) records.push_back(std::move(rec));
    if (errors.size() >= 50) break;
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(errors));
  return records;
}

Result<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIoError, fmt::format("cannot open `{}`", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error(ErrorCode::kIoError, fmt::format("cannot read `{}`", path));
  return ss.str();
}

}  // namespace exportctl::screen
