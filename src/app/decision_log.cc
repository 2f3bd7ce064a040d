#include "app/decision_log.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "app/request_mapping.h"
#include "common/sha256.h"
#include "screen/hit_json.h"

namespace exportctl::app {

using nlohmann::json;

DecisionLogEntry CheckLogEntry(const Decision& d, const RuleSet& rules, std::string body, std::string actor,
                               std::string channel) {
  DecisionLogEntry e;
  e.actor = std::move(actor);
  e.channel = std::move(channel);
  e.kind = "check";
  e.decision_id = d.decision_id;
  e.outcome = std::string(OutcomeName(d.outcome));
  e.as_of = d.as_of.ToString();
  e.chip = d.classification->chip ? d.classification->chip->id : "";
  e.destination = d.destination;
  e.party = d.end_user;
  e.ruleset = fmt::format("{} {} {}", rules.id(), rules.revision(), rules.content_hash());
  e.lists.clear();
  JsonWriter lists(&e.lists);
  WriteListVersions(lists, d.lists);
  e.body = std::move(body);
  return e;
}

DecisionLogEntry ScreenLogEntry(std::string_view name, const screen::ScreenOptions& options,
                                const std::vector<screen::ScreeningHit>& hits, const std::vector<screen::ListInfo>& lists,
                                const json& answer, std::string actor, std::string channel, Date as_of) {
  DecisionLogEntry e;
  e.actor = std::move(actor);
  e.channel = std::move(channel);
  e.kind = "screen";
  json versions = json::array();
  const std::string options_key = json{{"type", screen::PartyTypeName(options.type)}, {"country", options.country},
                                       {"lists", options.lists}, {"min_score", options.min_score}, {"limit", options.limit}}
                                      .dump();
  std::string key = fmt::format("{}\x1f{}\x1f", name, options_key);
  for (const screen::ListInfo& l : lists) {
    versions.push_back({{"id", l.id}, {"version", l.version}, {"sha256", l.content_sha256}});
    key += fmt::format("{}\x1f{}\x1f{}\x1e", l.id, l.version, l.content_sha256);
  }
  e.decision_id = "scr_" + detail::Sha256Hex(key).substr(0, 32);
  screen::Band top = screen::Band::kClear;
  for (const screen::ScreeningHit& h : hits)
    if (h.band > top) top = h.band;
  e.outcome = std::string(screen::BandName(top));
  e.as_of = as_of.ToString();
  e.party = std::string(name);
  e.lists = versions.dump();
  // The token-by-token explanations follow from the name and the list versions: not kept.
  json record = answer;
  if (auto it = record.find("hits"); it != record.end() && it->is_array())
    for (json& h : *it) h.erase("explanation");
  e.body = record.dump();
  return e;
}

std::string OsActor() {
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name) return fmt::format("os:{}", pw->pw_name);
  if (const char* user = std::getenv("USER"); user && *user) return fmt::format("os:{}", user);
  return fmt::format("os:uid-{}", getuid());
}

DecisionLogWriter::DecisionLogWriter(Opener opener, Options options)
    : opener_(std::move(opener)), options_(options), thread_([this] { Run(); }) {}

DecisionLogWriter::~DecisionLogWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Status DecisionLogWriter::Add(DecisionLogEntry entry) {
  std::unique_lock lock(mu_);
  if (queue_.size() >= options_.max_queue &&
      !room_.wait_for(lock, options_.full_wait, [&] { return queue_.size() < options_.max_queue || stop_; }))
    return Error(ErrorCode::kIoError, fmt::format("the decision log is not being written ({}): no answer without a record",
                                                  health_.empty() ? "too many entries waiting" : health_));
  const bool first = queue_.empty();
  queue_.push_back(std::move(entry));
  ++added_;
  if (first || queue_.size() >= options_.max_batch) wake_.notify_one();
  return Ok{};
}

Status DecisionLogWriter::Flush() {
  std::unique_lock lock(mu_);
  const std::uint64_t target = added_, failures = failures_;
  wake_.notify_one();
  // Gives up after three failed appends in a row (the log is then not being written).
  flushed_.wait(lock, [&] { return appended_ >= target || stop_ || failures_ >= failures + 3; });
  if (appended_ < target)
    return Error(ErrorCode::kIoError, fmt::format("the decision log could not be written ({}): {} answers have no record",
                                                  health_.empty() ? "stopped" : health_, target - appended_));
  return Ok{};
}

std::string DecisionLogWriter::Health() const {
  std::lock_guard lock(mu_);
  return health_;
}

std::uint64_t DecisionLogWriter::appended() const {
  std::lock_guard lock(mu_);
  return appended_;
}

Status DecisionLogWriter::AppendBatch(std::vector<DecisionLogEntry>& batch) {
  if (!ledger_) {
    auto opened = opener_();
    if (!opened) return opened.error();
    ledger_ = std::move(*opened);
  }
  Status s = ledger_->AppendDecisionLog(batch);
  if (!s && s.error().code() == ErrorCode::kIoError) ledger_.reset();  // reconnect next time
  return s;
}

void DecisionLogWriter::Run() {
  std::unique_lock lock(mu_);
  auto backoff = std::chrono::milliseconds(10);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty() && stop_) return;
    // Group commit: wait for the batch to fill or the oldest entry's delay to pass.
    if (!stop_ && queue_.size() < options_.max_batch)
      wake_.wait_for(lock, options_.max_delay, [&] { return stop_ || queue_.size() >= options_.max_batch; });
    const std::size_t n = std::min(queue_.size(), options_.max_batch);
    std::vector<DecisionLogEntry> batch(std::make_move_iterator(queue_.begin()),
                                        std::make_move_iterator(queue_.begin() + std::ptrdiff_t(n)));
    lock.unlock();
    Status s = AppendBatch(batch);
    lock.lock();
    if (s) {
      queue_.erase(queue_.begin(), queue_.begin() + std::ptrdiff_t(n));
      appended_ += n;
      health_.clear();
      backoff = std::chrono::milliseconds(10);
      room_.notify_all();
      flushed_.notify_all();
      continue;
    }
    // Moved-from entries are restored from the batch, which the failed append left intact.
    for (std::size_t i = 0; i < n; ++i) queue_[i] = std::move(batch[i]);
    health_ = s.error().message();
    ++failures_;
    flushed_.notify_all();
    if (stop_) {
      flushed_.notify_all();
      return;  // nothing more can be done; Flush() reports it
    }
    wake_.wait_for(lock, backoff, [&] { return stop_; });
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace exportctl::app
