#include "app/plot_data.h"

#include "app/json_mapping.h"
#include "app/threshold_regions.h"

namespace exportctl::app {

nlohmann::json PlotDataJson(const Engine& engine, Date as_of, int cols, int rows) {
  const RuleSet& rules = engine.rules();
  const PlotAxes axes;
  nlohmann::json regions = nlohmann::json::array();
  for (const ThresholdRegion& r : SampleThresholdRegions(rules, as_of, axes, cols, rows)) {
    nlohmann::json cells = nlohmann::json::array();
    for (const RegionCell& c : r.cells) cells.push_back({c.tpp_lo, c.tpp_hi, c.pd_lo, c.pd_hi});
    regions.push_back({{"eccn", r.eccn}, {"controlled", r.controlled}, {"colour", r.colour}, {"label", r.label}, {"cells", std::move(cells)}});
  }
  nlohmann::json chips = nlohmann::json::array();
  for (const Chip& chip : engine.catalog().chips()) {
    Classification c = Classify(rules, chip, as_of);
    chips.push_back({{"id", chip.id},
                     {"name", chip.name},
                     {"label", chip.aliases.empty() ? chip.name : chip.aliases.front()},
                     {"designed_for", DesignedForName(chip.designed_for)},
                     {"tpp", c.metrics.tpp ? nlohmann::json(*c.metrics.tpp) : nlohmann::json(nullptr)},
                     {"pd", c.metrics.pd ? nlohmann::json(*c.metrics.pd) : nlohmann::json(nullptr)},
                     {"eccn", c.eccn},
                     {"controlled", c.controlled},
                     {"determined", c.determined}});
  }
  return {{"as_of", as_of.ToString()},
          {"ruleset", RuleSetToJson(rules)},
          {"axes", {{"tpp", {{"min", axes.tpp_min}, {"max", axes.tpp_max}}}, {"pd", {{"min", axes.pd_min}, {"max", axes.pd_max}}}}},
          {"grid", {{"cols", cols}, {"rows", rows}}},
          {"regions", std::move(regions)},
          {"chips", std::move(chips)}};
}

}  // namespace exportctl::app
