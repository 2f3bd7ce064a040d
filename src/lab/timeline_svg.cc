// The status-timeline chart, in the style of app/threshold_plot.cc.
#include <algorithm>

#include <fmt/format.h>

#include "lab/lab_render.h"

#include "common/toml_util.h"

namespace exportctl::lab {

std::string XmlEscape(std::string_view s) { return detail::XmlEscape(s); }

namespace {

constexpr int kLeft = 40, kTop = 70, kPlotW = 1000, kBand = 34, kGap = 8;

std::string OutcomeColour(Outcome o, ReviewPolicy p) {
  switch (o) {
    case Outcome::kNoLicenseRequired: return "#27ae60";
    case Outcome::kLicenseException: return "#2e86c1";
    case Outcome::kProhibited: return "#7b241c";
    case Outcome::kHold: return "#8e44ad";
    case Outcome::kLicenseRequired:
      if (p == ReviewPolicy::kPresumptionOfDenial) return "#c0392b";
      if (p == ReviewPolicy::kCaseByCase) return "#e67e22";
      return "#f4d03f";
  }
  return "#999999";
}

}  // namespace

std::string RenderTimelineSvg(const Timeline& t) {
  const CheckRequest& s = t.request.shipment;
  const int n = static_cast<int>(t.intervals.size());
  const int axis_y = kTop + n * (kBand + kGap) + 10;
  const int width = kLeft + kPlotW + 40, height = axis_y + 120;
  const double d0 = t.request.from.days(), d1 = t.request.to.days() + 1;
  auto x = [&](Date d) { return kLeft + kPlotW * (d.days() - d0) / std::max(1.0, d1 - d0); };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"sans-serif\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"{}\" y=\"28\" font-size=\"18\" font-weight=\"bold\">Status of {} to {}{}{}, {} to {}</text>\n"
      "<text x=\"{}\" y=\"50\" font-size=\"12\" fill=\"#555\">ship from {}; one band per interval of equal outcome and review policy, "
      "labelled with the rule that changed it</text>\n",
      width, height, width, height, kLeft, XmlEscape(s.chip->name), XmlEscape(s.destination),
      s.end_user.empty() ? "" : ", end user " + XmlEscape(s.end_user),
      s.end_user_hq.empty() ? "" : " (HQ " + XmlEscape(s.end_user_hq) + ")", t.request.from.ToString(), t.request.to.ToString(),
      kLeft, XmlEscape(s.ship_from));
  for (int i = 0; i < n; ++i) {
    const TimelineInterval& iv = t.intervals[i];
    double x0 = x(iv.from), x1 = x(iv.to.AddDays(1));
    int y = kTop + i * (kBand + kGap);
    std::string label = iv.changed_by.empty() ? "initial status" : fmt::format("{}", fmt::join(iv.changed_by, ", "));
    std::string status = std::string(OutcomeName(iv.outcome));
    if (iv.review_policy != ReviewPolicy::kNone) status += fmt::format(" ({})", ReviewPolicyName(iv.review_policy));
    svg += fmt::format(
        "<g><title>{} to {}: {}; ECCN {}; {}</title>"
        "<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\" stroke=\"#333\" stroke-width=\"0.5\"/>\n",
        iv.from.ToString(), iv.to.ToString(), XmlEscape(status), XmlEscape(iv.eccn), XmlEscape(label), x0, y,
        std::max(1.0, x1 - x0), kBand, OutcomeColour(iv.outcome, iv.review_policy));
    // Label where there is most room: inside the band, to its right or to its left; the rule list
    // is shortened to the room available (the full text is in the band's tooltip).
    std::string line1 = fmt::format("{}: {}", iv.from.ToString(), status);
    const double room_in = x1 - x0 - 12, room_right = width - 10 - (x1 + 6), room_left = x0 - 6 - 5;
    std::string anchor = "start", fill1 = "#222", fill2 = "#444";
    double tx, room;
    if (room_in >= line1.size() * 6.3 && room_in >= std::max(room_right, room_left)) {
      tx = x0 + 6;
      room = room_in;
      fill1 = fill2 = "white";
    } else if (room_right >= room_left) {
      tx = x1 + 6;
      room = room_right;
    } else {
      tx = x0 - 6;
      room = room_left;
      anchor = "end";
    }
    std::size_t fit = static_cast<std::size_t>(std::max(10.0, room / 5.7));
    if (label.size() > fit) label = label.substr(0, fit - 3) + "...";
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"11\" fill=\"{}\" text-anchor=\"{}\">{}</text>\n", tx, y + 14,
                       fill1, anchor, XmlEscape(line1));
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" font-size=\"10\" fill=\"{}\" text-anchor=\"{}\">{}</text></g>\n", tx, y + 28,
                       fill2, anchor, XmlEscape(label));
  }
  // Date axis: a tick per year and per interval start.
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000\"/>\n", kLeft, axis_y, kLeft + kPlotW, axis_y);
  for (int y = t.request.from.year(); y <= t.request.to.year() + 1; ++y) {
    Date d = Date::FromYmd(y, 1, 1);
    if (d < t.request.from || t.request.to < d) continue;
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#000\"/>"
                       "<text x=\"{0:.1f}\" y=\"{3}\" font-size=\"12\" text-anchor=\"middle\">{4}</text>\n",
                       x(d), axis_y, axis_y + 6, axis_y + 20, y);
  }
  for (const TimelineInterval& iv : t.intervals) {
    double xx = x(iv.from);
    svg += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#888\" stroke-dasharray=\"2,2\"/>"
                       "<text transform=\"translate({0:.1f},{3}) rotate(45)\" font-size=\"10\" fill=\"#444\">{4}</text>\n",
                       xx, kTop - 6, axis_y, axis_y + 30, iv.from.ToString());
  }
  // Legend.
  int lx = kLeft, ly = height - 18;
  for (auto [name, colour] : {std::pair{"no licence", "#27ae60"}, {"licence exception", "#2e86c1"},
                              {"licence: approval", "#f4d03f"}, {"licence: case by case", "#e67e22"},
                              {"licence: denial", "#c0392b"}, {"prohibited", "#7b241c"}}) {
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\n",
                       lx, ly - 10, colour, lx + 16, ly, name);
    lx += 170;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace exportctl::lab
