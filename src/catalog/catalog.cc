#include "exportctl/catalog.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "catalog/chip_reader.h"
#include "common/toml_util.h"

namespace exportctl {

int BitLength(Precision p) {
  switch (p) {
    case Precision::kFp64: return 64;
    case Precision::kTf32: return 32;
    case Precision::kFp16:
    case Precision::kBf16: return 16;
    case Precision::kFp8:
    case Precision::kInt8: return 8;
    case Precision::kFp6: return 6;
    case Precision::kFp4: return 4;
  }
  return 0;
}

std::string_view PrecisionName(Precision p) {
  static constexpr std::array<std::string_view, 8> kNames = {"fp64", "tf32", "bf16", "fp16",
                                                             "fp8",  "int8", "fp6",  "fp4"};
  return kNames[static_cast<int>(p)];
}

std::optional<Precision> ParsePrecision(std::string_view name) {
  for (Precision p : kAllPrecisions)
    if (PrecisionName(p) == name) return p;
  return std::nullopt;
}

std::string_view DesignedForName(DesignedFor d) {
  switch (d) {
    case DesignedFor::kDatacenter: return "datacenter";
    case DesignedFor::kConsumer: return "consumer";
    case DesignedFor::kWorkstation: return "workstation";
  }
  return "datacenter";
}

std::string_view ItemTypeName(ItemType t) {
  switch (t) {
    case ItemType::kIc: return "ic";
    case ItemType::kBoard: return "board";
    case ItemType::kSystem: return "system";
    case ItemType::kHbm: return "hbm";
  }
  return "ic";
}

std::string_view DefaultHts(ItemType t) {
  switch (t) {
    case ItemType::kIc: return "8542.31";
    case ItemType::kBoard: return "8473.30";
    case ItemType::kSystem: return "8471.50";
    case ItemType::kHbm: return "8542.32";
  }
  return "8542.31";
}

std::string Catalog::Key(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (char ch : name) {
    if (ch >= 'A' && ch <= 'Z') key += static_cast<char>(ch - 'A' + 'a');
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) key += ch;
  }
  return key;
}

Result<Catalog> Catalog::FromChips(std::vector<Chip> chips) {
  Catalog catalog;
  std::vector<Error> errors;
  for (std::size_t i = 0; i < chips.size(); ++i) {
    const Chip& c = chips[i];
    std::vector<std::string> names = c.aliases;
    names.push_back(c.id);
    for (const std::string& n : names) {
      std::string key = Key(n);
      if (key.empty()) continue;
      auto [it, inserted] = catalog.index_.emplace(key, i);
      if (!inserted && it->second != i) {
        const Chip& other = chips[it->second];
        errors.emplace_back(ErrorCode::kInvalidData,
                            fmt::format("`{}` of chip `{}` already names chip `{}` ({})", n, c.id, other.id,
                                        other.defined_in),
                            SourceLocation{c.defined_in});
      }
    }
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  catalog.chips_ = std::move(chips);
  // Boards and systems name the ICs they carry; resolve them now that every chip has its place.
  for (Chip& c : catalog.chips_) {
    for (ContainedIc& ic : c.contains) {
      ic.chip = catalog.Find(ic.chip_id);
      if (!ic.chip || ic.chip->item_type == ItemType::kSystem || !ic.chip->contains.empty() || ic.chip == &c)
        errors.emplace_back(ErrorCode::kInvalidData,
                            fmt::format("chip `{}` contains `{}`, which is not an IC or single-IC card of the catalog", c.id, ic.chip_id),
                            SourceLocation{c.defined_in});
    }
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  return catalog;
}

Result<Catalog> Catalog::LoadDir(const std::string& dir) {
  auto files = detail::ListTomlFiles(dir, false, "catalog");
  if (!files.ok()) return files.error();
  std::vector<Chip> chips;
  std::vector<Error> errors;
  for (const std::string& file : *files) {
    auto text = detail::ReadFile(file);
    if (!text.ok()) { errors.push_back(text.error()); continue; }
    auto parsed = detail::ParseToml(*text, file);
    if (!parsed.ok()) { errors.push_back(parsed.error()); continue; }
    detail::TableReader root(*parsed, file, &errors);
    if (auto version = root.Integer("schema_version", true); version && *version != 1)
      root.Fail(fmt::format("unsupported schema_version {}", *version));
    if (const toml::array* arr = root.Array("chip", true)) {
      for (const toml::node& n : *arr) {
        if (const toml::table* t = n.as_table()) chips.push_back(detail::ReadChipTable(*t, file, &errors));
        else root.Fail(n, "`chip` entries must be tables");
      }
    }
    root.RejectUnknownKeys();
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  return FromChips(std::move(chips));
}

const Chip* Catalog::Find(std::string_view name_or_id) const {
  auto it = index_.find(Key(name_or_id));
  return it == index_.end() ? nullptr : &chips_[it->second];
}

}  // namespace exportctl
