#include "rules/chip_facts.h"

namespace exportctl::rules {

void FillChipFacts(const Chip& chip, const Metrics& m, Facts* f) {
  f->Set(Field::kTpp, m.tpp);
  f->Set(Field::kPd, m.pd);
  f->Set(Field::kMbd, m.memory_bandwidth_density);
  f->Set(Field::kMemoryBandwidth, chip.memory_bandwidth_gbs);
  f->Set(Field::kInterconnect, chip.interconnect_gbs);
  f->Set(Field::kDieArea, chip.die_area_mm2);
  f->Set(Field::kDesignedFor, DesignedForName(chip.designed_for));
  f->Set(Field::kItemType, ItemTypeName(chip.item_type));
  f->Set(Field::kChip, std::string_view(chip.id));
  f->Set(Field::kVendor, std::string_view(chip.vendor));
  f->Set(Field::kStatus, std::string_view(chip.status));
  f->Set(Field::kMarket, std::string_view(chip.market));
  f->Set(Field::kTops, m.tops);
  f->Set(Field::kHts, chip.Hts());
  if (!chip.origin.empty()) f->Set(Field::kOrigin, std::string_view(chip.origin));
  else f->Clear(Field::kOrigin);
  if (chip.us_technology) f->Set(Field::kUsTechnology, *chip.us_technology);
  else f->Clear(Field::kUsTechnology);
  // Mass-market encryption only where a source says so: absent means "not classified so".
  f->Set(Field::kMassMarketEncryption, chip.mass_market_encryption.value_or(false));
  if (chip.us_commercially_available) f->Set(Field::kUsCommerciallyAvailable, *chip.us_commercially_available);
  else f->Clear(Field::kUsCommerciallyAvailable);
}

}  // namespace exportctl::rules
