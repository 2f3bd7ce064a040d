// StatementCombiner: group commit for threads of one process (postgres_store.cc).
//
// Threads that write single statements (LedgerStore::WriteStatement: one shipment each) to the
// same database at the same time combine them: whichever thread finds no batch in flight waits up
// to kGatherTime for the others, then runs every statement waiting at that moment as one batch on
// its own connection — one transaction, one turn of the write lock, one WAL flush — and hands each
// thread its own result. Each statement is still decided on its own by the server, after the ones
// before it in the batch; the runner retries a failed batch statement by statement, so one failing
// request cannot fail another. Thread-safe; one combiner per database URL per process.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "ledger/store.h"

namespace exportctl::ledger {

// One parameterised statement; the strings it points to outlive the batch it is in.
struct Statement {
  std::string_view sql;
  const std::vector<SqlValue>* params;
};

class StatementCombiner {
 public:
  using Rows = Result<std::vector<SqlRow>>;
  // Runs a batch on the calling thread's connection, durably; one result per statement.
  using Runner = std::function<std::vector<Rows>(const std::vector<Statement>&)>;

  // The combiner of every store on this database URL in this process.
  static std::shared_ptr<StatementCombiner> For(const std::string& url) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<StatementCombiner>> registry;
    std::lock_guard lock(registry_mutex);
    auto& slot = registry[url];
    auto combiner = slot.lock();
    if (!combiner) slot = combiner = std::make_shared<StatementCombiner>();
    return combiner;
  }

  // Runs `statement` (in some thread's batch) and returns its rows. `writers`: how many stores
  // share this combiner; a leader waits up to kGatherTime for that many statements before it
  // runs a batch (the same trade as PostgreSQL's commit_delay).
  Rows Submit(Statement statement, long writers, const Runner& run) {
    Request mine{statement, std::nullopt};
    std::unique_lock lock(mutex_);
    queue_.push_back(&mine);
    arrived_.notify_one();
    while (!mine.result) {
      if (leading_) {
        done_.wait(lock);
        continue;
      }
      leading_ = true;
      const auto deadline = std::chrono::steady_clock::now() + kGatherTime;
      while (long(queue_.size()) < writers && arrived_.wait_until(lock, deadline) != std::cv_status::timeout) {
      }
      std::vector<Request*> batch = std::exchange(queue_, {});
      lock.unlock();
      std::vector<Rows> results = RunBatch(batch, run);
      lock.lock();
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results[i]);
      leading_ = false;
      done_.notify_all();
    }
    return std::move(*mine.result);
  }

 private:
  struct Request {
    Statement statement;
    std::optional<Rows> result;
  };

  // One result per request, whatever the runner does.
  static std::vector<Rows> RunBatch(const std::vector<Request*>& batch, const Runner& run) {
    std::vector<Statement> statements;
    for (const Request* r : batch) statements.push_back(r->statement);
    std::vector<Rows> results;
    try {
      results = run(statements);
    } catch (const std::exception& e) {
      results.assign(1, Rows(Error(ErrorCode::kInternal, fmt::format("postgresql: {}", e.what()))));
    }
    if (results.size() != batch.size()) {
      Error failed = !results.empty() && !results.back() ? results.back().error()
                                                         : Error(ErrorCode::kInternal, "postgresql: batch lost results");
      results.assign(batch.size(), Rows(failed));
    }
    return results;
  }

  static constexpr std::chrono::microseconds kGatherTime{200};
  std::mutex mutex_;
  std::condition_variable done_;     // a batch finished
  std::condition_variable arrived_;  // a statement was queued
  std::vector<Request*> queue_;
  bool leading_ = false;
};

}  // namespace exportctl::ledger
