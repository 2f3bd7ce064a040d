#include "directory_sync.h"

#include <unistd.h>

#include <iostream>

#include "app/list_screener.h"

namespace exportctl::server {
namespace {
std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

DirectorySync::DirectorySync(LedgerPool& pool, SnapshotHolder& snapshots, std::chrono::milliseconds interval)
    : pool_(pool), snapshots_(snapshots), interval_(interval) {}

Status DirectorySync::Load(Ledger& ledger, std::int64_t version) {
  auto tokens = ledger.Tokens();
  if (!tokens) return tokens.error();
  // Every clearance not revoked; the screener applies each one's expiry as of the decision's date.
  auto clearances = ledger.Clearances(Date::Min(), /*include_ended=*/false);
  if (!clearances) return clearances.error();
  auto settings = ledger.Settings();
  if (!settings) return settings.error();
  {
    std::lock_guard lock(mu_);
    tokens_ = TokenStore(*tokens);
    clearances_ = app::WhitelistOf(*clearances, *settings);
  }
  version_ = version;
  return Ok{};
}

Status DirectorySync::Refresh() {
  std::lock_guard refresh_lock(refresh_mu_);
  last_check_ns_.store(NowNs(), std::memory_order_relaxed);
  Status st = WithLedger(pool_, Actor{"server"}, [&](Ledger& ledger) -> Status {
    auto version = ledger.DirectoryVersion();
    if (!version) return version.error();
    return Load(ledger, *version);
  });
  // With the connection back in the pool: Decorate may need one to record the list versions.
  if (st) snapshots_.Redecorate();
  return st;
}

void DirectorySync::MaybeRefresh() {
  const std::int64_t now = NowNs();
  if (now - last_check_ns_.load(std::memory_order_relaxed) < std::chrono::nanoseconds(interval_).count()) return;
  std::unique_lock refresh_lock(refresh_mu_, std::try_to_lock);
  if (!refresh_lock.owns_lock()) return;  // another request is checking
  last_check_ns_.store(now, std::memory_order_relaxed);
  bool changed = false;
  Status st = WithLedger(pool_, Actor{"server"}, [&](Ledger& ledger) -> Status {
    auto version = ledger.DirectoryVersion();
    if (!version) return version.error();
    if (*version == version_) return Ok{};
    changed = true;
    return Load(ledger, *version);
  });
  if (st && changed) snapshots_.Redecorate();
  if (!st) std::cerr << "exportctl serve: cannot read the ledger's users and clearances (keeping the last): "
                     << st.error().ToString() << '\n';
}

void DirectorySync::Decorate(Snapshot& snapshot) {
  {
    std::lock_guard lock(mu_);
    snapshot.tokens = tokens_;
    snapshot.engine = app::EngineWithClearances(snapshot.engine, clearances_);
    snapshot.clearances = clearances_;
  }
  RecordLists(*snapshot.engine);
}

void DirectorySync::RecordLists(const Engine& engine) {
  const EndUserScreener* screener = engine.screener();
  if (!screener) return;
  std::vector<ListVersionSeen> lists;
  std::string key;
  for (const ListVersion& v : screener->ListVersions()) {
    if (v.id == "clearances") continue;  // the ledger's own, not a list
    lists.push_back({v.id, v.version, v.content_sha256});
    key += v.id + '\x1f' + v.content_sha256 + '\x1e';
  }
  if (key == recorded_lists_) return;
  char host[256] = "";
  gethostname(host, sizeof host - 1);
  Status st = WithLedger(pool_, Actor{std::string("serve@") + host}, [&](Ledger& ledger) -> Status {
    auto added = ledger.RecordListVersions(lists);
    if (!added) return added.error();
    return Ok{};
  });
  if (st) recorded_lists_ = std::move(key);
  else std::cerr << "exportctl serve: cannot record the list versions in the ledger: " << st.error().ToString() << '\n';
}

}  // namespace exportctl::server
