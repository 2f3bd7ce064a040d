// Re-screening a saved party set: compares this run's hits with the previous run's (saved as JSON)
// and keeps only what a reviewer has not seen: hits on a new list entry, and hits whose band, score
// (by 0.01 or more), matched name or listing facts (start date, FR notice) changed.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exportctl/screen.h"

namespace exportctl::screen {

struct PartyHits {
  std::string party;
  std::vector<ScreeningHit> hits;
};

struct HitChange {
  std::string party;
  ScreeningHit hit;
  std::string change;          // "new" or "changed"
  std::string previous_band;   // for "changed"
  double previous_score = 0;   // for "changed"
};

// The saved form: {"parties": [{"party": …, "hits": [{list, entry_id, score, band, …}]}]}.
nlohmann::json SaveScreening(const std::vector<PartyHits>& results);

// `previous` may be null (first run: every hit is new).
std::vector<HitChange> NewOrChangedHits(const nlohmann::json& previous,
                                        const std::vector<PartyHits>& current);

}  // namespace exportctl::screen
