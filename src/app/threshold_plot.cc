#include "app/threshold_plot.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "app/threshold_regions.h"
#include "common/toml_util.h"

namespace exportctl::app {

namespace {

const PlotAxes kAxes;                                // log scales on both axes
constexpr int kLeft = 80, kTop = 60, kPlotW = 760, kPlotH = 520, kStrip = 40;
constexpr int kCols = 190, kRows = 130;             // region sampling grid

double X(double tpp) {
  return kLeft + kPlotW * (std::log10(tpp) - std::log10(kAxes.tpp_min)) / (std::log10(kAxes.tpp_max) - std::log10(kAxes.tpp_min));
}
double Y(double pd) {
  return kTop + kPlotH - kPlotH * (std::log10(pd) - std::log10(kAxes.pd_min)) / (std::log10(kAxes.pd_max) - std::log10(kAxes.pd_min));
}

// The SVG fill of a region: the palette's colour, hatched where the answer turns on a fact the
// chart does not show (the 2022 rule's interconnect rate).
std::string Fill(const ThresholdRegion& r) { return r.eccn == "undetermined" ? "url(#undecided)" : r.colour; }

}  // namespace

std::string RenderThresholdPlotSvg(const Engine& engine, Date as_of) {
  const RuleSet& rules = engine.rules();
  const int width = kLeft + kPlotW + 240, height = kTop + kPlotH + kStrip + 70;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"sans-serif\">\n"
      "<defs><pattern id=\"undecided\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      "<rect width=\"8\" height=\"8\" fill=\"#fdebd0\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#c0392b\" stroke-width=\"2\"/></pattern></defs>\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"30\" font-size=\"18\" font-weight=\"bold\">AI accelerators against US 3A090 thresholds as of {}</text>\n"
      "<text x=\"{}\" y=\"48\" font-size=\"11\" fill=\"#555\">rule set {} revision {}; regions for datacenter ICs; consumer/workstation parts (hollow) are caught only at TPP &gt;= 4800</text>\n",
      width, height, width, height, kLeft, as_of.ToString(), kLeft, detail::XmlEscape(rules.id()), detail::XmlEscape(rules.revision()));

  // Regions, each labelled at its area-weighted centre.
  const std::vector<ThresholdRegion> regions = SampleThresholdRegions(rules, as_of, kAxes, kCols, kRows);
  for (const ThresholdRegion& r : regions) {
    if (r.colour.empty()) continue;
    double area = 0, sx = 0, sy = 0;
    for (const RegionCell& c : r.cells) {
      const double x = X(c.tpp_lo), y = Y(c.pd_hi), w = X(c.tpp_hi) - x, h = Y(c.pd_lo) - y;
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" fill-opacity=\"0.55\"/>\n", x, y,
                         w + 0.4, h + 0.4, Fill(r));
      area += w * h;
      sx += (x + w / 2) * w * h;
      sy += (y + h / 2) * w * h;
    }
    if (area > 0)
      svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" font-size=\"15\" font-weight=\"bold\" fill=\"#333\" fill-opacity=\"0.7\" text-anchor=\"middle\">{}</text>\n",
                         sx / area, sy / area, detail::XmlEscape(r.label));
  }

  // Axes, ticks and grid.
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n", kLeft, kTop, kPlotW, kPlotH);
  for (double t : {500.0, 1000.0, 1600.0, 2400.0, 4800.0, 10000.0, 21000.0, 50000.0, 100000.0}) {
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3}\" font-size=\"11\" text-anchor=\"middle\">{4}</text>\n",
                       X(t), kTop, kTop + kPlotH + kStrip, kTop + kPlotH + kStrip + 16, static_cast<long>(t));
  }
  for (double p : {1.0, 1.6, 3.2, 5.92, 10.0, 20.0, 50.0, 100.0}) {
    svg += fmt::format("<line x1=\"{0}\" y1=\"{1:.1f}\" x2=\"{2}\" y2=\"{1:.1f}\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>"
                       "<text x=\"{3}\" y=\"{4:.1f}\" font-size=\"11\" text-anchor=\"end\">{5}</text>\n",
                       kLeft, Y(p), kLeft + kPlotW, kLeft - 6, Y(p) + 4, p);
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\">TPP (dense TOPS x bit length, log scale)</text>\n",
                     kLeft + kPlotW / 2, kTop + kPlotH + kStrip + 36);
  svg += fmt::format("<text x=\"20\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 20 {})\">performance density (TPP / mm2, log scale)</text>\n",
                     kTop + kPlotH / 2, kTop + kPlotH / 2);
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#555\">PD unknown</text>\n", kLeft + 4, kTop + kPlotH + 12);

  // Chips.
  int index = 0;
  for (const Chip& chip : engine.catalog().chips()) {
    Classification c = Classify(rules, chip, as_of);
    if (!c.metrics.tpp || *c.metrics.tpp < kAxes.tpp_min || *c.metrics.tpp > kAxes.tpp_max) continue;
    double x = X(*c.metrics.tpp);
    double y = c.metrics.pd ? Y(std::clamp(*c.metrics.pd, kAxes.pd_min, kAxes.pd_max)) : kTop + kPlotH + 20 + (index % 2) * 10;
    bool hollow = chip.designed_for != DesignedFor::kDatacenter;
    std::string fill = hollow ? "white" : (c.controlled ? "#7b241c" : c.determined ? "#1e8449" : "#7f8c8d");
    std::string name = chip.aliases.empty() ? chip.name : chip.aliases.front();
    svg += fmt::format("<g><title>{} — TPP {:.0f}, PD {}, {}</title><circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4.5\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>"
                       "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\">{}</text></g>\n",
                       detail::XmlEscape(chip.name), *c.metrics.tpp, c.metrics.pd ? fmt::format("{:.2f}", *c.metrics.pd) : "unknown", detail::XmlEscape(c.eccn),
                       x, y, fill, c.controlled ? "#7b241c" : "#1e8449", x + 6, y + (index % 3 - 1) * 4 + 3, detail::XmlEscape(name));
    ++index;
  }

  // Legend.
  int ly = kTop + 10;
  const int lx = kLeft + kPlotW + 20;
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">Regions (datacenter ICs)</text>\n", lx, ly);
  for (const ThresholdRegion& r : regions) {
    if (r.colour.empty()) continue;
    ly += 22;
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"14\" fill=\"{}\" fill-opacity=\"0.55\" stroke=\"#555\"/>"
                       "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
                       lx, ly - 11, Fill(r), lx + 22, ly, detail::XmlEscape(r.label));
  }
  ly += 22;
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\">white: no encoded control</text>\n", lx, ly);
  ly += 30;
  svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">Chips</text>\n", lx, ly);
  for (auto [fill, stroke, text] : {std::tuple{"#7b241c", "#7b241c", "controlled"}, std::tuple{"#1e8449", "#1e8449", "not controlled"},
                                    std::tuple{"#7f8c8d", "#1e8449", "undetermined"}, std::tuple{"white", "#1e8449", "consumer/workstation"}}) {
    ly += 20;
    svg += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
                       lx + 8, ly - 4, fill, stroke, lx + 22, ly, text);
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace exportctl::app
