#include "exportctl/metrics.h"

#include <cmath>

namespace exportctl {

namespace {
// Products and quotients are rounded to 1e-9 so that decimal datasheet figures land exactly on
// the thresholds they were designed against (e.g. 0.1-steps times 6 bits).
double Tidy(double v) { return std::round(v * 1e9) / 1e9; }

// Which precision is reported when several reach the same TPP: the one datasheets headline and
// analysts quote (H20 "148 x 16", A100 "312 x 16", Gaudi 3 BF16).
int TieRank(Precision p) {
  switch (p) {
    case Precision::kBf16: return 0;
    case Precision::kFp16: return 1;
    case Precision::kFp8: return 2;
    case Precision::kInt8: return 3;
    case Precision::kTf32: return 4;
    case Precision::kFp64: return 5;
    case Precision::kFp6: return 6;
    case Precision::kFp4: return 7;
  }
  return 8;
}
}  // namespace

Metrics ComputeMetrics(const Chip& chip) {
  Metrics m;
  for (Precision p : kAllPrecisions) {
    std::optional<double> tops = chip.DenseTops(p);
    if (!tops) continue;
    double tpp = Tidy(*tops * BitLength(p));
    m.tpp_terms.push_back({p, *tops, tpp});
    if (!m.tops || *tops > *m.tops) m.tops = *tops;
    if (!m.tpp || tpp > *m.tpp || (tpp == *m.tpp && TieRank(p) < TieRank(*m.tpp_precision))) {
      m.tpp = tpp;
      m.tpp_precision = p;
    }
  }
  for (const TppTerm& t : m.tpp_terms)
    if (m.tpp && t.tpp == *m.tpp) m.tpp_tied.push_back(t.precision);
  if (!m.tpp) m.missing.emplace_back("dense throughput");
  if (!chip.die_area_mm2) m.missing.emplace_back("die area");
  if (m.tpp && chip.die_area_mm2 && *chip.die_area_mm2 > 0) m.pd = Tidy(*m.tpp / *chip.die_area_mm2);
  if (chip.memory_bandwidth_gbs && chip.package_area_mm2 && *chip.package_area_mm2 > 0)
    m.memory_bandwidth_density = Tidy(*chip.memory_bandwidth_gbs / *chip.package_area_mm2);
  return m;
}

}  // namespace exportctl
