// Standalone documents for the policy-lab views: the timeline chart (SVG) and the what-if page
// (HTML). Both are self-contained (no scripts, no external resources) and escape every string.
#pragma once

#include <string>

#include "exportctl/lab.h"

namespace exportctl::lab {

// One horizontal band per interval, coloured by outcome and labelled with the rule that changed
// it; a date axis with a tick at each year and each interval start.
std::string RenderTimelineSvg(const Timeline& t);

// The what-if report as one HTML page: rule diff, then a table of every change with both sides.
std::string RenderWhatIfHtml(const WhatIfReport& r);

std::string XmlEscape(std::string_view s);

}  // namespace exportctl::lab
