#include "common/csv.h"

namespace exportctl::detail {

bool CsvReader::Next(std::vector<std::string>* fields, std::string* error) {
  fields->clear();
  error->clear();
  // Skip blank lines between records.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::string field;
  for (;;) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      for (;;) {
        if (pos_ >= text_.size()) {
          *error = "unterminated quoted field (truncated file?)";
          fields->push_back(std::move(field));
          return true;
        }
        char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++line_;
        field += c;
      }
      while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;  // OFAC pads after the quote
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') {
        *error = "unexpected text after a closing quote";
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        fields->push_back(std::move(field));
        return true;
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') field += text_[pos_++];
    }
    fields->push_back(std::move(field));
    field.clear();
    if (pos_ >= text_.size()) return true;
    char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == '\r') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    return true;
  }
}

std::string CsvEscape(std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace exportctl::detail
