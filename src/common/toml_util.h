// Helpers for reading validated data files with toml++: locations and typed field access that
// collect every error (with file:line:col) instead of stopping at the first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "common/file.h"  // every TOML loader reads files
#include "exportctl/date.h"
#include "exportctl/error.h"

namespace exportctl::detail {

SourceLocation LocationOf(const toml::node& node, const std::string& file);
SourceLocation LocationOf(const toml::source_region& region, const std::string& file);

// Parses TOML text; on a syntax error returns kParseError at the error's position.
Result<toml::table> ParseToml(std::string_view text, const std::string& file);

// Escapes text for XML/SVG/HTML content and attribute values.
std::string XmlEscape(std::string_view s);

// Reads typed fields out of one TOML table, remembering which keys were read, and collects errors.
class TableReader {
 public:
  TableReader(const toml::table& table, const std::string& file, std::vector<Error>* errors,
              std::string context = {})
      : table_(table), file_(file), errors_(errors), context_(std::move(context)) {}

  std::optional<std::string> String(std::string_view key, bool required = false);
  std::optional<double> Number(std::string_view key, bool required = false, bool non_negative = true);
  std::optional<int> Integer(std::string_view key, bool required = false);
  std::optional<bool> Bool(std::string_view key, bool required = false);
  std::optional<Date> DateValue(std::string_view key, bool required = false);
  std::vector<std::string> StringList(std::string_view key, bool required = false);
  const toml::table* Table(std::string_view key, bool required = false);
  const toml::array* Array(std::string_view key, bool required = false);

  // Reports every key of the table that no accessor asked for.
  void RejectUnknownKeys();
  void Fail(const toml::node& at, std::string message);
  void Fail(std::string message);  // at the table itself

  const toml::table& table() const { return table_; }
  const std::string& file() const { return file_; }
  std::vector<Error>* errors() { return errors_; }

 private:
  const toml::node* Get(std::string_view key, bool required);
  const toml::table& table_;
  const std::string& file_;
  std::vector<Error>* errors_;
  std::string context_;
  std::vector<std::string> seen_;
};

}  // namespace exportctl::detail
