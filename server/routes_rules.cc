// GET /v1/rules[?as_of=], /v1/rules/timeline, /v1/plot.svg?as_of= and /v1/plot-data?as_of=; the
// rule files of the snapshot's rule directory (GET /v1/rules/files, /v1/rules/files/{path}: the
// text a what-if draft starts from; only listed *.toml files inside the directory are served).
#include <algorithm>

#include "app/json_mapping.h"
#include "app/threshold_plot.h"
#include "app/plot_data.h"
#include "routes.h"
#include "rule_files.h"

namespace exportctl::server {

void RegisterRulesRoutes(Api& api) {
  api.Add("GET", "/v1/rules", Access::kRead, [](const Call& call) -> Result<Reply> {
    const RuleSet& set = call.engine().rules();
    nlohmann::json rules = nlohmann::json::array();
    std::optional<Date> as_of;
    if (auto q = call.Query("as_of"); q && !q->empty()) {
      auto d = Date::Parse(*q);
      if (!d.ok()) return d.error();
      as_of = *d;
    }
    for (const Rule& r : set.rules())
      if (!as_of || r.InForce(*as_of)) rules.push_back(app::RuleToJson(r));
    return Reply::Json({{"ruleset", app::RuleSetToJson(set)},
                        {"as_of", as_of ? nlohmann::json(as_of->ToString()) : nlohmann::json(nullptr)},
                        {"rules", std::move(rules)}});
  });
  api.Add("GET", "/v1/rules/timeline", Access::kRead, [](const Call& call) -> Result<Reply> {
    const RuleSet& set = call.engine().rules();
    std::vector<const Rule*> sorted;
    for (const Rule& r : set.rules()) sorted.push_back(&r);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Rule* a, const Rule* b) { return a->effective.from < b->effective.from; });
    nlohmann::json rules = nlohmann::json::array(), dates = nlohmann::json::array();
    for (const Rule* r : sorted) rules.push_back(app::RuleToJson(*r));
    for (Date d : set.ChangeDates())
      if (d != Date::Min() && d != Date::Max()) dates.push_back(d.ToString());
    return Reply::Json({{"ruleset", app::RuleSetToJson(set)}, {"change_dates", std::move(dates)}, {"rules", std::move(rules)}});
  });
  api.Add("GET", "/v1/rules/files", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto names = ListRuleFiles(call.snapshot.RulesDir());
    if (!names.ok()) return names.error();
    return Reply::Json({{"ruleset", app::RuleSetToJson(call.engine().rules())}, {"files", *names}});
  });
  api.Add("GET", R"(/v1/rules/files/(.+))", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto text = ReadRuleFile(call.snapshot.RulesDir(), call.request.matches[1]);
    if (!text.ok()) return text.error();
    return Reply{200, std::move(text).value(), "text/plain; charset=utf-8"};
  }, "GET /v1/rules/files/{path}");
  api.Add("GET", "/v1/plot.svg", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto as_of = call.AsOf();
    if (!as_of.ok()) return as_of.error();
    return Reply{200, app::RenderThresholdPlotSvg(call.engine(), *as_of), "image/svg+xml"};
  });
  api.Add("GET", "/v1/plot-data", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto as_of = call.AsOf();
    if (!as_of.ok()) return as_of.error();
    return Reply::Json(app::PlotDataJson(call.engine(), *as_of));
  });
}

}  // namespace exportctl::server
