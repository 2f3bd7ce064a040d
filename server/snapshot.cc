#include "snapshot.h"

namespace exportctl::server {

void SnapshotHolder::SetDecorator(SnapshotDecorator decorator) {
  std::lock_guard reload_lock(reload_mu_);
  decorator_ = std::move(decorator);
}

Status SnapshotHolder::Reload() {
  std::lock_guard reload_lock(reload_mu_);
  auto loaded = loader_();
  if (!loaded.ok()) return loaded.error();
  auto next = std::make_shared<Snapshot>(**loaded);
  if (decorator_) decorator_(*next);
  {
    std::lock_guard lock(mu_);
    next->generation = current_ ? current_->generation + 1 : 1;
    current_ = std::move(next);
  }
  return Ok{};
}

void SnapshotHolder::Redecorate() {
  std::lock_guard reload_lock(reload_mu_);
  auto current = Current();
  if (!current || !decorator_) return;
  auto next = std::make_shared<Snapshot>(*current);
  decorator_(*next);
  std::lock_guard lock(mu_);
  current_ = std::move(next);
}

std::shared_ptr<const Snapshot> SnapshotHolder::Current() const {
  std::lock_guard lock(mu_);
  return current_;
}

}  // namespace exportctl::server
