// The TPP-against-performance-density picture analysts draw by hand: threshold regions in force on
// a date (derived by evaluating the rule set itself over a grid, so a rule change redraws the
// regions without code changes) and every catalog chip as a labelled point, as a standalone SVG.
#pragma once

#include <string>

#include "exportctl/date.h"
#include "exportctl/engine.h"

namespace exportctl::app {

std::string RenderThresholdPlotSvg(const Engine& engine, Date as_of);

}  // namespace exportctl::app
