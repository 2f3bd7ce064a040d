// Fills the chip-related Facts (tpp, pd, designed_for, …) from a Chip and its Metrics; shared by
// classification and the licence check so both read a chip the same way.
#pragma once

#include "exportctl/catalog.h"
#include "exportctl/metrics.h"
#include "rules/facts.h"

namespace exportctl::rules {

// REQUIRES: chip outlives facts (string fields are views into it).
void FillChipFacts(const Chip& chip, const Metrics& metrics, Facts* facts);

}  // namespace exportctl::rules
