// Licence files: JSON, or TOML converted to the same JSON shape (docs/ledger.md, "Licence files").
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "exportctl/ledger.h"

namespace exportctl {

Result<Licence> LoadLicenceFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIoError, fmt::format("cannot read licence file `{}`", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::string json_text;
  if (path.ends_with(".toml")) {
    try {
      toml::table table = toml::parse(text, path);
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
  auto licence = LicenceFromJson(json_text);
  if (!licence) return Error(licence.error().code(), licence.error().message(), SourceLocation{path});
  return licence;
}

}  // namespace exportctl
