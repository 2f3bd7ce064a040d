// The decision log as the front ends feed it: log entries built from a check decision or a
// screening (the same JSON the front end answers with), and DecisionLogWriter, which appends them
// to the ledger in batches (group commit) so logging never slows an answer by a database commit.
//
// Contract of DecisionLogWriter
// - Add() queues an entry and returns at once; a background thread appends what is queued in one
//   transaction at most `max_delay` after the oldest queued entry arrived (or as soon as
//   `max_batch` are queued). Flush() returns when everything added before it is durable, or fails
//   (kIoError) after three failed appends in a row.
// - An append that fails is retried with back-off (the entries stay queued, in order) and the
//   failure is reported by Health(). When `max_queue` entries are waiting, Add() waits up to
//   `full_wait` for room and then fails (kIoError): the front end refuses to answer rather than
//   answer without a record.
// - The destructor appends what is queued; entries it still cannot write then are lost, and were
//   reported by Health() and Flush() before. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "exportctl/check.h"
#include "exportctl/ledger.h"
#include "exportctl/screen.h"

namespace exportctl::app {

// `body` is the record as JSON text: DecisionRecordJson(d, …) for a single check, or a batch row's
// request and result.
DecisionLogEntry CheckLogEntry(const Decision& d, const RuleSet& rules, std::string body, std::string actor,
                               std::string channel);
// A screening of `name` answered with `hits` (the body: `answer` without the hits' token
// explanations). Its id hashes the query, the options and the list versions, so one id is one
// answer.
DecisionLogEntry ScreenLogEntry(std::string_view name, const screen::ScreenOptions& options,
                                const std::vector<screen::ScreeningHit>& hits, const std::vector<screen::ListInfo>& lists,
                                const nlohmann::json& answer, std::string actor, std::string channel, Date as_of);
// The operating-system user running this process, as an actor: "os:NAME".
std::string OsActor();

class DecisionLogWriter {
 public:
  struct Options {
    std::chrono::milliseconds max_delay{50};
    std::size_t max_batch = 1000;
    std::size_t max_queue = 100000;
    std::chrono::milliseconds full_wait{2000};
  };
  using Opener = std::function<Result<std::unique_ptr<Ledger>>()>;
  DecisionLogWriter(Opener opener, Options options);
  ~DecisionLogWriter();

  Status Add(DecisionLogEntry entry);
  Status Flush();
  // Empty while appends succeed; else the last append error.
  std::string Health() const;
  std::uint64_t appended() const;

 private:
  void Run();
  Status AppendBatch(std::vector<DecisionLogEntry>& batch);

  Opener opener_;
  Options options_;
  std::unique_ptr<Ledger> ledger_;  // used by the writer thread only
  mutable std::mutex mu_;
  std::condition_variable wake_, room_, flushed_;
  std::deque<DecisionLogEntry> queue_;  // guarded by mu_
  std::uint64_t added_ = 0, appended_ = 0, failures_ = 0;  // guarded by mu_
  std::string health_;                  // guarded by mu_
  bool stop_ = false;                   // guarded by mu_
  std::thread thread_;
};

}  // namespace exportctl::app
