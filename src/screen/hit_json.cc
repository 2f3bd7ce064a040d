// The one JSON shape of screening results (screen/hit_json.h), shared by the CLI and the server.
#include <cmath>

#include <nlohmann/json.hpp>

#include "screen/hit_json.h"

namespace exportctl::screen {

void to_json(nlohmann::json& j, const Explanation& explanation) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const TokenPair& p : explanation.pairs) {
    pairs.push_back({{"query", p.query_token},
                     {"list", p.list_token},
                     {"similarity", std::round(p.similarity * 1000) / 1000},
                     {"weak", p.weak}});
  }
  j = {{"method", explanation.method}, {"pairs", std::move(pairs)}};
  if (!explanation.limit.empty()) j["limit"] = explanation.limit;
  if (!explanation.whitelisted.empty()) j["whitelisted"] = explanation.whitelisted;
}

void to_json(nlohmann::json& j, const ScreeningHit& hit) {
  j = {{"list", hit.list},
       {"list_kind", hit.list_kind},
       {"source", hit.source},
       {"entry_id", hit.entry_id},
       {"entry_name", hit.entry_name},
       {"matched_name", hit.matched_name},
       {"entry_type", hit.entry_type},
       {"score", std::round(hit.score * 1000) / 1000},
       {"band", BandName(hit.band)},
       {"country", hit.country},
       {"programs", hit.programs},
       {"federal_register_notice", hit.federal_register_notice},
       {"start_date", hit.start_date},
       {"license_requirement", hit.license_requirement},
       {"license_policy", hit.license_policy}};
  if (!hit.explanation.method.empty()) j["explanation"] = hit.explanation;
}

void to_json(nlohmann::json& j, const Comparison& comparison) {
  j = {{"score", std::round(comparison.score * 1000) / 1000},
       {"band", BandName(comparison.band)},
       {"match", comparison.match},
       {"threshold", kDefaultThreshold},
       {"explanation", comparison.explanation}};
}

void to_json(nlohmann::json& j, const UnreadLetters& unread) {
  j = {{"words", unread.words}, {"scripts", unread.scripts}};
}

nlohmann::json ScreenAnswerJson(std::string_view name, const std::vector<ScreeningHit>& hits,
                                const UnreadLetters& unread) {
  nlohmann::json answer = {{"name", name}, {"threshold", kDefaultThreshold}, {"block_threshold", kBlockThreshold}, {"hits", hits}};
  if (!unread.empty()) answer["unread"] = unread;
  return answer;
}

}  // namespace exportctl::screen
