// JsonWriter: writes JSON text straight into a string, for answers on the hot path (a check's
// decision is ~4 KB; building a nlohmann tree of it and then printing it cost more than deciding).
//
// Contract
// - The caller opens and closes objects and arrays in a valid order; Key() precedes every value
//   inside an object. Nesting deeper than kMaxDepth is a programming error (checked in debug).
// - Text is written as nlohmann::json::dump(-1, ' ', false, error_handler_t::replace) writes it:
//   UTF-8 kept as is, `"` `\` and control characters escaped (\b \f \n \r \t, else \u00XX), every
//   invalid UTF-8 sequence replaced by U+FFFD. Doubles in nlohmann's shortest round-trip form
//   (integral values with ".0"; not finite: null); integers as integers.
// - Key order is the caller's: the mappings in this directory write keys sorted byte-wise, as a
//   nlohmann object prints them, so an answer reads the same whichever way it was made.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exportctl::detail {

class JsonWriter {
 public:
  static constexpr int kMaxDepth = 64;
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view s);
  JsonWriter& Number(double v);
  JsonWriter& Int(std::int64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Already-valid JSON text (e.g. a record written by another writer), inserted as one value.
  JsonWriter& Raw(std::string_view json);

  // Shorthands for the common shapes.
  JsonWriter& StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }
  JsonWriter& Number(const std::optional<double>& v) { return v ? Number(*v) : Null(); }
  JsonWriter& Strings(const std::vector<std::string>& items);

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void BeforeValue();

  std::string* out_;
  int depth_ = 0;
  bool after_key_ = false;
  std::uint64_t has_items_ = 0;  // bit d: the container at depth d already has an item
};

// `s` as a JSON string literal (quotes included), appended to *out.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace exportctl::detail
