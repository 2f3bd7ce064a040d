// The one JSON shape of screening results (a hit, its explanation, a comparison), shared by the
// CLI and the HTTP server. Kept out of the public header so that the API does not expose a JSON
// library; found by argument-dependent lookup wherever this header is included.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "exportctl/screen.h"

namespace exportctl::screen {

void to_json(nlohmann::json& j, const ScreeningHit& hit);
void to_json(nlohmann::json& j, const Explanation& explanation);
void to_json(nlohmann::json& j, const Comparison& comparison);

void to_json(nlohmann::json& j, const UnreadLetters& unread);  // {words, scripts}

// The answer to "screen this name": name, thresholds, hits, and `unread` when some of its letters
// could not be read (`unread`: FindUnreadLetters of the name).
nlohmann::json ScreenAnswerJson(std::string_view name, const std::vector<ScreeningHit>& hits,
                                const UnreadLetters& unread);

}  // namespace exportctl::screen
