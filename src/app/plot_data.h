// The data behind the web page's TPP-against-performance-density chart: the threshold regions in
// force on a date (app/threshold_regions.h, with their colour and label, so the page draws what the
// SVG draws) and every catalog chip as a point. Pure; thread-safe.
//
//   {"as_of", "ruleset", "axes": {"tpp": {"min","max"}, "pd": {"min","max"}}, "grid": {"cols","rows"},
//    "regions": [{"eccn", "controlled", "colour", "label", "cells": [[tpp_lo, tpp_hi, pd_lo, pd_hi], …]}],
//    "chips": [{"id","name","label","designed_for","tpp","pd","eccn","controlled","determined"}]}
#pragma once

#include <nlohmann/json.hpp>

#include "exportctl/date.h"
#include "exportctl/engine.h"

namespace exportctl::app {

nlohmann::json PlotDataJson(const Engine& engine, Date as_of, int cols = 72, int rows = 48);

}  // namespace exportctl::app
