#include "plot_data.h"

#include <cmath>
#include <map>

#include "app/json_mapping.h"

namespace exportctl::server {

namespace {
constexpr double kTppMin = 500, kTppMax = 100000;  // as app/threshold_plot.cc
constexpr double kPdMin = 1, kPdMax = 100;

double LogLerp(double lo, double hi, double t) { return std::pow(10, std::log10(lo) + t * (std::log10(hi) - std::log10(lo))); }
}  // namespace

nlohmann::json PlotData(const Engine& engine, Date as_of, int cols, int rows) {
  const RuleSet& rules = engine.rules();
  Chip probe;
  probe.id = "region-probe";
  probe.designed_for = DesignedFor::kDatacenter;
  std::map<std::string, nlohmann::json> cells;  // eccn -> [[tpp_lo, tpp_hi, pd_lo, pd_hi], …]
  for (int row = 0; row < rows; ++row) {
    double pd = LogLerp(kPdMin, kPdMax, (row + 0.5) / rows);
    double pd_lo = LogLerp(kPdMin, kPdMax, double(row) / rows), pd_hi = LogLerp(kPdMin, kPdMax, double(row + 1) / rows);
    int run_start = 0;
    std::string run_eccn;
    for (int col = 0; col <= cols; ++col) {
      std::string eccn;
      if (col < cols) {
        double tpp = LogLerp(kTppMin, kTppMax, (col + 0.5) / cols);
        probe.dense_tops[static_cast<int>(Precision::kFp8)] = tpp / 8;
        probe.die_area_mm2 = tpp / pd;
        eccn = Classify(rules, probe, as_of).eccn;
      }
      if (col == cols || eccn != run_eccn) {
        if (col > 0)
          cells[run_eccn].push_back({LogLerp(kTppMin, kTppMax, double(run_start) / cols), LogLerp(kTppMin, kTppMax, double(col) / cols),
                                     pd_lo, pd_hi});
        run_start = col;
        run_eccn = eccn;
      }
    }
  }
  nlohmann::json regions = nlohmann::json::array();
  for (auto& [eccn, c] : cells) regions.push_back({{"eccn", eccn}, {"controlled", eccn != rules.default_eccn()}, {"cells", std::move(c)}});

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
          {"ruleset", app::RuleSetToJson(rules)},
          {"axes", {{"tpp", {{"min", kTppMin}, {"max", kTppMax}}}, {"pd", {{"min", kPdMin}, {"max", kPdMax}}}}},
          {"grid", {{"cols", cols}, {"rows", rows}}},
          {"regions", std::move(regions)},
          {"chips", std::move(chips)}};
}

}  // namespace exportctl::server
