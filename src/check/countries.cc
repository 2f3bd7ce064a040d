#include "exportctl/countries.h"

#include <unicode/locid.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

#include <algorithm>

#include <fmt/format.h>

#include "common/short_text.h"
#include "common/toml_util.h"

namespace exportctl {

namespace {
int IsoIndex(std::string_view code) { return (code[0] - 'A') * 26 + (code[1] - 'A'); }
bool TwoUpper(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}
}  // namespace

Result<Countries> Countries::Load(const std::string& groups_file) {
  Countries c;
  c.iso_.assign(26 * 26, false);
  for (const char* const* code = uloc_getISOCountries(); *code; ++code) {
    std::string_view s(*code);
    if (TwoUpper(s)) c.iso_[IsoIndex(s)] = true;
  }
  auto text = detail::ReadFile(groups_file);
  if (!text.ok()) return text.error();
  auto parsed = detail::ParseToml(*text, groups_file);
  if (!parsed.ok()) return parsed.error();
  std::vector<Error> errors;
  detail::TableReader root(*parsed, groups_file, &errors);
  root.Integer("schema_version", true);
  root.String("source");
  if (const toml::array* groups = root.Array("group", true)) {
    for (const toml::node& n : *groups) {
      const toml::table* t = n.as_table();
      if (!t) { root.Fail(n, "`group` entries must be tables"); continue; }
      detail::TableReader g(*t, groups_file, &errors, "group");
      std::string id = g.String("id", true).value_or("");
      g.String("title");
      std::vector<Membership> members;
      auto check_code = [&](const toml::node& at, const std::string& code) {
        if (!TwoUpper(code) || !c.iso_[IsoIndex(code)]) g.Fail(at, fmt::format("`{}` is not an ISO 3166-1 alpha-2 code", code));
      };
      if (const toml::array* arr = g.Array("members", true)) {
        for (const toml::node& m : *arr) {
          std::string code = m.value<std::string>().value_or("");
          check_code(m, code);
          members.push_back({Pack(code), DateRange{}});
        }
      }
      if (const toml::array* dated = g.Array("dated")) {
        for (const toml::node& m : *dated) {
          const toml::table* mt = m.as_table();
          if (!mt) { g.Fail(m, "`dated` entries are tables { country, from, to, source }"); continue; }
          detail::TableReader d(*mt, groups_file, &errors, "dated membership");
          std::string code = d.String("country", true).value_or("");
          check_code(m, code);
          DateRange when;
          if (auto from = d.DateValue("from")) when.from = *from;
          if (auto to = d.DateValue("to")) when.to = *to;
          d.String("source", true);
          d.RejectUnknownKeys();
          members.push_back({Pack(code), when});
        }
      }
      g.RejectUnknownKeys();
      if (std::find(c.group_ids_.begin(), c.group_ids_.end(), id) != c.group_ids_.end())
        g.Fail(fmt::format("group `{}` defined twice", id));
      c.group_ids_.push_back(id);
      // By country, so InGroup finds a country's spans by binary search.
      std::stable_sort(members.begin(), members.end(), [](const Membership& a, const Membership& b) { return a.country < b.country; });
      c.members_.push_back(std::move(members));
    }
  }
  if (const toml::array* regions = root.Array("subdivision")) {
    for (const toml::node& n : *regions) {
      const toml::table* t = n.as_table();
      if (!t) { root.Fail(n, "`subdivision` entries are tables { code, name, note }"); continue; }
      detail::TableReader r(*t, groups_file, &errors, "subdivision");
      Subdivision s;
      s.code = r.String("code", true).value_or("");
      s.name = r.String("name", true).value_or("");
      s.note = r.String("note").value_or("");
      r.String("source");
      const bool shape = s.code.size() >= 4 && s.code.size() <= 6 && s.code[2] == '-' && TwoUpper(s.code.substr(0, 2)) &&
                         c.iso_[IsoIndex(s.code.substr(0, 2))];
      if (!shape) r.Fail(*t, fmt::format("`{}` is not an ISO 3166-2 code (CC-XX) of a known country", s.code));
      r.RejectUnknownKeys();
      c.subdivisions_.push_back(std::move(s));
    }
  }
  root.RejectUnknownKeys();
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  return c;
}

const Countries::Subdivision* Countries::FindSubdivision(std::string_view code) const {
  for (const Subdivision& s : subdivisions_)
    if (s.code == code) return &s;
  return nullptr;
}

Result<std::string> Countries::Validate(std::string_view code) const {
  if (code.size() > 16) return Error(ErrorCode::kInvalidArgument, "a country code is 2 letters (or CC-XX for a region)");
  std::string upper(code);
  for (char& ch : upper) ch = detail::AsciiUpper(ch);
  if (upper.size() > 2 && upper[2] == '-') {
    if (FindSubdivision(upper)) return upper;
    std::string known;
    for (const Subdivision& s : subdivisions_) known += (known.empty() ? "" : ", ") + s.code + " (" + s.name + ")";
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("unknown sub-national code `{}`; the regions the rules distinguish are {}", code, known));
  }
  if (!TwoUpper(upper) || !iso_[IsoIndex(upper)])
    return Error(ErrorCode::kInvalidArgument, fmt::format("unknown country code `{}` (ISO 3166-1 alpha-2, e.g. CN, US, MO)", code));
  return upper;
}

std::string Countries::Name(std::string_view code) const {
  if (const Subdivision* s = FindSubdivision(code)) return s->name;
  icu::Locale locale("", std::string(code).c_str());
  icu::UnicodeString name;
  locale.getDisplayCountry(icu::Locale::getEnglish(), name);
  std::string out;
  name.toUTF8String(out);
  return out.empty() ? std::string(code) : out;
}

bool Countries::KnownGroup(std::string_view group) const {
  return std::find(group_ids_.begin(), group_ids_.end(), group) != group_ids_.end();
}

bool Countries::InGroup(std::string_view country, std::string_view group, Date as_of) const {
  auto it = std::find_if(group_ids_.begin(), group_ids_.end(), [&](const std::string& g) { return detail::SameText(g, group); });
  if (it == group_ids_.end()) return false;
  const uint16_t packed = Pack(Normalize(CountryOf(country)));
  const std::vector<Membership>& members = members_[it - group_ids_.begin()];
  auto m = std::lower_bound(members.begin(), members.end(), packed, [](const Membership& x, uint16_t c) { return x.country < c; });
  for (; m != members.end() && m->country == packed; ++m)
    if (m->when.Contains(as_of)) return true;
  return false;
}

std::vector<std::string> Countries::GroupsOf(std::string_view country, Date as_of) const {
  std::vector<std::string> out;
  for (const std::string& g : group_ids_)
    if (InGroup(country, g, as_of)) out.push_back(g);
  return out;
}

}  // namespace exportctl
