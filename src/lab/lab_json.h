// JSON for the policy-lab views, shared by the CLI (--format json) and the HTTP server, so both
// serve the same contract (docs/policy-lab.md lists the keys).
#pragma once

#include <nlohmann/json.hpp>

#include "exportctl/lab.h"

namespace exportctl::lab {

nlohmann::json WhatIfToJson(const WhatIfReport& r);
nlohmann::json ImpactToJson(const ImpactReport& r);
nlohmann::json DesignToJson(const DesignReport& r);
nlohmann::json TimelineToJson(const Timeline& t);
nlohmann::json AggregateToJson(const AggregateReport& r);

}  // namespace exportctl::lab
