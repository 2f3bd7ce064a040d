#include "rules/facts.h"

#include <algorithm>

namespace exportctl::rules {

namespace {
constexpr std::array<FieldSpec, kFieldCount> kFields = {{
    {"tpp", ValueType::kNumber, "total processing performance: max over precisions of dense TOPS x bit length"},
    {"pd", ValueType::kNumber, "performance density: TPP / applicable die area (mm2)"},
    {"mbd", ValueType::kNumber, "memory bandwidth density (GB/s per mm2), HBM stacks"},
    {"memory_bandwidth", ValueType::kNumber, "DRAM/HBM bandwidth, GB/s"},
    {"interconnect", ValueType::kNumber, "chip-to-chip I/O, bidirectional aggregate, GB/s"},
    {"die_area", ValueType::kNumber, "applicable (non-planar logic) die area, mm2"},
    {"quantity", ValueType::kNumber, "units in the request"},
    {"unit_value", ValueType::kNumber, "value per unit in the request"},
    {"owner_listed_share", ValueType::kNumber, "aggregate % of the end user owned by listed parties"},
    {"tops", ValueType::kNumber, "TOPS as 3A991.p counts it: 2 x MacTOPS at the fastest data type (max dense TOPS, no bit length)"},
    {"us_content", ValueType::kNumber, "value share (%) of controlled US-origin content in a foreign-made item, as §734.4 counts it", true},
    {"designed_for", ValueType::kString, "datacenter | consumer | workstation"},
    {"item_type", ValueType::kString, "ic | system | hbm"},
    {"chip", ValueType::kString, "catalog id of the chip"},
    {"vendor", ValueType::kString, "chip vendor"},
    {"status", ValueType::kString, "shipping | announced | rumored"},
    {"market", ValueType::kString, "market the part was made for: global or a country code"},
    {"eccn", ValueType::kString, "the chip's classification on the as-of date, e.g. 3A090.a.1"},
    {"destination", ValueType::kString, "destination country (ISO 3166-1 alpha-2; HK is treated as CN)"},
    {"ship_from", ValueType::kString, "country the goods ship from (US = export, else reexport)"},
    {"end_user_country", ValueType::kString, "country where the end user is located"},
    {"end_user_hq", ValueType::kString, "country where the end user or its ultimate parent is headquartered", true},
    {"exporter", ValueType::kString, "exporting company (vendor), lower-case"},
    {"origin", ValueType::kString, "country where the item was produced (ISO 3166-1 alpha-2)", true},
    {"hts", ValueType::kString, "HTS heading of the item, e.g. 8542.31 (ICs), 8473.30 (boards), 8471.50 (computers)"},
    {"end_user_type", ValueType::kString, "individual | independent_ngo | commercial | government", true},
    {"destination_country", ValueType::kString, "the country of the destination (UA for UA-43 Crimea; else the destination)"},
    {"us_commercially_available", ValueType::kBool, "the part is commercially available in the US"},
    {"end_user_entity_listed", ValueType::kBool, "the end user matches an Entity List entry in force"},
    {"end_user_sdn_listed", ValueType::kBool, "the end user matches an OFAC SDN entry"},
    {"end_user_meu_listed", ValueType::kBool, "the end user matches a Military End-User List entry"},
    {"us_technology", ValueType::kBool, "the item is the direct product of US-origin technology/software or of a plant that is (§734.9)", true},
    {"mass_market_encryption", ValueType::kBool, "the item is classified under §740.17 as mass-market encryption (5A992.c), per a source"},
    {"end_user_fdp_listed", ValueType::kBool, "the end user matches an Entity List entry with an FDP footnote (1, 4 or 5) in force"},
    {"end_user_dpl_listed", ValueType::kBool, "the end user matches a Denied Persons List entry (a BIS denial order)"},
    {"end_user_other_listed", ValueType::kBool, "the end user matches an entry of another restricted-party list (Unverified List, State Department lists, UN Security Council, an imported list)"},
}};
}  // namespace

std::string_view ValueTypeName(ValueType t) {
  switch (t) {
    case ValueType::kNumber: return "number";
    case ValueType::kString: return "string";
    case ValueType::kBool: return "boolean";
    case ValueType::kList: return "list";
  }
  return "?";
}

const FieldSpec& SpecOf(Field f) { return kFields[static_cast<int>(f)]; }

std::optional<Field> FieldByName(std::string_view name) {
  for (int i = 0; i < kFieldCount; ++i)
    if (kFields[i].name == name) return static_cast<Field>(i);
  return std::nullopt;
}

std::span<const FieldSpec> AllFields() { return kFields; }

}  // namespace exportctl::rules
