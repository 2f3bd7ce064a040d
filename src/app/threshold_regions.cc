#include "app/threshold_regions.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "exportctl/catalog.h"
#include "exportctl/classify.h"

namespace exportctl::app {

namespace {

// The value at fraction t of a log-scaled span.
double LogLerp(double lo, double hi, double t) { return std::pow(10, std::log10(lo) + t * (std::log10(hi) - std::log10(lo))); }

}  // namespace

std::string_view RegionColour(std::string_view eccn) {
  if (eccn == "undetermined") return "#f5cba7";
  if (eccn.starts_with("3A090.a.1") || eccn == "3A090.a") return "#c0392b";
  if (eccn.starts_with("3A090.a.2")) return "#e67e22";
  if (eccn.starts_with("3A090.b.1")) return "#f1c40f";
  if (eccn.starts_with("3A090.b.2")) return "#f7dc6f";
  if (eccn.starts_with("3A090") || eccn.starts_with("4A090")) return "#a569bd";
  if (eccn.starts_with("3A991")) return "#aed6f1";
  return "";
}

std::vector<ThresholdRegion> SampleThresholdRegions(const RuleSet& rules, Date as_of, const PlotAxes& axes, int cols, int rows) {
  cols = std::max(cols, 1);
  rows = std::max(rows, 1);
  Chip probe;
  probe.id = "region-probe";
  probe.designed_for = DesignedFor::kDatacenter;
  std::map<std::string, std::vector<RegionCell>> cells;
  for (int row = 0; row < rows; ++row) {
    const double pd = LogLerp(axes.pd_min, axes.pd_max, (row + 0.5) / rows);
    const double pd_lo = LogLerp(axes.pd_min, axes.pd_max, double(row) / rows);
    const double pd_hi = LogLerp(axes.pd_min, axes.pd_max, double(row + 1) / rows);
    int run_start = 0;
    std::string run_eccn;
    for (int col = 0; col <= cols; ++col) {
      std::string eccn;
      if (col < cols) {
        const double tpp = LogLerp(axes.tpp_min, axes.tpp_max, (col + 0.5) / cols);
        probe.dense_tops[static_cast<int>(Precision::kFp8)] = tpp / 8;
        probe.die_area_mm2 = tpp / pd;
        eccn = Classify(rules, probe, as_of).eccn;
      }
      if (col == cols || eccn != run_eccn) {
        if (col > 0)
          cells[run_eccn].push_back({LogLerp(axes.tpp_min, axes.tpp_max, double(run_start) / cols),
                                     LogLerp(axes.tpp_min, axes.tpp_max, double(col) / cols), pd_lo, pd_hi});
        run_start = col;
        run_eccn = eccn;
      }
    }
  }
  std::vector<ThresholdRegion> regions;
  for (auto& [eccn, c] : cells) {
    ThresholdRegion r;
    r.eccn = eccn;
    r.controlled = eccn != rules.default_eccn();
    r.colour = std::string(RegionColour(eccn));
    r.label = eccn == "undetermined" ? "3A090 if I/O \u2265 600 GB/s (2022 rule)" : eccn;
    r.cells = std::move(c);
    regions.push_back(std::move(r));
  }
  return regions;
}

}  // namespace exportctl::app
