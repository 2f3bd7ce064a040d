#include "exportctl/metrics.h"

#include <cmath>

namespace exportctl {

namespace {
// Products and quotients are rounded to 1e-9 so that decimal datasheet figures land exactly on
// the thresholds they were designed against (e.g. 0.1-steps times 6 bits).
double Tidy(double v) { return std::round(v * 1e9) / 1e9; }
}  // namespace

Metrics ComputeMetrics(const Chip& chip) {
  Metrics m;
  for (Precision p : kAllPrecisions) {
    std::optional<double> tops = chip.DenseTops(p);
    if (!tops) continue;
    double tpp = Tidy(*tops * BitLength(p));
    m.tpp_terms.push_back({p, *tops, tpp});
    if (!m.tpp || tpp > *m.tpp) {
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
