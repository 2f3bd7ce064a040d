// PostgresStore: the server back end, through libpqxx 6.4.
//
// Write transactions are READ COMMITTED and first take one transaction-scoped advisory lock
// (kLedgerWriteLockKey), so writers are serialised and each statement after the lock sees every
// earlier commit: the cap check and the audit-chain head are never stale. Reads run REPEATABLE
// READ, READ ONLY, on one consistent snapshot. A serialisation failure or deadlock re-runs the
// whole body. WriteStatement runs a statement that takes the lock itself (the server-side
// shipment append), in batches shared by the threads of this process (statement_combiner.h).
//
// Round trips. Writers queue on the lock, so whatever happens while it is held is paid by every
// writer behind. A transaction is sent as few simple-query messages as its body allows:
//
//   BEGIN …; SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(…); <first query>
//   <queued writes>; <next query>                       (only when the body reads again)
//   <queued writes>; COMMIT; <flush>                    (the writes, the commit, the flush)
//
// and a batch of WriteStatement calls is one message: `EXECUTE …; …; COMMIT; <flush>`. Each
// statement is prepared once per connection (SQL PREPARE) and run as EXECUTE name(args):
// arguments are escaped by libpq (PQescapeStringConn, which knows the connection's encoding and
// standard_conforming_strings) and integers are written in decimal; nothing from a caller is ever
// spliced into SQL text any other way. Writes (Exec) are queued and sent with the next message, so
// a write's error surfaces at the next Query or at commit, and fails the transaction either way.
//
// Group commit. Held across a synchronous commit, the lock would also cover its WAL flush
// (fdatasync, 0.2-0.8 ms on the test machine), and writers could never share a flush. So a write
// transaction commits with synchronous_commit off, which releases the lock as soon as the commit
// record is in the WAL buffers, and the same message then commits an empty transaction
// synchronously (kFlushWal): its flush covers every WAL record before its own commit record, ours
// included, and concurrent writers' flushes coalesce. Nothing is acknowledged before it is on
// disk. A writer that read our rows has its commit record after ours, so a server crash can only
// lose a suffix of writes — never one that a surviving write (or audit-chain entry) depends on —
// and the writers of the lost suffix were never told they succeeded.
//
// A connection that breaks is never silently re-opened in the middle of a transaction (libpqxx's
// reactivation is off); the next transaction opens a new one. If it breaks while the commit is in
// flight the outcome is unknown, and the caller is told to retry with the same idempotency key.
#include <cctype>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "ledger/statement_combiner.h"
#include "ledger/store.h"

