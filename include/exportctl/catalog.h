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

// What the item is: an integrated circuit (3A090), a computer/assembly containing one (4A090), or
// a high-bandwidth-memory stack (3A090.c).
enum class ItemType { kIc, kSystem, kHbm };
std::string_view ItemTypeName(ItemType t);

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
};

// Reads one chip from TOML text (the catalog's [[chip]] form, or a top-level table for --spec).
// Every problem is reported with file:line:col; unknown keys, negative or non-numeric figures are
// errors.
Result<Chip> ParseChipSpec(std::string_view toml_text, const std::string& file_name);
Result<Chip> ReadChipSpecFile(const std::string& path);

class Catalog {
 public:
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
