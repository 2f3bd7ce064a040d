// The threshold regions in force on a date, as the TPP-against-performance-density chart draws
// them: the rule set classifies a synthetic datacenter IC (interconnect unknown) at the centre of
// every cell of a log grid over the axes, and runs of one ECCN along a row are merged into one
// cell. A rule change redraws the regions with no code change. One sampler and one palette for
// both pictures: the SVG of `catalog plot` / GET /v1/plot.svg and the page's chart data
// (GET /v1/plot-data). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "exportctl/date.h"
#include "exportctl/rules.h"

namespace exportctl::app {

// Log-scaled axes: TPP (dense TOPS x bit length) and performance density (TPP / mm2).
struct PlotAxes {
  double tpp_min = 500, tpp_max = 100000;
  double pd_min = 1, pd_max = 100;
};

struct RegionCell {
  double tpp_lo, tpp_hi, pd_lo, pd_hi;
};

struct ThresholdRegion {
  std::string eccn;          // as Classify answers: "3A090.a.1", "3A991.p", "undetermined", "EAR99"
  bool controlled = false;   // anything but the rule set's default ECCN
  std::string colour;        // RegionColour(eccn); empty for the default ECCN (not drawn)
  std::string label;         // the ECCN, or for "undetermined" what it turns on
  std::vector<RegionCell> cells;  // rows from low to high PD, each row's runs from low to high TPP
};

// Regions ordered by ECCN; `cols` x `rows` samples (each at least 1).
std::vector<ThresholdRegion> SampleThresholdRegions(const RuleSet& rules, Date as_of, const PlotAxes& axes, int cols, int rows);

// The fill of a region: 3A090.a red, .a.2 orange, .b yellows, other 3A090/4A090 purple, 3A991
// light blue, undetermined (the 2022 rule's interconnect test) light orange; "" for no control.
std::string_view RegionColour(std::string_view eccn);

}  // namespace exportctl::app
