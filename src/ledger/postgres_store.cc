// PostgresStore: the server back end, through libpqxx 6.4. Every write transaction is READ
// COMMITTED and first takes one transaction-scoped advisory lock (so writers are serialised and
// each statement after the lock sees every earlier commit: the cap check and the audit-chain head
// are never stale); reads run REPEATABLE READ, READ ONLY for one consistent snapshot. A
// serialisation failure or deadlock re-runs the whole body. Statements are prepared once per
// connection.
#include <chrono>
#include <string>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "ledger/store.h"

namespace exportctl::ledger {
namespace {

// Arbitrary, fixed: the key of the ledger's write lock (pg_advisory_xact_lock).
constexpr long long kWriteLockKey = 0x6578706f7274;  // "export"
constexpr int kMaxAttempts = 50;

// Thrown through the body to make Write() retry.
struct RetryTransaction {};

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
  explicit PostgresStore(std::unique_ptr<pqxx::connection> conn) : conn_(std::move(conn)) {}

  std::string_view Backend() const override { return "postgresql"; }

  Status Write(const std::function<Status(SqlTxn&)>& body) override {
    for (int attempt = 0;; ++attempt) {
      try {
        pqxx::work work(*conn_);
        work.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
        Txn txn(*this, work);
        Status status = body(txn);
        if (!status.ok()) {
          work.abort();
          return status;
        }
        work.commit();
        return status;
      } catch (const RetryTransaction&) {
      } catch (const pqxx::transaction_rollback&) {
        // serialization_failure, deadlock_detected: run the body again.
      } catch (const pqxx::in_doubt_error& e) {
        return Error(ErrorCode::kIoError,
                     fmt::format("postgresql: commit outcome unknown ({}); retry with the same idempotency key", e.what()));
      } catch (const pqxx::broken_connection& e) {
        return Error(ErrorCode::kIoError, fmt::format("postgresql: connection lost: {}", Trim(e.what())));
      } catch (const std::exception& e) {
        return Error(ErrorCode::kIoError, fmt::format("postgresql: {}", Trim(e.what())));
      }
      if (attempt + 1 >= kMaxAttempts)
        return Error(ErrorCode::kConflict, "postgresql: gave up after repeated serialisation failures");
      std::this_thread::sleep_for(std::chrono::milliseconds(attempt + 1));
    }
  }

  Status Read(const std::function<Status(SqlTxn&)>& body) override {
    try {
      pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> work(*conn_);
      Txn txn(*this, work);
      Status status = body(txn);
      work.commit();
      return status;
    } catch (const std::exception& e) {
      return Error(ErrorCode::kIoError, fmt::format("postgresql: {}", Trim(e.what())));
    } catch (const RetryTransaction&) {
      return Error(ErrorCode::kIoError, "postgresql: read transaction failed");
    }
  }

 private:
  class Txn final : public SqlTxn {
   public:
    Txn(PostgresStore& store, pqxx::transaction_base& work) : store_(store), work_(work) {}
    Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<SqlValue>& params) override {
      const std::string& name = store_.Prepare(sql);
      std::vector<std::string> storage(params.size());
      std::vector<const char*> values(params.size(), nullptr);
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
          storage[i] = std::to_string(*v);
          values[i] = storage[i].c_str();
        } else if (const auto* s = std::get_if<std::string>(&params[i])) {
          values[i] = s->c_str();
        }
      }
      pqxx::result result;
      try {
        result = work_.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
      } catch (const pqxx::transaction_rollback&) {
        throw RetryTransaction{};
      } catch (const pqxx::broken_connection&) {
        throw;
      } catch (const pqxx::sql_error& e) {
        // The transaction is now aborted; report and let Write() roll back.
        return Error(ErrorCode::kIoError, fmt::format("postgresql: {}", Trim(e.what())));
      }
      std::vector<SqlRow> rows;
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
      return rows;
    }

   private:
    PostgresStore& store_;
    pqxx::transaction_base& work_;
  };

  static std::string Trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  const std::string& Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
    std::string name = "exportctl_s" + std::to_string(prepared_.size() + 1);
    conn_->prepare(name, ToDollarParams(sql));
    return prepared_.emplace(key, name).first->second;
  }

  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

}  // namespace

Result<std::unique_ptr<LedgerStore>> OpenPostgresStore(std::string_view url) {
  try {
    auto conn = std::make_unique<pqxx::connection>(std::string(url));
    return std::unique_ptr<LedgerStore>(new PostgresStore(std::move(conn)));
  } catch (const std::exception& e) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    // Never echo the URL: it may hold a password.
    return Error(ErrorCode::kIoError, fmt::format("cannot connect to postgresql: {}", msg));
  }
}

}  // namespace exportctl::ledger
