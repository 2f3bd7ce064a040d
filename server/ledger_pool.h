// LedgerPool: the server's ledger connections. A Ledger owns one database connection and is not
// thread-safe (exportctl/ledger.h), so a request borrows one for its own use (Acquire) and the
// Lease gives it back when the request is done.
//
// Contract
// - At most `max_size` connections exist (ServerOptions::threads: one per worker thread, which is
//   the most that can be in use at once); they are opened lazily, on first need, by `opener`.
//   Acquire waits only when all of them are lent out (more callers than worker threads).
// - A connection is lent to one caller at a time; the pool's mutex is held only to hand one out or
//   take it back, never during a database call.
// - A lease whose ledger reported an io_error is discarded (Lease::Discard) instead of returned:
//   the connection may be broken, and the next Acquire opens a fresh one.
// Thread-safe. The pool must outlive its leases.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "exportctl/ledger.h"

namespace exportctl::server {

class LedgerPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Ledger>>()>;

  LedgerPool(Opener opener, std::size_t max_size);

  // One borrowed ledger; returns it to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : pool_(other.pool_), ledger_(std::move(other.ledger_)) { other.pool_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Ledger& operator*() const { return *ledger_; }
    Ledger* operator->() const { return ledger_.get(); }
    // Closes the connection instead of returning it (after an io_error).
    void Discard() { ledger_.reset(); }

   private:
    friend class LedgerPool;
    Lease(LedgerPool* pool, std::unique_ptr<Ledger> ledger) : pool_(pool), ledger_(std::move(ledger)) {}
    LedgerPool* pool_;
    std::unique_ptr<Ledger> ledger_;
  };

  // An idle connection, a newly opened one (while fewer than max_size exist), or — when all are
  // lent out — the first one returned. Fails when opening a connection fails.
  Result<Lease> Acquire();

  std::size_t open_connections() const;  // idle + lent out

 private:
  void Return(std::unique_ptr<Ledger> ledger);  // nullptr: the lease's connection was discarded

  Opener opener_;
  const std::size_t max_size_;
  mutable std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Ledger>> idle_;  // guarded by mu_
  std::size_t open_ = 0;                       // guarded by mu_: idle + lent out + being opened
};

// Runs `fn(ledger)` on a leased connection acting as `actor` (every change it makes names it); a
// connection that reported an io_error (or threw) is closed rather than returned to the pool.
template <typename Fn>
auto WithLedger(LedgerPool& pool, const Actor& actor, Fn&& fn) -> decltype(fn(std::declval<Ledger&>())) {
  auto lease = pool.Acquire();
  if (!lease) return lease.error();
  (*lease)->SetActor(actor);
  try {
    auto reply = fn(**lease);
    if (!reply.ok() && reply.error().code() == ErrorCode::kIoError) lease->Discard();
    return reply;
  } catch (...) {
    lease->Discard();
    throw;
  }
}

}  // namespace exportctl::server
