// Licence files: JSON, or TOML converted to the same JSON shape (docs/ledger.md, "Licence files").
#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "exportctl/ledger.h"
#include "ledger/model.h"

namespace exportctl {
namespace {

// The line of `field` ("items", "conditions.duty") in the file: from the TOML parse, or the first
// `"key"` of a JSON text. 0 when it cannot be placed.
int LineOf(const std::string& field, const std::string& text, const toml::table* table) {
  if (field.empty()) return 0;
  if (table) {
    if (toml::node_view<const toml::node> node = table->at_path(field); node) return int(node.node()->source().begin.line);
    return 0;
  }
  const std::string key = "\"" + field.substr(field.rfind('.') == std::string::npos ? 0 : field.rfind('.') + 1) + "\"";
  const std::size_t at = text.find(key);
  if (at == std::string::npos) return 0;
  return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(at), '\n'));
}

// `error` located in the file: at its field's line, or at the file.
Error Located(const Error& error, const std::string& path, const std::string& text, const toml::table* table) {
  if (!error.details().empty()) {
    std::vector<Error> each;
    for (const Error& d : error.details()) each.push_back(Located(d, path, text, table));
    return Error::Many(error.code(), std::move(each));
  }
  Error out(error.code(), error.message(), SourceLocation{path, LineOf(error.field(), text, table)});
  return error.field().empty() ? out : out.WithField(error.field());
}

}  // namespace

Result<Licence> LoadLicenceFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIoError, fmt::format("cannot read licence file `{}`", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::string json_text;
  toml::table table;
  const bool is_toml = path.ends_with(".toml");
  if (is_toml) {
    try {
      table = toml::parse(text, path);
      std::stringstream out;
      out << toml::json_formatter{table};
      json_text = out.str();
    } catch (const toml::parse_error& e) {
      const auto& where = e.source().begin;
      return Error(ErrorCode::kParseError, fmt::format("licence file: {}", e.description()),
                   SourceLocation{path, int(where.line), int(where.column)});
    }
  } else {
    json_text = std::move(text);
  }
  // Every check a licence gets when it is added, here too, so a bad file names the field's line.
  auto licence = LicenceFromJson(json_text);
  if (!licence) return Located(licence.error(), path, text, is_toml ? &table : nullptr);
  Licence normalized = *licence;
  if (auto s = ledger::NormalizeLicence(normalized); !s) return Located(s.error(), path, text, is_toml ? &table : nullptr);
  return licence;
}

}  // namespace exportctl
