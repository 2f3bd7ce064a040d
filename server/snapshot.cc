#include "snapshot.h"

namespace exportctl::server {

Status SnapshotHolder::Reload() {
  std::lock_guard reload_lock(reload_mu_);
  auto loaded = loader_();
  if (!loaded.ok()) return loaded.error();
  auto next = std::make_shared<Snapshot>(**loaded);
  {
    std::lock_guard lock(mu_);
    next->generation = current_ ? current_->generation + 1 : 1;
    current_ = std::move(next);
  }
  return Ok{};
}

std::shared_ptr<const Snapshot> SnapshotHolder::Current() const {
  std::lock_guard lock(mu_);
  return current_;
}

}  // namespace exportctl::server
