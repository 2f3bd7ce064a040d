// SqliteStore: the embedded back end. WAL journal, a busy timeout so that writers in other
// processes queue instead of failing, `BEGIN IMMEDIATE` for every write transaction (it takes the
// database's single write lock up front, so the cap check and the insert are never interleaved
// with another writer), and a cache of prepared statements.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "ledger/store.h"

namespace exportctl::ledger {
namespace {

constexpr int kBusyTimeoutMs = 30000;
constexpr int kMaxBeginAttempts = 20;

class SqliteStore final : public LedgerStore, private SqlTxn {
 public:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  ~SqliteStore() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  std::string_view Backend() const override { return "sqlite"; }

  Status Write(const std::function<Status(SqlTxn&)>& body) override {
    for (int attempt = 0;; ++attempt) {
      int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) break;
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || attempt + 1 >= kMaxBeginAttempts)
        return DbError("could not begin a write transaction");
      std::this_thread::sleep_for(std::chrono::milliseconds(5 * (attempt + 1)));
    }
    return Finish(body(*this));
  }

  Status Read(const std::function<Status(SqlTxn&)>& body) override {
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
      return DbError("could not begin a read transaction");
    return Finish(body(*this));
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<SqlValue>& params) override {
    sqlite3_stmt* stmt = nullptr;
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) {
      stmt = it->second;
    } else {
      if (sqlite3_prepare_v2(db_, key.c_str(), int(key.size()), &stmt, nullptr) != SQLITE_OK)
        return DbError("could not prepare a statement");
      statements_.emplace(key, stmt);
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int index = int(i) + 1;
      if (const auto* v = std::get_if<std::int64_t>(&params[i])) {
        sqlite3_bind_int64(stmt, index, *v);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        sqlite3_bind_text(stmt, index, s->data(), int(s->size()), SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(stmt, index);
      }
    }
    std::vector<SqlRow> rows;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Error e = DbError("statement failed");
        sqlite3_reset(stmt);
        return e;
      }
      SqlRow row;
      int n = sqlite3_column_count(stmt);
      row.columns.reserve(std::size_t(n));
      for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.columns.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.columns.emplace_back(std::string(text, std::size_t(sqlite3_column_bytes(stmt, c))));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return rows;
  }

 private:
  Status Finish(Status status) {
    if (status.ok()) {
      if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) return status;
      Error e = DbError("could not commit");
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return e;
    }
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return status;
  }

  Error DbError(std::string_view what) const {
    return Error(ErrorCode::kIoError, fmt::format("sqlite: {}: {}", what, sqlite3_errmsg(db_)));
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

Result<std::unique_ptr<LedgerStore>> OpenSqliteStore(std::string_view url) {
  std::string_view rest = url;
  if (rest.starts_with("sqlite:")) rest.remove_prefix(7);
  if (rest.starts_with("//")) rest.remove_prefix(2);
  std::string sync = "NORMAL";
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    if (query == "sync=full") sync = "FULL";
    else if (query != "sync=normal")
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("unsupported sqlite url option `{}`: expected sync=full or sync=normal", query));
  }
  std::string path(rest);
  if (path.empty())
    return Error(ErrorCode::kInvalidArgument, fmt::format("sqlite url `{}` names no file", url));
  if (path != ":memory:") {
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec)
      return Error(ErrorCode::kIoError, fmt::format("cannot create directory `{}`: {}", parent.string(), ec.message()));
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Error(ErrorCode::kIoError, fmt::format("cannot open sqlite database `{}`: {}", path, msg));
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  const std::string pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + sync + "; PRAGMA foreign_keys=ON;";
  char* err = nullptr;
  // Switching a new file to WAL needs it to itself: while another connection is creating the same
  // file the switch reports SQLITE_BUSY without waiting, so wait here, up to the busy timeout.
  rc = sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, &err);
  for (int waited_ms = 0; rc == SQLITE_BUSY && waited_ms < kBusyTimeoutMs; waited_ms += 5) {
    sqlite3_free(err);
    err = nullptr;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    rc = sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, &err);
  }
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    sqlite3_close_v2(db);
    return Error(ErrorCode::kIoError, fmt::format("cannot configure sqlite database `{}`: {}", path, msg));
  }
  return std::unique_ptr<LedgerStore>(new SqliteStore(db));
}

}  // namespace exportctl::ledger
