// UN Security Council consolidated list XML (CONSOLIDATED_LIST / INDIVIDUALS / INDIVIDUAL and
// ENTITIES / ENTITY), read with expat. Names: FIRST_NAME … FOURTH_NAME joined, NAME_ORIGINAL_SCRIPT
// and every *_ALIAS/ALIAS_NAME as aliases (one field may hold several: SplitAlternativeNames);
// LISTED_ON is the start date; UN_LIST_TYPE the programme.
#include <expat.h>
#include <fmt/format.h>

#include <cctype>
#include <climits>
#include <string_view>
#include <vector>

#include "screen/list_entry.h"

namespace exportctl::screen {
namespace {

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// One ALIAS_NAME or NAME_ORIGINAL_SCRIPT sometimes holds several names: "Mortaza Rezaie; Mortaza
// Rezai; Morteza Rezai", "Mohammed Sabet b) M. Javad Kareemi Sabet", "أبو بكر البغدادي (Abu Bakr
// al-Baghdadi; …)". Each becomes a name of its own: split at semicolons, at enumeration marks
// (" b) "), and a parenthesis holding a semicolon-separated list gives its names besides the text
// before it. Any other parenthesis stays part of the name ("Deutsche Bank (Schweiz) AG").
std::vector<std::string> SplitAlternativeNames(std::string_view value) {
  std::vector<std::string> names;
  auto add = [&](std::string_view piece) {
    piece = Trimmed(piece);
    // Enumeration marks: a lone letter and ")" at the start or after a space.
    for (size_t at = 0; at + 2 <= piece.size();) {
      const bool mark = std::islower(static_cast<unsigned char>(piece[at])) && piece[at + 1] == ')' &&
                        (at == 0 || piece[at - 1] == ' ') && (at + 2 == piece.size() || piece[at + 2] == ' ');
      if (!mark) {
        ++at;
        continue;
      }
      if (std::string_view before = Trimmed(piece.substr(0, at)); !before.empty()) names.emplace_back(before);
      piece = Trimmed(piece.substr(at + 2));
      at = 0;
    }
    if (!piece.empty()) names.emplace_back(piece);
  };
  const size_t open = value.find('(');
  const size_t close = open == std::string_view::npos ? open : value.find(')', open);
  if (close != std::string_view::npos && value.substr(open, close - open).find(';') != std::string_view::npos) {
    add(value.substr(0, open));
    value = value.substr(open + 1, close - open - 1);
  }
  while (!value.empty()) {
    const size_t semi = value.find(';');
    add(value.substr(0, semi));
    if (semi == std::string_view::npos) break;
    value.remove_prefix(semi + 1);
  }
  return names;
}

struct UnState {
  std::string file;
  XML_Parser parser = nullptr;
  ParsedList list;
  std::vector<Error> errors;
  std::vector<std::string> path;  // open elements
  std::string text;               // character data of the innermost element
  bool in_entry = false;
  bool alias_low_quality = false;  // the current alias's <QUALITY> is "Low"
  ListEntry entry;
  std::string names[4];

  static void Append(std::string& to, std::string_view value) {
    if (value.empty() || to.find(value) != std::string::npos) return;
    if (!to.empty()) to += "; ";
    to += value;
  }

  void Start(const char* name) {
    std::string_view n(name);
    path.emplace_back(n);
    text.clear();
    if ((n == "INDIVIDUAL" || n == "ENTITY") && !in_entry) {
      in_entry = true;
      entry = ListEntry{};
      for (auto& s : names) s.clear();
      entry.type = n == "INDIVIDUAL" ? PartyType::kPerson : PartyType::kEntity;
      entry.source = "UN Security Council Consolidated List";
      entry.source_url = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list";
      entry.line = static_cast<int>(XML_GetCurrentLineNumber(parser));
    }
  }

  void End(const char* name) {
    std::string_view n(name);
    std::string value(Trimmed(text));
    std::string_view parent = path.size() >= 2 ? std::string_view(path[path.size() - 2]) : "";
    if (in_entry) {
      if (n == "DATAID") entry.id = value;
      else if (n == "FIRST_NAME") names[0] = value;
      else if (n == "SECOND_NAME") names[1] = value;
      else if (n == "THIRD_NAME") names[2] = value;
      else if (n == "FOURTH_NAME") names[3] = value;
      else if (n == "UN_LIST_TYPE") entry.programs = value;
      else if (n == "LISTED_ON") entry.start_date = value.substr(0, 10);
      else if (n == "REFERENCE_NUMBER") entry.federal_register_notice = "";
      else if (n == "NAME_ORIGINAL_SCRIPT" && !value.empty()) {
        for (std::string& alias : SplitAlternativeNames(value)) entry.aliases.push_back(std::move(alias));
      } else if (n == "QUALITY") alias_low_quality = value == "Low";
      else if (n == "ALIAS_NAME" && !value.empty()) {
        for (std::string& alias : SplitAlternativeNames(value))
          entry.aliases.push_back(alias_low_quality ? QuoteWeakAlias(alias) : std::move(alias));
        alias_low_quality = false;
      }
      else if (n == "VALUE" && parent == "NATIONALITY") Append(entry.countries, value);
      else if (n == "COUNTRY" && parent.size() > 8 &&
               parent.substr(parent.size() - 8) == "_ADDRESS") {
        Append(entry.countries, value);
        Append(entry.addresses, value);
      } else if (n == "INDIVIDUAL" || n == "ENTITY") {
        Finish();
      }
    }
    path.pop_back();
    text.clear();
  }

  void Finish() {
    in_entry = false;
    for (const auto& part : names) {
      if (part.empty()) continue;
      if (!entry.name.empty()) entry.name += ' ';
      entry.name += part;
    }
    SourceLocation where{file, entry.line};
    if (entry.name.empty()) {
      errors.emplace_back(ErrorCode::kParseError, "entry has no name", where);
      return;
    }
    if (entry.id.empty()) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("entry `{}` has no DATAID", entry.name), where);
      return;
    }
    list.entries.push_back(std::move(entry));
  }
};

}  // namespace

Result<ParsedList> ParseUnXml(std::string_view text, const std::string& file) {
  if (text.size() > static_cast<size_t>(INT_MAX)) {
    return Error(ErrorCode::kParseError, "file too large", {file});
  }
  UnState state;
  state.file = file;
  state.list.format = ListFormat::kUnXml;
  XML_Parser parser = XML_ParserCreate("UTF-8");
  state.parser = parser;
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char**) {
        static_cast<UnState*>(data)->Start(name);
      },
      [](void* data, const XML_Char* name) { static_cast<UnState*>(data)->End(name); });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* s, int len) {
    static_cast<UnState*>(data)->text.append(s, static_cast<size_t>(len));
  });
  if (XML_Parse(parser, text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_ERROR) {
    Error e(ErrorCode::kParseError,
            fmt::format("malformed XML: {}", XML_ErrorString(XML_GetErrorCode(parser))),
            SourceLocation{file, static_cast<int>(XML_GetCurrentLineNumber(parser)),
                           static_cast<int>(XML_GetCurrentColumnNumber(parser)) + 1});
    XML_ParserFree(parser);
    return e;
  }
  XML_ParserFree(parser);
  if (!state.errors.empty()) return Error::Many(ErrorCode::kParseError, std::move(state.errors));
  if (state.list.entries.empty()) {
    return Error(ErrorCode::kParseError, "no INDIVIDUAL or ENTITY elements (not a UN list?)", {file});
  }
  return std::move(state.list);
}

}  // namespace exportctl::screen
