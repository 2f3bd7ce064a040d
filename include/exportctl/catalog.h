// exportctl::Chip and exportctl::Catalog: accelerator specifications as data.
//
// A Chip is one accelerator (or system, or HBM stack) as a datasheet describes it: dense peak
// throughput per precision, logic die area, memory and interconnect figures, each optional. An
// unknown figure is absent (std::nullopt), never 0, so later stages can say which thresholds could
// not be evaluated. The Catalog is the bundled set of chips (data/catalog/*.toml), looked up by id
// or alias, case-insensitively. Both are immutable after loading and safe to share between threads.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exportctl/error.h"

namespace exportctl {

// The precisions a datasheet gives dense throughput for. Bit lengths per the ACS23 TPP note.
enum class Precision { kFp64, kTf32, kBf16, kFp16, kFp8, kInt8, kFp6, kFp4 };
inline constexpr std::array<Precision, 8> kAllPrecisions = {
    Precision::kFp64, Precision::kTf32, Precision::kBf16, Precision::kFp16,
    Precision::kFp8,  Precision::kInt8, Precision::kFp6,  Precision::kFp4};
int BitLength(Precision p);
std::string_view PrecisionName(Precision p);  // "fp64", "tf32", … as spelled in data files
std::optional<Precision> ParsePrecision(std::string_view name);

enum class DesignedFor { kDatacenter, kConsumer, kWorkstation };
std::string_view DesignedForName(DesignedFor d);

// What the item is, as the CCL entries read: an integrated circuit (3A090, 3A991.p), a board or
// card carrying ICs ("electronic assemblies": 4A090, 4A994.l), a computer/server (4A090, 4A994.l),
// or a high-bandwidth-memory stack (3A090.c). Boards and systems are classified from the ICs they
// contain ("containing integrated circuits, any of which…"), never from summed figures.
enum class ItemType { kIc, kBoard, kSystem, kHbm };
std::string_view ItemTypeName(ItemType t);
// Boards and systems: the 4A entries apply to them.
inline bool IsAssembly(ItemType t) { return t == ItemType::kBoard || t == ItemType::kSystem; }
// The HTS heading an item of this type is entered under unless a source says otherwise:
// ICs 8542.31, boards 8473.30, computers 8471.50, HBM 8542.32.
std::string_view DefaultHts(ItemType t);

// One kind of IC inside a board or system: `count` x the catalog chip `chip_id` (an IC, or a card
// carrying one IC, whose figures are that IC's).
struct Chip;
struct ContainedIc {
  std::string chip_id;        // a catalog id or alias as written
  int count = 1;
  const struct Chip* chip = nullptr;  // resolved against the catalog (by Catalog or the request mapping)
};

struct Chip {
  std::string id;                    // stable, lower-case, e.g. "nvidia-h20"
  std::string name;                  // e.g. "NVIDIA H20"
  std::vector<std::string> aliases;  // names people write: "H20", "HGX H20"
  std::string vendor, variant;
  DesignedFor designed_for = DesignedFor::kDatacenter;
  ItemType item_type = ItemType::kIc;
  std::string status = "shipping";   // shipping | announced | rumored
  std::string status_note, market;   // market: "global" or a country code such as "CN"
  std::optional<bool> us_commercially_available;

  // Jurisdiction (§734.3): where the item is produced (ISO 3166-1 alpha-2; empty when unknown),
  // and whether it is the direct product of US-origin technology or software, or of a plant that
  // is (the foreign direct product rules of §734.9). Unknown stays unknown.
  std::string origin;
  std::optional<bool> us_technology;
  std::string hts;                              // HTS heading, e.g. "8542.31"; empty: DefaultHts
  std::optional<bool> mass_market_encryption;   // classified under §740.17 (5A992.c) per a source
  std::vector<ContainedIc> contains;            // boards and systems: the ICs on them
  std::string jurisdiction_note;                // where origin, us_technology and item_type come from

  // Dense (no structured sparsity) peak TOPS/TFLOPS per precision, indexed by Precision.
  std::array<std::optional<double>, kAllPrecisions.size()> dense_tops{};
  std::optional<double> die_area_mm2;        // sum over non-planar logic dies
  std::optional<int> logic_die_count;
  std::optional<double> transistors_billion;
  std::string memory_type;
  std::optional<double> memory_gb;
  std::optional<double> memory_bandwidth_gbs;  // DRAM/HBM bandwidth
  std::optional<double> interconnect_gbs;      // chip-to-chip, bidirectional aggregate
  std::optional<double> package_area_mm2;      // HBM stacks: for memory bandwidth density
  std::optional<double> tdp_w;
  std::optional<int> launch_year;
  std::string die_area_basis, interconnect_note, throughput_note, confidence, notes, published_figures;
  std::vector<std::string> sources;  // URLs backing the figures
  std::string defined_in;            // "file:line" of the definition, for messages

  std::optional<double> DenseTops(Precision p) const { return dense_tops[static_cast<int>(p)]; }
  std::string_view Hts() const { return hts.empty() ? DefaultHts(item_type) : std::string_view(hts); }
};

// Reads one chip from TOML text (the catalog's [[chip]] form, or a top-level table for --spec).
// Every problem is reported with file:line:col; unknown keys, negative or non-numeric figures are
// errors.
Result<Chip> ParseChipSpec(std::string_view toml_text, const std::string& file_name);
Result<Chip> ReadChipSpecFile(const std::string& path);

class Catalog {
 public:
  // Movable, not copyable: assemblies point at the ICs they contain inside chips_.
  Catalog() = default;
  Catalog(Catalog&&) = default;
  Catalog& operator=(Catalog&&) = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // Loads every *.toml under dir (sorted by name). Reports all errors, including duplicate ids
  // and aliases that name two chips.
  static Result<Catalog> LoadDir(const std::string& dir);
  static Result<Catalog> FromChips(std::vector<Chip> chips);

  // By id or alias, case-insensitively and ignoring spaces/hyphens ("rtx4090d" finds "RTX 4090D").
  const Chip* Find(std::string_view name_or_id) const;
  const std::vector<Chip>& chips() const { return chips_; }
  // Whether `chip` is an element of this catalog (not a copy or a user spec).
  bool Contains(const Chip* chip) const { return !chips_.empty() && chip >= chips_.data() && chip < chips_.data() + chips_.size(); }

  // Normalised lookup key: lower-case ASCII letters and digits only.
  static std::string Key(std::string_view name);

 private:
  std::vector<Chip> chips_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace exportctl
