// exportctl::server::ConcurrencyLimit: at most `limit` runs of some costly work at once (what-if
// and impact reports, which re-decide the catalog, the corpus or the ledger's questions under two
// rule sets). TryAcquire hands out a slot that frees itself when dropped, or null when every slot
// is taken: the caller answers 503 busy rather than queue. Thread-safe.
#pragma once

#include <atomic>
#include <memory>

namespace exportctl::server {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int limit) : limit_(limit < 1 ? 1 : limit) {}

  class Slot {
   public:
    explicit Slot(std::atomic<int>& running) : running_(running) {}
    ~Slot() { running_.fetch_sub(1); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    std::atomic<int>& running_;
  };

  // REQUIRES: this limit outlives the slot.
  std::unique_ptr<Slot> TryAcquire() {
    if (running_.fetch_add(1) >= limit_) {
      running_.fetch_sub(1);
      return nullptr;
    }
    return std::make_unique<Slot>(running_);
  }
  int limit() const { return limit_; }
  int running() const { return running_.load(); }

 private:
  const int limit_;
  std::atomic<int> running_{0};
};

}  // namespace exportctl::server
