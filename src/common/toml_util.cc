#include "common/toml_util.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

namespace exportctl::detail {

SourceLocation LocationOf(const toml::source_region& region, const std::string& file) {
  return SourceLocation{file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

SourceLocation LocationOf(const toml::node& node, const std::string& file) {
  return LocationOf(node.source(), file);
}

namespace {

// A TOML text's structure is bounded before the parser sees it: at most kMaxTomlDepth dotted-key
// parts and nested arrays/inline tables, so that neither toml++ nor the readers recurse without
// limit on a hostile file. Strings (basic, literal, multi-line) and comments are skipped.
constexpr int kMaxTomlDepth = 32;

std::optional<Error> TomlStructureProblem(std::string_view text, const std::string& file) {
  int line = 1, column = 0, depth = 0, dots = 0;
  bool in_value = false;  // after `=` on the current line, or inside a multi-line array
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      dots = 0;
      if (depth == 0) in_value = false;
      continue;
    }
    if (c == '#') {  // a comment runs to the end of the line
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      const std::string_view triple = c == '"' ? std::string_view("\"\"\"") : std::string_view("'''");
      const std::string_view close = text.substr(i, 3) == triple ? triple : text.substr(i, 1);
      i += close.size();
      while (i < text.size() && text.substr(i, close.size()) != close) {
        if (c == '"' && text[i] == '\\') ++i;  // an escape in a basic string
        if (i < text.size() && text[i] == '\n') {
          ++line;
          column = 0;
        }
        ++i;
      }
      i += close.size() - 1;
      continue;
    }
    if (c == '=' && depth == 0) {
      in_value = true;
      dots = 0;
    } else if (c == '.' && (!in_value || depth > 0)) {
      if (++dots >= kMaxTomlDepth)
        return Error(ErrorCode::kParseError, fmt::format("invalid TOML: a key has more than {} dotted parts", kMaxTomlDepth),
                     SourceLocation{file, line, column});
    } else if ((c == '[' && in_value) || c == '{') {
      if (++depth > kMaxTomlDepth)
        return Error(ErrorCode::kParseError,
                     fmt::format("invalid TOML: arrays and inline tables nest more than {} levels", kMaxTomlDepth),
                     SourceLocation{file, line, column});
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth > 0) {
      dots = 0;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<toml::table> ParseToml(std::string_view text, const std::string& file) {
  if (auto problem = TomlStructureProblem(text, file)) return *problem;
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return Error(ErrorCode::kParseError, fmt::format("invalid TOML: {}", e.description()),
                 LocationOf(e.source(), file));
  }
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

const toml::node* TableReader::Get(std::string_view key, bool required) {
  seen_.emplace_back(key);
  const toml::node* n = table_.get(key);
  if (!n && required) Fail(fmt::format("missing required key `{}`", key));
  return n;
}

void TableReader::Fail(const toml::node& at, std::string message) {
  if (!context_.empty()) message = context_ + ": " + message;
  errors_->emplace_back(ErrorCode::kInvalidData, std::move(message), LocationOf(at, file_));
}

void TableReader::Fail(std::string message) { Fail(table_, std::move(message)); }

std::optional<std::string> TableReader::String(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (auto v = n->value<std::string>(); v && n->is_string()) return *v;
  Fail(*n, fmt::format("`{}` must be a string", key));
  return std::nullopt;
}

std::optional<double> TableReader::Number(std::string_view key, bool required, bool non_negative) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (!n->is_number()) {
    Fail(*n, fmt::format("`{}` must be a number", key));
    return std::nullopt;
  }
  double v = *n->value<double>();
  if (!std::isfinite(v)) {
    Fail(*n, fmt::format("`{}` must be a finite number", key));
    return std::nullopt;
  }
  if (non_negative && v < 0) {
    Fail(*n, fmt::format("`{}` must not be negative (got {})", key, v));
    return std::nullopt;
  }
  return v;
}

std::optional<int> TableReader::Integer(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (!n->is_integer()) {
    Fail(*n, fmt::format("`{}` must be an integer", key));
    return std::nullopt;
  }
  int64_t v = *n->value<int64_t>();
  if (v < 0 || v > 1000000000) {
    Fail(*n, fmt::format("`{}` out of range (got {})", key, v));
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::optional<bool> TableReader::Bool(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) {
    Fail(*n, fmt::format("`{}` must be true or false", key));
    return std::nullopt;
  }
  return *n->value<bool>();
}

std::optional<Date> TableReader::DateValue(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return std::nullopt;
  if (n->is_date()) {
    toml::date d = *n->value<toml::date>();
    auto parsed = Date::Parse(fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day));
    if (parsed.ok()) return *parsed;
    Fail(*n, parsed.error().message());
    return std::nullopt;
  }
  if (n->is_string()) {
    auto parsed = Date::Parse(*n->value<std::string>());
    if (parsed.ok()) return *parsed;
    Fail(*n, fmt::format("`{}`: {}", key, parsed.error().message()));
    return std::nullopt;
  }
  Fail(*n, fmt::format("`{}` must be a date (YYYY-MM-DD)", key));
  return std::nullopt;
}

std::vector<std::string> TableReader::StringList(std::string_view key, bool required) {
  std::vector<std::string> out;
  const toml::node* n = Get(key, required);
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) {
    Fail(*n, fmt::format("`{}` must be an array of strings", key));
    return out;
  }
  for (const toml::node& item : *arr) {
    if (auto s = item.value<std::string>(); s && item.is_string()) {
      out.push_back(*s);
    } else {
      Fail(item, fmt::format("`{}` must contain only strings", key));
    }
  }
  return out;
}

const toml::table* TableReader::Table(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return nullptr;
  if (const toml::table* t = n->as_table()) return t;
  Fail(*n, fmt::format("`{}` must be a table", key));
  return nullptr;
}

const toml::array* TableReader::Array(std::string_view key, bool required) {
  const toml::node* n = Get(key, required);
  if (!n) return nullptr;
  if (const toml::array* a = n->as_array()) return a;
  Fail(*n, fmt::format("`{}` must be an array", key));
  return nullptr;
}

void TableReader::RejectUnknownKeys() {
  for (auto&& [key, node] : table_) {
    if (std::find(seen_.begin(), seen_.end(), key.str()) == seen_.end()) {
      std::string message = fmt::format("unknown key `{}`", key.str());
      if (!context_.empty()) message = context_ + ": " + message;
      errors_->emplace_back(ErrorCode::kInvalidData, std::move(message), LocationOf(key.source(), file_));
    }
  }
}

}  // namespace exportctl::detail
