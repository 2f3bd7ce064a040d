#include "app/list_screener.h"

#include <fmt/format.h>

#include "common/sha256.h"

namespace exportctl::app {

ListScreener::ListScreener(std::shared_ptr<const screen::Screener> screener)
    : memo_(std::make_shared<const screen::ScreenMemo>(std::move(screener))),
      clearances_(std::make_shared<const screen::Whitelist>()) {
  // Complete screening needs an official list (trade.gov's CSL, or OFAC's SDN beside it); the
  // bundled Entity List excerpt alone is a sample.
  bool official = false;
  for (const screen::ListInfo& l : memo_->screener().lists()) {
    official |= l.origin != "bundled";
    if (!l.problem.empty())
      lists_warning_ += fmt::format("{}imported list `{}`: {}", lists_warning_.empty() ? "" : "; ", l.id, l.problem);
  }
  if (!official)
    lists_warning_ +=
        std::string(lists_warning_.empty() ? "" : "; ") +
        "screened only against the bundled Entity List excerpt: import the official Consolidated Screening List "
        "(`exportctl lists import --source csl FILE`) for complete restricted-party screening";
  SetVersions();
}

void ListScreener::SetVersions() {
  versions_.clear();
  std::string versions;
  for (const screen::ListInfo& l : memo_->screener().lists()) {
    versions_.push_back({l.id, l.version, l.content_sha256});
    versions += fmt::format("{}\x1f{}\x1f{}\x1e", l.id, l.version, l.content_sha256);
  }
  if (!clearances_->fingerprint().empty()) {
    versions_.push_back({"clearances",
                         fmt::format("{} in the ledger{}", clearances_->entries().size(),
                                     clearances_->approvals_off() ? ", approvals off" : ""),
                         clearances_->fingerprint()});
    versions += fmt::format("clearances\x1f{}\x1e", clearances_->fingerprint());
  }
  fingerprint_ = detail::Sha256Hex(versions).substr(0, 32);
  coverage_warning_ = lists_warning_;
  if (clearances_->approvals_off())
    coverage_warning_ += std::string(coverage_warning_.empty() ? "" : "; ") +
                         "the ledger's approvals are switched off (a one-person desk): its clearances and licences "
                         "took effect without a second approver";
}

std::shared_ptr<const ListScreener> ListScreener::WithClearances(std::shared_ptr<const screen::Whitelist> clearances) const {
  auto copy = std::make_shared<ListScreener>(*this);
  copy->clearances_ = clearances ? std::move(clearances) : std::make_shared<const screen::Whitelist>();
  copy->SetVersions();
  return copy;
}

std::shared_ptr<const screen::Whitelist> WhitelistOf(const std::vector<Clearance>& clearances,
                                                     const LedgerSettings& settings) {
  std::vector<screen::WhitelistEntry> entries;
  for (const Clearance& c : clearances)
    if (!c.revoked)
      entries.push_back({c.id, c.party, c.list, c.entry_id, c.reason, c.requested_by, c.approved_by, c.recorded_at,
                         c.expires});
  return std::make_shared<const screen::Whitelist>(std::move(entries), !settings.approvals_required);
}

std::shared_ptr<const Engine> EngineWithClearances(const std::shared_ptr<const Engine>& engine,
                                                   std::shared_ptr<const screen::Whitelist> clearances) {
  const auto* lists = dynamic_cast<const ListScreener*>(engine->screener());
  if (!lists) return engine;
  return engine->WithScreener(lists->WithClearances(std::move(clearances)));
}

std::vector<PartyHit> ListScreener::Screen(std::string_view name, Date as_of) const {
  screen::ScreenOptions opts;
  opts.type = screen::PartyType::kAny;
  opts.min_score = screen::kDefaultThreshold;
  opts.limit = 5;
  opts.explain = false;
  const auto hits = memo_->Screen(name, opts);  // held: the memo may drop its copy meanwhile
  std::vector<PartyHit> out;
  out.reserve(hits->size());
  for (const screen::ScreeningHit& h : *hits) {
    PartyHit p;
    p.list = h.list_kind;
    p.source = h.source;
    p.entry_id = h.entry_id;
    p.entry_name = h.entry_name;
    p.matched_name = h.matched_name;
    p.score = h.score;
    p.band = std::string(screen::BandName(h.band));
    p.clearance = clearances_->ClearanceOf(name, h, as_of);
    if (!p.clearance.empty()) p.band = "cleared";
    p.federal_register_notice = h.federal_register_notice;
    if (auto d = Date::Parse(h.start_date); d.ok()) p.listed_on = *d;
    out.push_back(std::move(p));
  }
  return out;
}

std::string ListScreener::UnreadLetters(std::string_view name) const {
  const screen::UnreadLetters unread = screen::FindUnreadLetters(name);
  return unread.empty() ? std::string() : fmt::format("`{}` ({})", unread.words, unread.scripts);
}

}  // namespace exportctl::app
