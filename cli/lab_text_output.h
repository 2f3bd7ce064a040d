// Human-readable renderings of the policy-lab views (JSON lives in src/lab/lab_json.h).
#pragma once

#include <ostream>

#include "exportctl/lab.h"

namespace exportctl::cli {

void PrintWhatIf(std::ostream& out, const lab::WhatIfReport& r);
void PrintImpact(std::ostream& out, const lab::ImpactReport& r);
void PrintDesign(std::ostream& out, const lab::DesignReport& r);
void PrintTimeline(std::ostream& out, const lab::Timeline& t);
void PrintAggregate(std::ostream& out, const lab::AggregateReport& r);

}  // namespace exportctl::cli
