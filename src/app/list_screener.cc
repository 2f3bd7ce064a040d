#include "app/list_screener.h"

#include <fmt/format.h>

#include "common/sha256.h"

namespace exportctl::app {

ListScreener::ListScreener(std::shared_ptr<const screen::Screener> screener) : memo_(std::move(screener)) {
  // Complete screening needs an official list (trade.gov's CSL, or OFAC's SDN beside it); the
  // bundled Entity List excerpt alone is a sample.
  bool official = false;
  std::string versions;
  for (const screen::ListInfo& l : memo_.screener().lists()) {
    versions_.push_back({l.id, l.version, l.content_sha256});
    versions += fmt::format("{}\x1f{}\x1f{}\x1e", l.id, l.version, l.content_sha256);
    official |= l.origin != "bundled";
    if (!l.problem.empty())
      coverage_warning_ += fmt::format("{}imported list `{}`: {}", coverage_warning_.empty() ? "" : "; ", l.id, l.problem);
  }
  if (!official)
    coverage_warning_ +=
        std::string(coverage_warning_.empty() ? "" : "; ") +
        "screened only against the bundled Entity List excerpt: import the official Consolidated Screening List "
        "(`exportctl lists import --source csl FILE`) for complete restricted-party screening";
  fingerprint_ = detail::Sha256Hex(versions).substr(0, 32);
}

std::vector<PartyHit> ListScreener::Screen(std::string_view name, Date /*as_of*/) const {
  screen::ScreenOptions opts;
  opts.type = screen::PartyType::kAny;
  opts.min_score = screen::kDefaultThreshold;
  opts.limit = 5;
  opts.explain = false;
  std::vector<PartyHit> out;
  for (const screen::ScreeningHit& h : *memo_.Screen(name, opts)) {
    PartyHit p;
    p.list = h.list_kind;
    p.source = h.source;
    p.entry_id = h.entry_id;
    p.entry_name = h.entry_name;
    p.matched_name = h.matched_name;
    p.score = h.score;
    p.band = std::string(screen::BandName(h.band));
    p.federal_register_notice = h.federal_register_notice;
    if (auto d = Date::Parse(h.start_date); d.ok()) p.listed_on = *d;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace exportctl::app
