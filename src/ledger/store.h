// LedgerStore: the narrow SQL interface the ledger runs on, with one driver per back end
// (sqlite_store.cc, postgres_store.cc). The ledger logic and the schema are shared; a driver only
// runs parameterised statements inside transactions.
//
// SQL is written once with `?` placeholders (the PostgreSQL driver rewrites them to $1, $2 … of a
// prepared statement); user values are only ever passed as parameters, never spliced into SQL. Write() runs its body in a transaction that
// excludes every other writer on the database (SQLite `BEGIN IMMEDIATE`; PostgreSQL
// `pg_advisory_xact_lock`), commits when the body returns ok and rolls back otherwise, and re-runs
// the body on a serialisation failure, deadlock or busy timeout — so the body must have no effects
// outside the transaction. Read() runs its body on one consistent snapshot.
// Not thread-safe: one store, one connection, one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "exportctl/error.h"

namespace exportctl::ledger {

// The key of the PostgreSQL write lock (pg_advisory_xact_lock), taken by Write() and by the
// server-side shipment append (migrations.cc). Arbitrary and fixed: "export".
inline constexpr long long kLedgerWriteLockKey = 0x6578706f7274;

using SqlValue = std::variant<std::monostate, std::int64_t, std::string>;

struct SqlRow {
  std::vector<std::optional<std::string>> columns;
  bool IsNull(std::size_t i) const { return !columns.at(i).has_value(); }
  const std::string& Str(std::size_t i) const;  // "" for NULL
  std::int64_t Int(std::size_t i) const;        // 0 for NULL
};

class SqlTxn {
 public:
  virtual ~SqlTxn() = default;
  virtual Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;
  // A statement whose rows are not needed. A driver may queue it and send it with the next Query
  // or the commit, so its error can surface there; it fails the transaction either way.
  virtual Status Exec(std::string_view sql, const std::vector<SqlValue>& params = {});
};

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;
  virtual std::string_view Backend() const = 0;  // "sqlite" or "postgresql"
  virtual Status Write(const std::function<Status(SqlTxn&)>& body) = 0;
  virtual Status Read(const std::function<Status(SqlTxn&)>& body) = 0;
  // Runs one read-only statement on a snapshot of its own.
  virtual Result<std::vector<SqlRow>> ReadStatement(std::string_view sql, const std::vector<SqlValue>& params);
  // Runs one statement as a write transaction of its own and returns its rows once the
  // transaction is durable. PostgreSQL runs it without the lock Write() takes: it is for a
  // server-side function that takes kLedgerWriteLockKey itself (the default runs it in Write()).
  virtual Result<std::vector<SqlRow>> WriteStatement(std::string_view sql, const std::vector<SqlValue>& params);
};

// "sqlite:PATH", "sqlite://PATH", a plain path, "sqlite::memory:"; optional "?sync=full|normal".
Result<std::unique_ptr<LedgerStore>> OpenSqliteStore(std::string_view url);
// "postgresql://…" or "postgres://…", passed to libpq unchanged.
Result<std::unique_ptr<LedgerStore>> OpenPostgresStore(std::string_view url);
// Chooses the driver from the URL scheme.
Result<std::unique_ptr<LedgerStore>> OpenStore(std::string_view url);

}  // namespace exportctl::ledger
