// exportctl::Metrics: the figures export rules compare, derived from a Chip's datasheet.
//
//   TPP  = max over precisions of dense TOPS x bit length (sparsity never counts; FP64 and FP6 do),
//          per the ACS23 Technical Note to 3A090 ("2 x MacTOPS x bit length", vendor TOPS already
//          count a MAC as two operations).
//   PD   = TPP / applicable die area (mm2 of non-planar logic dies).
//   MBD  = memory bandwidth (GB/s) / package area (mm2), for HBM stacks (3A090.c).
// A metric whose inputs are unknown is absent, and `missing` says which input was missing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exportctl/catalog.h"

namespace exportctl {

struct TppTerm {
  Precision precision;
  double dense_tops;
  double tpp;  // dense_tops x bit length
};

struct Metrics {
  std::optional<double> tpp;
  std::optional<Precision> tpp_precision;  // the precision that set TPP (ties: 16-bit, then 8-bit, then others)
  std::vector<Precision> tpp_tied;         // every precision reaching the same TPP
  std::vector<TppTerm> tpp_terms;          // every precision with a figure, for the trace
  std::optional<double> pd;
  // TOPS as 3A991.p counts it: "2 x MacTOPS" at the fastest data type, without the bit-length
  // factor of TPP (the max dense TOPS over precisions). Kept apart from TPP.
  std::optional<double> tops;
  std::optional<double> memory_bandwidth_density;
  std::vector<std::string> missing;        // e.g. "dense throughput", "die area"
};

Metrics ComputeMetrics(const Chip& chip);

}  // namespace exportctl
