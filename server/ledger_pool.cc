#include "ledger_pool.h"

#include <algorithm>

namespace exportctl::server {

LedgerPool::LedgerPool(Opener opener, std::size_t max_size)
    : opener_(std::move(opener)), max_size_(std::max<std::size_t>(1, max_size)) {}

LedgerPool::Lease::~Lease() {
  if (pool_) pool_->Return(std::move(ledger_));
}

Result<LedgerPool::Lease> LedgerPool::Acquire() {
  {
    std::unique_lock lock(mu_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_ < max_size_; });
    if (!idle_.empty()) {
      std::unique_ptr<Ledger> ledger = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(ledger));
    }
    ++open_;  // reserve a slot, then open outside the lock (connecting may take a while)
  }
  auto opened = opener_();
  if (!opened) {
    std::lock_guard lock(mu_);
    --open_;
    returned_.notify_one();
    return opened.error();
  }
  return Lease(this, std::move(opened).value());
}

void LedgerPool::Return(std::unique_ptr<Ledger> ledger) {
  std::lock_guard lock(mu_);
  if (ledger) idle_.push_back(std::move(ledger));
  else --open_;
  returned_.notify_one();
}

std::size_t LedgerPool::open_connections() const {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace exportctl::server
