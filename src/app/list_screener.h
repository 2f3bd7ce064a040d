// Connects the licence check to the screening engine: an EndUserScreener over the loaded
// restricted-party lists, memoised per name (an order book names the same parties again and again).
// Immutable and thread-safe, like the Screener it wraps.
#pragma once

#include <memory>

#include "exportctl/check.h"
#include "exportctl/screen.h"

namespace exportctl::app {

class ListScreener : public EndUserScreener {
 public:
  explicit ListScreener(std::shared_ptr<const screen::Screener> screener);
  std::vector<PartyHit> Screen(std::string_view name, Date as_of) const override;
  std::string_view CoverageWarning() const override { return coverage_warning_; }
  std::span<const ListVersion> ListVersions() const override { return versions_; }
  std::string_view ListsFingerprint() const override { return fingerprint_; }
  const screen::Screener& screener() const { return memo_.screener(); }

 private:
  screen::ScreenMemo memo_;
  std::string coverage_warning_;
  std::vector<ListVersion> versions_;
  std::string fingerprint_;  // 32 hex digits of SHA-256 over the versions
};

}  // namespace exportctl::app
