#include "app/threshold_plot.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "common/toml_util.h"

namespace exportctl::app {

namespace {

constexpr double kTppMin = 500, kTppMax = 100000;  // x axis, log scale
constexpr double kPdMin = 1, kPdMax = 100;         // y axis, log scale
constexpr int kLeft = 80, kTop = 60, kPlotW = 760, kPlotH = 520, kStrip = 40;
constexpr int kCols = 190, kRows = 130;             // region sampling grid

double X(double tpp) { return kLeft + kPlotW * (std::log10(tpp) - std::log10(kTppMin)) / (std::log10(kTppMax) - std::log10(kTppMin)); }
double Y(double pd) { return kTop + kPlotH - kPlotH * (std::log10(pd) - std::log10(kPdMin)) / (std::log10(kPdMax) - std::log10(kPdMin)); }

std::string ColourFor(const std::string& eccn) {
  if (eccn == "undetermined") return "url(#undecided)";
  if (eccn.starts_with("3A090.a.1") || eccn == "3A090.a") return "#c0392b";
  if (eccn.starts_with("3A090.a.2")) return "#e67e22";
  if (eccn.starts_with("3A090.b.1")) return "#f1c40f";
  if (eccn.starts_with("3A090.b.2")) return "#f7dc6f";
  if (eccn.starts_with("3A090") || eccn.starts_with("4A090")) return "#a569bd";
  return "#ffffff";
}

// Classifies a synthetic datacenter IC with the given TPP and PD (interconnect unknown).
std::string RegionEccn(const RuleSet& rules, double tpp, double pd, Date as_of, Chip* probe) {
  probe->dense_tops[static_cast<int>(Precision::kFp8)] = tpp / 8;
  probe->die_area_mm2 = tpp / pd;
  return Classify(rules, *probe, as_of).eccn;
}

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

  // Regions: sample the rules on a log grid and merge runs of equal ECCN per row.
  Chip probe;
  probe.id = "region-probe";
  probe.designed_for = DesignedFor::kDatacenter;
  std::map<std::string, std::pair<double, double>> label_sum;  // eccn -> (sum x, sum y)
  std::map<std::string, int> label_count;
  const double cw = double(kPlotW) / kCols, ch = double(kPlotH) / kRows;
  for (int row = 0; row < kRows; ++row) {
    double yc = kTop + (row + 0.5) * ch;
    double pd = std::pow(10, std::log10(kPdMax) - (row + 0.5) / kRows * (std::log10(kPdMax) - std::log10(kPdMin)));
    int run_start = 0;
    std::string run_eccn;
    for (int col = 0; col <= kCols; ++col) {
      std::string eccn;
      if (col < kCols) {
        double tpp = std::pow(10, std::log10(kTppMin) + (col + 0.5) / kCols * (std::log10(kTppMax) - std::log10(kTppMin)));
        eccn = RegionEccn(rules, tpp, pd, as_of, &probe);
        label_sum[eccn].first += kLeft + (col + 0.5) * cw;
        label_sum[eccn].second += yc;
        ++label_count[eccn];
      }
      if (col == kCols || eccn != run_eccn) {
        if (col > 0 && ColourFor(run_eccn) != "#ffffff")
          svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" fill-opacity=\"0.55\"/>\n",
                             kLeft + run_start * cw, kTop + row * ch, (col - run_start) * cw + 0.4, ch + 0.4, ColourFor(run_eccn));
        run_start = col;
        run_eccn = eccn;
      }
    }
  }
  for (auto& [eccn, sum] : label_sum) {
    if (ColourFor(eccn) == "#ffffff") continue;
    int n = label_count[eccn];
    std::string text = eccn == "undetermined" ? "3A090 if I/O >= 600 GB/s" : eccn;
    svg += fmt::format("<text x=\"{:.0f}\" y=\"{:.0f}\" font-size=\"15\" font-weight=\"bold\" fill=\"#333\" fill-opacity=\"0.7\" text-anchor=\"middle\">{}</text>\n",
                       sum.first / n, sum.second / n, detail::XmlEscape(text));
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
    if (!c.metrics.tpp || *c.metrics.tpp < kTppMin || *c.metrics.tpp > kTppMax) continue;
    double x = X(*c.metrics.tpp);
    double y = c.metrics.pd ? Y(std::clamp(*c.metrics.pd, kPdMin, kPdMax)) : kTop + kPlotH + 20 + (index % 2) * 10;
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
  for (auto& [eccn, sum] : label_sum) {
    if (ColourFor(eccn) == "#ffffff") continue;
    ly += 22;
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"14\" fill=\"{}\" fill-opacity=\"0.55\" stroke=\"#555\"/>"
                       "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\n",
                       lx, ly - 11, ColourFor(eccn), lx + 22, ly, detail::XmlEscape(eccn == "undetermined" ? "3A090 if I/O >= 600 GB/s" : eccn));
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
