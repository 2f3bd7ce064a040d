#include "screen/rescreen.h"

#include <cmath>
#include <map>

#include "screen/hit_json.h"

namespace exportctl::screen {

nlohmann::json SaveScreening(const std::vector<PartyHits>& results) {
  nlohmann::json parties = nlohmann::json::array();
  for (const PartyHits& p : results) {
    nlohmann::json hits = nlohmann::json::array();
    for (const ScreeningHit& h : p.hits) {
      nlohmann::json j = h;
      j.erase("explanation");
      hits.push_back(std::move(j));
    }
    parties.push_back({{"party", p.party}, {"hits", std::move(hits)}});
  }
  return {{"parties", std::move(parties)}};
}

std::vector<HitChange> NewOrChangedHits(const nlohmann::json& previous,
                                        const std::vector<PartyHits>& current) {
  // (party, list, entry id) → the previous hit.
  std::map<std::tuple<std::string, std::string, std::string>, const nlohmann::json*> before;
  if (previous.is_object() && previous.contains("parties") && previous["parties"].is_array()) {
    for (const auto& p : previous["parties"]) {
      if (!p.is_object() || !p.contains("hits") || !p["hits"].is_array()) continue;
      std::string party = p.value("party", "");
      for (const auto& h : p["hits"]) {
        if (!h.is_object()) continue;
        before[{party, h.value("list", ""), h.value("entry_id", "")}] = &h;
      }
    }
  }
  std::vector<HitChange> out;
  for (const PartyHits& p : current) {
    for (const ScreeningHit& h : p.hits) {
      auto it = before.find({p.party, h.list, h.entry_id});
      if (it == before.end()) {
        out.push_back(HitChange{p.party, h, "new", "", 0});
        continue;
      }
      const nlohmann::json& old = *it->second;
      double old_score = old.value("score", 0.0);
      std::string old_band = old.value("band", "");
      bool changed = old_band != BandName(h.band) || std::fabs(old_score - h.score) >= 0.01 ||
                     old.value("matched_name", "") != h.matched_name ||
                     old.value("start_date", "") != h.start_date ||
                     old.value("federal_register_notice", "") != h.federal_register_notice;
      if (changed) out.push_back(HitChange{p.party, h, "changed", old_band, old_score});
    }
  }
  return out;
}

}  // namespace exportctl::screen
