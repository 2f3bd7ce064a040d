// GET /v1/catalog[?as_of=] (every chip with its classification) and GET /v1/catalog/{id}.
#include "app/json_mapping.h"
#include "routes.h"

namespace exportctl::server {

void RegisterCatalogRoutes(Api& api) {
  api.Add("GET", "/v1/catalog", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto as_of = call.AsOf();
    if (!as_of.ok()) return as_of.error();
    const RuleSet& rules = call.engine().rules();
    nlohmann::json chips = nlohmann::json::array();
    for (const Chip& chip : call.engine().catalog().chips()) {
      nlohmann::json c = app::ClassificationToJson(Classify(rules, chip, *as_of), rules, false);
      c.erase("ruleset");  // once, at the top
      chips.push_back(std::move(c));
    }
    return Reply::Json({{"as_of", as_of->ToString()}, {"ruleset", app::RuleSetToJson(rules)}, {"chips", std::move(chips)}});
  });
  api.Add("GET", R"(/v1/catalog/([^/]+))", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto chip = call.engine().FindChip(call.request.matches[1]);
    if (!chip.ok()) return chip.error();
    nlohmann::json j = app::ChipToJson(**chip);
    j["metrics"] = app::MetricsToJson(ComputeMetrics(**chip));
    return Reply::Json(j);
  }, "GET /v1/catalog/{id}");
}

}  // namespace exportctl::server
