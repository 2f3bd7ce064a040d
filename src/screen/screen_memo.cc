// ScreenMemo (exportctl/screen.h): a sharded, bounded memo of Screener::Screen().
#include <cstring>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "exportctl/screen.h"

namespace exportctl::screen {
namespace {

constexpr size_t kShards = 16;

// Everything that changes the result, after the name; numbers as their bytes (this runs on every
// licence check with a named end user, so it stays clear of text formatting).
std::string MemoKey(std::string_view name, const ScreenOptions& o) {
  std::string key;
  key.reserve(name.size() + o.country.size() + 32);
  key.append(name);
  key += '\x1f';
  key += static_cast<char>(o.type);
  key += o.explain ? '1' : '0';
  key.append(o.country);
  key += '\x1f';
  char bytes[sizeof o.min_score + sizeof o.limit];
  std::memcpy(bytes, &o.min_score, sizeof o.min_score);
  std::memcpy(bytes + sizeof o.min_score, &o.limit, sizeof o.limit);
  key.append(bytes, sizeof bytes);
  for (const std::string& l : o.lists) {
    key += '\x1e';
    key += l;
  }
  return key;
}

}  // namespace

struct ScreenMemo::Shard {
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const std::vector<ScreeningHit>>> map;
};

ScreenMemo::ScreenMemo(std::shared_ptr<const Screener> screener, size_t max_entries)
    : screener_(std::move(screener)),
      max_per_shard_(std::max<size_t>(1, max_entries / kShards)),
      shards_(new Shard[kShards]) {}

ScreenMemo::~ScreenMemo() = default;

std::shared_ptr<const std::vector<ScreeningHit>> ScreenMemo::Screen(std::string_view name,
                                                                    const ScreenOptions& opts) const {
  std::string key = MemoKey(name, opts);
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  {
    std::lock_guard<std::mutex> lock(shard.mu);
    auto it = shard.map.find(key);
    if (it != shard.map.end()) return it->second;
  }
  // Screen outside the lock; two threads may compute the same key once each, which is harmless.
  auto hits = std::make_shared<const std::vector<ScreeningHit>>(screener_->Screen(name, opts));
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.map.size() >= max_per_shard_) shard.map.clear();
  shard.map.emplace(std::move(key), hits);
  return hits;
}

}  // namespace exportctl::screen
