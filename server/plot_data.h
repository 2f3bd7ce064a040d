// The data behind the TPP-against-performance-density chart of the web page: threshold regions in
// force on a date, found by classifying a synthetic datacenter IC over a log grid of (TPP, PD) as
// app/threshold_plot.cc does (so a rule change redraws the regions with no code change), merged
// into horizontal runs of one ECCN, plus every catalog chip as a point. Pure; thread-safe.
//
//   {"as_of", "ruleset", "axes": {"tpp": {"min","max"}, "pd": {"min","max"}}, "grid": {"cols","rows"},
//    "regions": [{"eccn", "cells": [[tpp_lo, tpp_hi, pd_lo, pd_hi], …]}],
//    "chips": [{"id","name","label","designed_for","tpp","pd","eccn","controlled","determined"}]}
#pragma once

#include <nlohmann/json.hpp>

#include "exportctl/date.h"
#include "exportctl/engine.h"

namespace exportctl::server {

nlohmann::json PlotData(const Engine& engine, Date as_of, int cols = 72, int rows = 48);

}  // namespace exportctl::server