namespace exportctl::ledger {
namespace {

constexpr int kMaxAttempts = 50;

// An empty transaction that commits synchronously: a transactional WAL record (a logical-decoding
// message, which any role may write) gives it an xid and WAL of its own, so its commit flushes the
// WAL up to its commit record. (A transaction that only takes an xid commits without a flush.)
constexpr const char* kFlushWal = "SELECT pg_logical_emit_message(true, 'exportctl-flush', '')";

// Thrown through the body to make Write() retry.
struct RetryTransaction {};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Statements that PREPARE accepts; others (DDL) are sent as they are and take no parameters.
bool Preparable(std::string_view sql) {
  while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n' || sql.front() == '(')) sql.remove_prefix(1);
  for (std::string_view verb : {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES"}) {
    if (sql.size() < verb.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < verb.size() && match; ++i) match = std::toupper((unsigned char)sql[i]) == verb[i];
    if (match) return true;
  }
  return false;
}

// "… ? … ?" -> "… $1 … $2". Our SQL has no literal question marks.
std::string ToDollarParams(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (char c : sql) {
    if (c == '?') out += "$" + std::to_string(++n);
    else out += c;
  }
  return out;
}

class PostgresStore final : public LedgerStore {
 public:
  explicit PostgresStore(std::string url) : url_(std::move(url)), combiner_(StatementCombiner::For(url_)) {}

  Status Connect() {
    try {
      conn_ = std::make_unique<pqxx::connection>(url_);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      conn_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
      // WriteStatement runs without BEGIN: its statement must see every commit made before the
      // lock it takes was granted, whatever the server's default isolation.
      pqxx::nontransaction work(*conn_);
      work.exec("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
      work.commit();
      prepared_.clear();
      return Ok{};
    } catch (const std::exception& e) {
      conn_.reset();
      // Never echo the URL: it may hold a password.
      return Error(ErrorCode::kIoError, fmt::format("cannot connect to postgresql: {}", Trim(e.what())));
    }
  }

  std::string_view Backend() const override { return "postgresql"; }

  Status Write(const std::function<Status(SqlTxn&)>& body) override {
    static const TxnMode kWrite{
        {"BEGIN ISOLATION LEVEL READ COMMITTED", "SET LOCAL synchronous_commit = off",
         fmt::format("SELECT pg_advisory_xact_lock({})", kLedgerWriteLockKey)},
        {"COMMIT", kFlushWal}};
    return Retrying([&] { return RunOnce(kWrite, [&](Txn& txn) { return body(txn); }); });
  }

  Status Read(const std::function<Status(SqlTxn&)>& body) override {
    static const TxnMode kRead{{"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"}, {"COMMIT"}};
    return Retrying([&] { return RunOnce(kRead, [&](Txn& txn) { return body(txn); }); });
  }

  Result<std::vector<SqlRow>> ReadStatement(std::string_view sql, const std::vector<SqlValue>& params) override {
    static const TxnMode kAutocommit{};
    Result<std::vector<SqlRow>> rows = std::vector<SqlRow>{};
    Status st = Retrying([&] {
      return RunOnce(kAutocommit, [&](Txn& txn) -> Status {
        rows = txn.Query(sql, params);
        return rows ? Status(Ok{}) : Status(rows.error());
      });
    });
    if (!st) return st.error();
    return rows;
  }

  Result<std::vector<SqlRow>> WriteStatement(std::string_view sql, const std::vector<SqlValue>& params) override {
    return combiner_->Submit({sql, &params}, combiner_.use_count(), [this](const std::vector<Statement>& batch) {
      std::vector<StatementCombiner::Rows> results;
      if (batch.size() > 1) {
        auto all = WriteStatements(batch);
        if (all) {
          for (auto& rows : *all) results.emplace_back(std::move(rows));
          return results;
        }
      }
      for (const Statement& one : batch) {
        auto all = WriteStatements({one});
        results.push_back(all ? Result<std::vector<SqlRow>>(std::move(all->front())) : all.error());
      }
      return results;
    });
  }

 private:
  // Statements (the kind WriteStatement takes) in one transaction without the driver's lock,
  // sent with the commit and the WAL flush in one message.
  Result<std::vector<std::vector<SqlRow>>> WriteStatements(const std::vector<Statement>& statements) {
    static const TxnMode kUnlocked{{}, {"COMMIT", kFlushWal}};
    Result<std::vector<std::vector<SqlRow>>> rows = std::vector<std::vector<SqlRow>>{};
    Status st = Retrying([&] {
      return RunOnce(kUnlocked, [&](Txn& txn) -> Status {
        rows = txn.QueryAllAndCommit(statements);
        return rows ? Status(Ok{}) : Status(rows.error());
      });
    });
    if (!st) return st.error();
    return rows;
  }

  // How a transaction is opened and closed: `begin` goes in front of the body's first statement,
  // `end` (COMMIT, and the WAL flush for writes) after its last. No `begin`: the body's statements
  // run in the implicit transaction of their message (PostgreSQL rolls it back on an error), which
  // `end` commits or, with no `end` either, the end of the message does.
  struct TxnMode {
    std::vector<std::string> begin;
    std::vector<std::string> end;
  };

  // One transaction's statements, collected into messages (see the file comment).
  class Txn final : public SqlTxn {
   public:
    Txn(PostgresStore& store, const TxnMode& mode) : store_(store), mode_(mode), statements_(mode.begin) {}

    Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<SqlValue>& params) override {
      const std::size_t at = Append(sql, params);
      return Rows(at);
    }

    Status Exec(std::string_view sql, const std::vector<SqlValue>& params) override {
      Append(sql, params);
      return Ok{};
    }

    // Several statements, each as the body's, sent with the commit in one message.
    Result<std::vector<std::vector<SqlRow>>> QueryAllAndCommit(const std::vector<Statement>& statements) {
      std::vector<std::size_t> at;
      for (const Statement& st : statements) at.push_back(Append(st.sql, *st.params));
      statements_.insert(statements_.end(), mode_.end.begin(), mode_.end.end());
      committing_ = true;
      auto rows = RowsOf(at);
      committed_ = rows.ok();
      return rows;
    }

    // Sends what is queued and the end of the transaction (nothing when the body ran no
    // statement). Throws when a statement failed earlier: the server has aborted the
    // transaction, and COMMIT would only report a rollback.
    void Commit() {
      if (failed_) throw std::runtime_error("a statement failed, the transaction was rolled back");
      if (committed_ || (!opened_ && !queued_)) return;
      statements_.insert(statements_.end(), mode_.end.begin(), mode_.end.end());
      committing_ = true;
      if (!statements_.empty()) Send({statements_.size() - 1});
      committed_ = true;
    }

    // Ends the transaction on the server, if it was begun there.
    void RollbackQuietly() { store_.Rollback(opened_ && !mode_.begin.empty()); }

    bool committing() const { return committing_; }

   private:
    // Queues a statement; returns its index in statements_.
    std::size_t Append(std::string_view sql, const std::vector<SqlValue>& params) {
      queued_ = true;
      if (mode_.begin.empty()) committing_ = true;  // a statement of its own commits itself
      if (!Preparable(sql)) {
        if (!params.empty()) throw std::logic_error("postgresql: parameters on a statement that cannot be prepared");
        statements_.emplace_back(sql);
        return statements_.size() - 1;
      }
      std::string key(sql);
      std::string name;
      if (auto it = store_.prepared_.find(key); it != store_.prepared_.end()) {
        name = it->second;
      } else if (auto jt = new_statements_.find(key); jt != new_statements_.end()) {
        name = jt->second;
      } else {
        name = fmt::format("exportctl_p{}", ++store_.statement_counter_);
        statements_.push_back(fmt::format("PREPARE {} AS {}", name, ToDollarParams(sql)));
        new_statements_.emplace(std::move(key), name);
      }
      std::string execute = "EXECUTE " + name;
      if (!params.empty()) {
        execute += '(';
        for (std::size_t i = 0; i < params.size(); ++i) {
          if (i) execute += ", ";
          if (const auto* v = std::get_if<std::int64_t>(&params[i])) execute += std::to_string(*v);
          else if (const auto* s = std::get_if<std::string>(&params[i])) execute += "'" + store_.conn_->esc(*s) + "'";
          else execute += "NULL";
        }
        execute += ')';
      }
      statements_.push_back(std::move(execute));
      return statements_.size() - 1;
    }

    // Sends the queue; the rows of statement `at`.
    Result<std::vector<SqlRow>> Rows(std::size_t at) {
      auto all = RowsOf({at});
      if (!all) return all.error();
      return std::move(all->front());
    }

    // Sends the queue; the rows of each statement in `at` (ascending).
    Result<std::vector<std::vector<SqlRow>>> RowsOf(const std::vector<std::size_t>& at) {
      std::vector<pqxx::result> results;
      try {
        results = Send(at);
      } catch (const pqxx::transaction_rollback&) {
        throw RetryTransaction{};
      } catch (const pqxx::broken_connection&) {
        throw;
      } catch (const pqxx::sql_error& e) {
        // The transaction is now aborted; report and let the caller roll back.
        failed_ = true;
        return Error(ErrorCode::kIoError, fmt::format("postgresql: {}", Trim(e.what())));
      }
      std::vector<std::vector<SqlRow>> all;
      for (const pqxx::result& result : results) {
        std::vector<SqlRow>& rows = all.emplace_back();
        rows.reserve(result.size());
        for (const auto& r : result) {
          SqlRow row;
          row.columns.reserve(r.size());
          for (const auto& field : r) {
            if (field.is_null()) row.columns.emplace_back(std::nullopt);
            else row.columns.emplace_back(std::string(field.c_str(), field.size()));
          }
          rows.push_back(std::move(row));
        }
      }
      return all;
    }

    std::vector<pqxx::result> Send(const std::vector<std::size_t>& at) {
      opened_ = true;
      std::vector<pqxx::result> result = store_.Exec(statements_, at);
      // Sent and run: its prepared statements now exist on the server.
      store_.prepared_.merge(new_statements_);
      new_statements_.clear();
      statements_.clear();
      return result;
    }

    PostgresStore& store_;
    const TxnMode& mode_;
    std::vector<std::string> statements_;  // not yet sent
    std::unordered_map<std::string, std::string> new_statements_;  // prepared by statements_
    bool opened_ = false;      // a message has gone to the server
    bool queued_ = false;      // the body queued a statement
    bool committing_ = false;  // the commit is (or may be) in flight
    bool committed_ = false;
    bool failed_ = false;      // a statement failed: the server-side transaction is aborted
  };

  // Runs attempts until one is not a serialisation failure or deadlock.
  Status Retrying(const std::function<std::optional<Status>()>& attempt_once) {
    for (int attempt = 0;; ++attempt) {
      if (std::optional<Status> done = attempt_once()) return *done;
      if (attempt + 1 >= kMaxAttempts)
        return Error(ErrorCode::kConflict, "postgresql: gave up after repeated serialisation failures");
      std::this_thread::sleep_for(std::chrono::milliseconds(attempt + 1));
    }
  }

  // Runs the body once. nullopt: a serialisation failure or deadlock, run it again.
  std::optional<Status> RunOnce(const TxnMode& mode, const std::function<Status(Txn&)>& body) {
    if (!conn_ || !conn_->is_open())
      if (auto s = Connect(); !s) return s;
    Txn txn(*this, mode);
    try {
      Status status = body(txn);
      if (!status.ok()) {
        txn.RollbackQuietly();
        return status;
      }
      txn.Commit();
      return status;
    } catch (const RetryTransaction&) {
      txn.RollbackQuietly();
      return std::nullopt;
    } catch (const pqxx::transaction_rollback&) {
      // serialization_failure, deadlock_detected: run the body again.
      txn.RollbackQuietly();
      return std::nullopt;
    } catch (const pqxx::broken_connection& e) {
      conn_.reset();
      if (txn.committing())
        return Error(ErrorCode::kIoError,
                     fmt::format("postgresql: connection lost while committing, outcome unknown ({}); retry with "
                                 "the same idempotency key",
                                 Trim(e.what())));
      return Error(ErrorCode::kIoError, fmt::format("postgresql: connection lost: {}", Trim(e.what())));
    } catch (const std::exception& e) {
      txn.RollbackQuietly();
      return Error(ErrorCode::kIoError, fmt::format("postgresql: {}", Trim(e.what())));
    }
  }

  // Sends statements in one simple-query message; the results of the statements in `wanted`
  // (ascending indexes).
  std::vector<pqxx::result> Exec(const std::vector<std::string>& statements, const std::vector<std::size_t>& wanted) {
    try {
      pqxx::nontransaction work(*conn_);
      std::vector<pqxx::result> results;
      if (wanted.size() == 1 && wanted.front() + 1 == statements.size()) {
        std::string message;
        for (const auto& s : statements) message += (message.empty() ? "" : ";\n") + s;
        results.push_back(work.exec(message));  // PQexec: the last statement's result
      } else {
        pqxx::pipeline pipe(work);
        pipe.retain(int(statements.size()));  // hold them back: one message
        std::vector<pqxx::pipeline::query_id> ids;
        for (const auto& s : statements) ids.push_back(pipe.insert(s));
        for (std::size_t i = 0, w = 0; i < ids.size(); ++i) {
          pqxx::result r = pipe.retrieve(ids[i]);
          if (w < wanted.size() && wanted[w] == i) {
            results.push_back(std::move(r));
            ++w;
          }
        }
        pipe.complete();
      }
      work.commit();
      return results;
    } catch (...) {
      // Some of the message's PREPAREs may have run, some not: forget them all (Rollback drops
      // them on the server).
      prepared_dirty_ = true;
      throw;
    }
  }

  // Rolls back an open transaction (and drops prepared statements the server and this store may
  // disagree about). A failure here leaves the connection to be re-opened by the next call.
  void Rollback(bool opened) {
    if (!conn_ || (!opened && !prepared_dirty_)) return;
    try {
      pqxx::nontransaction work(*conn_);
      work.exec(opened ? (prepared_dirty_ ? "ROLLBACK;\nDEALLOCATE ALL" : "ROLLBACK") : "DEALLOCATE ALL");
      work.commit();
      if (prepared_dirty_) prepared_.clear();
      prepared_dirty_ = false;
    } catch (const std::exception&) {
      conn_.reset();
    }
  }

  std::string url_;
  std::shared_ptr<StatementCombiner> combiner_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name, on this connection
  bool prepared_dirty_ = false;
  long statement_counter_ = 0;
};

}  // namespace

Result<std::unique_ptr<LedgerStore>> OpenPostgresStore(std::string_view url) {
  auto store = std::make_unique<PostgresStore>(std::string(url));
  if (auto s = store->Connect(); !s) return s.error();
  return std::unique_ptr<LedgerStore>(std::move(store));
}

}  // namespace exportctl::ledger
