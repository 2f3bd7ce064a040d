// Connects the licence check to the screening engine: an EndUserScreener over the loaded
// restricted-party lists, memoised per name (an order book names the same parties again and again),
// with the ledger's clearances applied (a cleared hit is reported with band "cleared" and has no
// effect). The clearances count as one more list version: a decision id covers them.
// Immutable and thread-safe, like the Screener it wraps.
#pragma once

#include <memory>

#include "exportctl/check.h"
#include "exportctl/engine.h"
#include "exportctl/ledger.h"
#include "exportctl/screen.h"
#include "screen/whitelist.h"

namespace exportctl::app {

class ListScreener : public EndUserScreener {
 public:
  explicit ListScreener(std::shared_ptr<const screen::Screener> screener);
  // This screener (sharing its memo) with `clearances` instead of its own.
  std::shared_ptr<const ListScreener> WithClearances(std::shared_ptr<const screen::Whitelist> clearances) const;
  std::vector<PartyHit> Screen(std::string_view name, Date as_of) const override;
  std::string UnreadLetters(std::string_view name) const override;
  std::string_view CoverageWarning() const override { return coverage_warning_; }
  std::span<const ListVersion> ListVersions() const override { return versions_; }
  std::string_view ListsFingerprint() const override { return fingerprint_; }
  const screen::Screener& screener() const { return memo_->screener(); }
  const std::shared_ptr<const screen::Screener>& shared_screener() const { return memo_->shared_screener(); }

 private:
  void SetVersions();  // versions_ and fingerprint_ from the lists and the clearances

  std::shared_ptr<const screen::ScreenMemo> memo_;
  std::shared_ptr<const screen::Whitelist> clearances_;  // never null
  std::string lists_warning_;     // about the lists themselves
  std::string coverage_warning_;  // lists_warning_, and approvals being off
  std::vector<ListVersion> versions_;
  std::string fingerprint_;  // 32 hex digits of SHA-256 over the versions
};

// The ledger's clearances as the screener's whitelist; `settings` says whether they had a second
// approver (with approvals off, every decision that screens a party says so in its warnings).
std::shared_ptr<const screen::Whitelist> WhitelistOf(const std::vector<Clearance>& clearances,
                                                     const LedgerSettings& settings);
// `engine` with `clearances` applied to its screening; `engine` itself when it screens with no
// ListScreener (no lists loaded).
std::shared_ptr<const Engine> EngineWithClearances(const std::shared_ptr<const Engine>& engine,
                                                   std::shared_ptr<const screen::Whitelist> clearances);

}  // namespace exportctl::app
