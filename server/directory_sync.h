// DirectorySync: keeps the server's snapshot in step with the ledger's directory — the users' API
// tokens and the screening clearances — so every server sharing one PostgreSQL ledger sees the
// same people and the same clearances within about a second of a change.
//
// Contract
// - Refresh() reads the tokens and the clearances not revoked and swaps in a snapshot carrying them
//   (SnapshotHolder::Redecorate); on a database error the snapshot in use stays.
// - MaybeRefresh() (called at the start of every request) costs an atomic load while the last
//   check is younger than `interval`; then one caller asks the ledger for its DirectoryVersion and
//   refreshes only when it changed. Other callers never wait for it.
// - Decorate() is the SnapshotHolder's decorator: it adds the directory last read to a snapshot
//   (tokens; the engine screening with the clearances applied), and records in the ledger the
//   restricted-party list versions the snapshot decides with, when they are new to this server
//   (as "serve@HOST"; Ledger::RecordListVersions).
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include "ledger_pool.h"
#include "screen/whitelist.h"
#include "snapshot.h"

namespace exportctl::server {

class DirectorySync {
 public:
  DirectorySync(LedgerPool& pool, SnapshotHolder& snapshots,
                std::chrono::milliseconds interval = std::chrono::milliseconds(1000));

  Status Refresh();
  void MaybeRefresh();
  void Decorate(Snapshot& snapshot);

 private:
  Status Load(Ledger& ledger, std::int64_t version);  // reads the directory into tokens_, clearances_
  void RecordLists(const Engine& engine);

  LedgerPool& pool_;
  SnapshotHolder& snapshots_;
  const std::chrono::milliseconds interval_;
  std::mutex refresh_mu_;                 // one refresh at a time
  std::atomic<std::int64_t> last_check_ns_{0};
  std::int64_t version_ = -1;             // guarded by refresh_mu_
  mutable std::mutex mu_;                 // guards tokens_ and clearances_
  TokenStore tokens_;
  std::shared_ptr<const screen::Whitelist> clearances_ = std::make_shared<const screen::Whitelist>();
  std::string recorded_lists_;  // guarded by the snapshot holder's reload lock (Decorate's caller)
};

}  // namespace exportctl::server
