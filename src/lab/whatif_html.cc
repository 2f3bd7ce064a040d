// The what-if report as a self-contained HTML page.
#include <fmt/format.h>

#include "lab/lab_render.h"

namespace exportctl::lab {

namespace {

std::string List(const std::vector<std::string>& items) {
  if (items.empty()) return "<em>none</em>";
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + fmt::format("<code>{}</code>", XmlEscape(s));
  return out;
}

}  // namespace

std::string RenderWhatIfHtml(const WhatIfReport& r) {
  std::string h = fmt::format(
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>What-if: {}</title>\n"
      "<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;"
      "padding:4px 8px;vertical-align:top}}th{{background:#eee}}.old{{color:#922}}.new{{color:#262}}small{{color:#555}}</style>"
      "</head><body>\n<h1>What-if: draft rules beside the rules in force</h1>\n"
      "<p>In force: <code>{}</code><br>Draft: <code>{}</code><br>Catalog classified as of {}; golden cases on their own dates.</p>\n"
      "<p>{} chips and {} golden cases evaluated; <strong>{} change(s)</strong>.</p>\n"
      "<h2>Rule changes</h2><ul><li>added: {}</li><li>removed: {}</li><li>modified: {}</li></ul>\n",
      XmlEscape(r.draft_ruleset), XmlEscape(r.in_force_ruleset), XmlEscape(r.draft_ruleset), r.as_of.ToString(),
      r.chips_evaluated, r.cases_evaluated, r.changes.size(), List(r.rule_diff.added), List(r.rule_diff.removed),
      List(r.rule_diff.modified));
  h += "<h2>Changes</h2>\n<table><tr><th>kind</th><th>subject</th><th>as of</th><th>in force</th><th>draft</th></tr>\n";
  for (const WhatIfChange& c : r.changes) {
    h += fmt::format(
        "<tr><td>{}</td><td>{}<br><small>{}</small></td><td>{}</td>"
        "<td class=\"old\"><strong>{}</strong><br><small>{}</small></td>"
        "<td class=\"new\"><strong>{}</strong><br><small>{}</small></td></tr>\n",
        XmlEscape(c.kind), XmlEscape(c.subject), XmlEscape(c.where), c.as_of.valid() ? c.as_of.ToString() : "",
        XmlEscape(c.in_force.result), XmlEscape(c.in_force.explanation), XmlEscape(c.draft.result),
        XmlEscape(c.draft.explanation));
  }
  h += "</table>\n";
  if (!r.case_errors.empty()) {
    h += "<h2>Cases that failed to run</h2><ul>";
    for (const std::string& e : r.case_errors) h += "<li>" + XmlEscape(e) + "</li>";
    h += "</ul>\n";
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace exportctl::lab
