// exportctl::Countries: ISO 3166-1 alpha-2 codes (from ICU) and the EAR country groups as dated
// memberships (data/countries/groups.toml). Immutable after loading; thread-safe.
//
// Hong Kong is treated as China under the EAR (since 2020-12-23): Normalize("HK") is "CN".
// Macau ("MO") stays separate.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exportctl/date.h"
#include "exportctl/error.h"
#include "exportctl/rules.h"

namespace exportctl {

class Countries : public rules::GroupResolver {
 public:
  static Result<Countries> Load(const std::string& groups_file);

  // Upper-cases and validates an ISO 3166-1 alpha-2 code, or an ISO 3166-2 region the data lists
  // ([[subdivision]] in groups.toml: UA-43 Crimea, UA-40 Sevastopol, UA-14 Donetsk, UA-09
  // Luhansk); kInvalidArgument for anything else.
  Result<std::string> Validate(std::string_view code) const;
  // The country of a code: "UA" for "UA-43", the code itself otherwise.
  static std::string_view CountryOf(std::string_view code) { return code.size() > 2 && code[2] == '-' ? code.substr(0, 2) : code; }
  struct Subdivision {
    std::string code, name, note;  // note: what a decision should say about the region
  };
  const Subdivision* FindSubdivision(std::string_view code) const;
  // The EAR destination for a code: HK -> CN, else the code.
  static std::string_view Normalize(std::string_view code) { return code == "HK" ? "CN" : code; }
  std::string Name(std::string_view code) const;  // English name ("China")

  bool KnownGroup(std::string_view group) const override;
  bool InGroup(std::string_view country, std::string_view group, Date as_of) const override;
  std::vector<std::string> GroupsOf(std::string_view country, Date as_of) const;
  const std::vector<std::string>& group_ids() const { return group_ids_; }

 private:
  struct Membership {
    uint16_t country;  // two ASCII letters packed
    DateRange when;
  };
  static uint16_t Pack(std::string_view code) {
    return code.size() == 2 ? static_cast<uint16_t>((uint8_t(code[0]) << 8) | uint8_t(code[1])) : 0;
  }
  std::vector<std::string> group_ids_;
  std::vector<Subdivision> subdivisions_;
  std::vector<std::vector<Membership>> members_;  // by group index, each sorted by country
  std::vector<bool> iso_;                         // by Pack(code) - 'AA' offset: valid ISO code
};

}  // namespace exportctl
