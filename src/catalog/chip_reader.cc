// Reads a Chip from TOML: the [[chip]] tables of data/catalog/*.toml and `--spec FILE`.
#include <fmt/format.h>

#include "catalog/chip_reader.h"

#include "common/toml_util.h"
#include "exportctl/catalog.h"

namespace exportctl {

namespace detail {

namespace {
bool IsCountryCodeShape(std::string_view v) {
  return v.size() == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z';
}
// "8542.31", "8473.30.1180", "847150": digits with optional dots, 4 to 10 digits.
bool IsHtsShape(std::string_view v) {
  int digits = 0;
  if (v.empty() || v.front() == '.' || v.back() == '.') return false;
  for (char ch : v) {
    if (ch >= '0' && ch <= '9') ++digits;
    else if (ch != '.') return false;
  }
  return digits >= 4 && digits <= 10 && v.size() <= 13;
}
}  // namespace

Chip ReadChipTable(const toml::table& t, const std::string& file, std::vector<Error>* errors) {
  Chip c;
  TableReader r(t, file, errors);
  c.defined_in = LocationOf(t, file).ToString();
  if (auto v = r.String("id", true)) {
    c.id = *v;
    if (c.id.empty()) r.Fail("`id` must not be empty");
  }
  c.name = r.String("name").value_or(c.id);
  c.aliases = r.StringList("aliases");
  c.vendor = r.String("vendor").value_or("");
  c.variant = r.String("variant").value_or("");
  if (auto v = r.String("designed_for", true)) {
    if (*v == "datacenter") c.designed_for = DesignedFor::kDatacenter;
    else if (*v == "consumer") c.designed_for = DesignedFor::kConsumer;
    else if (*v == "workstation") c.designed_for = DesignedFor::kWorkstation;
    else r.Fail(*t.get("designed_for"), fmt::format("`designed_for` must be datacenter, consumer or workstation, not `{}`", *v));
  }
  if (auto v = r.String("item_type")) {
    if (*v == "ic") c.item_type = ItemType::kIc;
    else if (*v == "board") c.item_type = ItemType::kBoard;
    else if (*v == "system") c.item_type = ItemType::kSystem;
    else if (*v == "hbm") c.item_type = ItemType::kHbm;
    else r.Fail(*t.get("item_type"), fmt::format("`item_type` must be ic, board, system or hbm, not `{}`", *v));
  }
  if (auto v = r.String("origin")) {
    if (!IsCountryCodeShape(*v)) r.Fail(*t.get("origin"), fmt::format("`origin` must be an ISO 3166-1 alpha-2 country code, not `{}`", *v));
    else c.origin = *v;
  }
  c.us_technology = r.Bool("us_technology");
  c.jurisdiction_note = r.String("jurisdiction_note").value_or("");
  c.mass_market_encryption = r.Bool("mass_market_encryption");
  if (auto v = r.String("hts")) {
    if (!IsHtsShape(*v)) r.Fail(*t.get("hts"), fmt::format("`hts` must be an HTS heading such as 8542.31, not `{}`", *v));
    else c.hts = *v;
  }
  if (const toml::array* arr = r.Array("contains")) {
    for (const toml::node& n : *arr) {
      const toml::table* ct = n.as_table();
      if (!ct) { r.Fail(n, "`contains` entries must be tables {{ chip = \"…\", count = N }}"); continue; }
      TableReader cr(*ct, file, errors, "contains");
      ContainedIc ic;
      ic.chip_id = cr.String("chip", true).value_or("");
      if (auto count = cr.Integer("count")) {
        if (*count < 1 || *count > 100000) cr.Fail(*ct->get("count"), fmt::format("`count` must be 1 to 100000, not {}", *count));
        else ic.count = static_cast<int>(*count);
      }
      cr.RejectUnknownKeys();
      c.contains.push_back(std::move(ic));
    }
    if (c.contains.size() > 64) r.Fail(*t.get("contains"), "at most 64 `contains` entries");
  }
  if (auto v = r.String("status")) {
    if (*v == "shipping" || *v == "announced" || *v == "rumored") c.status = *v;
    else r.Fail(*t.get("status"), fmt::format("`status` must be shipping, announced or rumored, not `{}`", *v));
  }
  c.status_note = r.String("status_note").value_or("");
  c.market = r.String("market").value_or("global");
  c.us_commercially_available = r.Bool("us_commercially_available");
  c.die_area_mm2 = r.Number("die_area_mm2");
  c.logic_die_count = r.Integer("logic_die_count");
  c.transistors_billion = r.Number("transistors_billion");
  c.memory_type = r.String("memory_type").value_or("");
  c.memory_gb = r.Number("memory_gb");
  c.memory_bandwidth_gbs = r.Number("memory_bandwidth_gbs");
  c.interconnect_gbs = r.Number("interconnect_gbs");
  c.package_area_mm2 = r.Number("package_area_mm2");
  c.tdp_w = r.Number("tdp_w");
  c.launch_year = r.Integer("launch_year");
  c.die_area_basis = r.String("die_area_basis").value_or("");
  c.interconnect_note = r.String("interconnect_note").value_or("");
  c.throughput_note = r.String("throughput_note").value_or("");
  c.confidence = r.String("confidence").value_or("");
  c.notes = r.String("notes").value_or("");
  c.published_figures = r.String("published_figures").value_or("");
  c.sources = r.StringList("sources");
  if (c.die_area_mm2 && *c.die_area_mm2 == 0) r.Fail(*t.get("die_area_mm2"), "`die_area_mm2` must be greater than 0");
  if (c.package_area_mm2 && *c.package_area_mm2 == 0)
    r.Fail(*t.get("package_area_mm2"), "`package_area_mm2` must be greater than 0");
  if (const toml::table* tops = r.Table("dense_tops")) {
    TableReader tr(*tops, file, errors, "dense_tops");
    for (Precision p : kAllPrecisions) {
      c.dense_tops[static_cast<int>(p)] = tr.Number(PrecisionName(p));
    }
    tr.RejectUnknownKeys();
  }
  r.RejectUnknownKeys();
  return c;
}

}  // namespace detail

Result<Chip> ParseChipSpec(std::string_view toml_text, const std::string& file_name) {
  auto parsed = detail::ParseToml(toml_text, file_name);
  if (!parsed.ok()) return parsed.error();
  const toml::table& root = *parsed;
  const toml::table* table = &root;
  if (const toml::node* chips = root.get("chip")) {
    const toml::array* arr = chips->as_array();
    if (!arr || arr->size() != 1 || !arr->front().is_table() || root.size() != 1) {
      return Error(ErrorCode::kInvalidData, "a spec file holds one chip: top-level keys or a single [[chip]]",
                   detail::LocationOf(*chips, file_name));
    }
    table = arr->front().as_table();
  }
  std::vector<Error> errors;
  Chip chip = detail::ReadChipTable(*table, file_name, &errors);
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  return chip;
}

Result<Chip> ReadChipSpecFile(const std::string& path) {
  auto text = detail::ReadFile(path);
  if (!text.ok()) return text.error();
  return ParseChipSpec(*text, path);
}

}  // namespace exportctl
