// The vocabulary of rule conditions: every field a `when` expression may name, with its type, and
// the Facts value that carries one evaluation's inputs. A field may be unknown (e.g. PD when the die
// area is unpublished); conditions then evaluate with three-valued logic instead of guessing.
//
// Facts is a plain value, cheap to copy; string fields are views into storage owned by the caller
// (the Chip, the request), which must outlive the evaluation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "exportctl/date.h"
#include "exportctl/rules.h"

namespace exportctl::rules {

enum class ValueType : uint8_t { kNumber, kString, kBool, kList };
std::string_view ValueTypeName(ValueType t);

// Never renumber: indices into Facts. Append new fields at the end of their group.
enum class Field : uint8_t {
  // Numbers
  kTpp, kPd, kMbd, kMemoryBandwidth, kInterconnect, kDieArea, kQuantity, kUnitValue, kOwnerListedShare,
  kTops, kUsContent,
  // Strings
  kDesignedFor, kItemType, kChip, kVendor, kStatus, kMarket, kEccn, kDestination, kShipFrom,
  kEndUserCountry, kEndUserHq, kExporter, kOrigin, kHts, kEndUserType, kDestinationCountry,
  // Booleans
  kUsCommerciallyAvailable, kEndUserEntityListed, kEndUserSdnListed, kEndUserMeuListed,
  kUsTechnology, kMassMarketEncryption, kEndUserFdpListed, kEndUserDplListed, kEndUserOtherListed,
  kCount
};
inline constexpr int kFieldCount = static_cast<int>(Field::kCount);

struct FieldSpec {
  std::string_view name;
  ValueType type;
  std::string_view help;
  // A fact the request states (not a figure of the item): when a rule that could lift a "go"
  // cannot be evaluated because it is unknown, the decision is a `hold` naming it.
  bool request_fact = false;
};
const FieldSpec& SpecOf(Field f);
std::optional<Field> FieldByName(std::string_view name);
std::span<const FieldSpec> AllFields();

class Facts {
 public:
  void Set(Field f, double v) { num_[Index(f)] = v; known_ |= Bit(f); }
  void Set(Field f, std::string_view v) { str_[Index(f)] = v; known_ |= Bit(f); }
  void Set(Field f, bool v) { bool_ |= v ? Bit(f) : 0; if (!v) bool_ &= ~Bit(f); known_ |= Bit(f); }
  void Set(Field f, std::optional<double> v) { if (v) Set(f, *v); else Clear(f); }
  void Clear(Field f) { known_ &= ~Bit(f); }

  bool Known(Field f) const { return (known_ & Bit(f)) != 0; }
  double Number(Field f) const { return num_[Index(f)]; }
  std::string_view String(Field f) const { return str_[Index(f)]; }
  bool Bool(Field f) const { return (bool_ & Bit(f)) != 0; }
  // Fields as bits (1 << field number); the known yes/no fields that are false, as such bits (with
  // every other known field, which is never true as a yes/no).
  static constexpr uint64_t Bit(Field f) { return uint64_t{1} << static_cast<int>(f); }
  uint64_t KnownNotTrue() const { return known_ & ~bool_; }

  // End-use tags of the request (e.g. "supercomputer", "military").
  std::span<const std::string_view> tags() const { return tags_; }
  void SetTags(std::span<const std::string_view> tags) { tags_ = tags; }  // REQUIRES: tags outlive this
  // Reasons for control of the item's ECCN ("RS", "AT", …), for has_reason(); views into the
  // RuleSet's ECCN table.
  std::span<const std::string> reasons() const { return reasons_; }
  void SetReasons(std::span<const std::string> reasons) { reasons_ = reasons; }

 private:
  static constexpr int Index(Field f) { return static_cast<int>(f); }
  std::array<double, kFieldCount> num_{};
  std::array<std::string_view, kFieldCount> str_{};
  uint64_t known_ = 0;
  uint64_t bool_ = 0;
  std::span<const std::string_view> tags_;
  std::span<const std::string> reasons_;
};
static_assert(kFieldCount <= 64, "Facts keeps known-bits in one word");

}  // namespace exportctl::rules
