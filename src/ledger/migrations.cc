#include "ledger/migrations.h"

#include <string_view>

#include <fmt/format.h>

namespace exportctl::ledger {
namespace {

struct Migration {
  int version;
  std::string_view name;
  std::vector<std::string_view> statements;
};

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       "ledger: licences, entries, decisions, audit log",
       {
           // The hash-chained audit log: one row per ledger change, seq 1, 2, 3 … without gaps.
           "CREATE TABLE audit_log ("
           " seq BIGINT PRIMARY KEY,"
           " recorded_at TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " subject TEXT NOT NULL,"
           " payload TEXT NOT NULL,"
           " prev_hash TEXT NOT NULL,"
           " hash TEXT NOT NULL)",
           // One row per licence version; version 1 is the grant, later ones are amendments.
           "CREATE TABLE licences ("
           " number TEXT NOT NULL,"
           " version INTEGER NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE,"
           " PRIMARY KEY (number, version))",
           // Decisions relied on by shipments, verbatim, with the SHA-256 of their bytes.
           "CREATE TABLE decisions ("
           " decision_id TEXT PRIMARY KEY,"
           " sha256 TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           // Shipments and compensating entries (cancellations, returns: negative quantities).
           // licence_quantity_total / licence_value_total: the licence's running net totals
           // including this entry (0 for entries not under a licence).
           "CREATE TABLE entries ("
           " id BIGINT PRIMARY KEY,"
           " idempotency_key TEXT NOT NULL UNIQUE,"
           " request_sha256 TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " refers_to BIGINT,"
           " basis TEXT NOT NULL,"
           " licence_number TEXT,"
           " licence_version INTEGER,"
           " decision_id TEXT,"
           " decision_sha256 TEXT,"
           " chip TEXT NOT NULL,"
           " destination TEXT NOT NULL,"
           " consignee TEXT NOT NULL,"
           " quantity BIGINT NOT NULL,"
           " unit_price_minor BIGINT NOT NULL,"
           " value_minor BIGINT NOT NULL,"
           " currency TEXT NOT NULL,"
           " entry_date TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " licence_quantity_total BIGINT NOT NULL,"
           " licence_value_total BIGINT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL)",
           // Few indexes: each one costs a page write per shipment. `audit verify` checks that
           // audit_seq values are distinct and point at the right entries.
           "CREATE INDEX entries_by_licence ON entries (licence_number, id)",
           "CREATE INDEX entries_by_refers_to ON entries (refers_to) WHERE refers_to IS NOT NULL",
       }},
  };
  return kMigrations;
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

Result<int> CurrentSchemaVersion(LedgerStore& store) {
  int version = 0;
  Status st = store.Write([&](SqlTxn& txn) -> Status {
    if (auto s = txn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                          " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        !s)
      return s;
    auto rows = txn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!rows) return rows.error();
    version = int(rows->at(0).Int(0));
    return Ok{};
  });
  if (!st) return st.error();
  return version;
}

Result<std::vector<int>> ApplyMigrations(LedgerStore& store, const std::string& now) {
  std::vector<int> applied;
  for (const Migration& m : Migrations()) {
    bool did = false;
    Status st = store.Write([&](SqlTxn& txn) -> Status {
      did = false;
      if (auto s = txn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
          !s)
        return s;
      auto rows = txn.Query("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", {std::int64_t{m.version}});
      if (!rows) return rows.error();
      if (rows->at(0).Int(0) > 0) return Ok{};
      for (std::string_view statement : m.statements) {
        std::string sql(statement);
        // SQLite: make 64-bit integer keys rowid aliases (INTEGER PRIMARY KEY is 64-bit there),
        // which saves one b-tree per table.
        if (store.Backend() == "sqlite")
          if (auto at = sql.find("BIGINT PRIMARY KEY"); at != std::string::npos) sql.replace(at, 6, "INTEGER");
        if (auto s = txn.Exec(sql); !s)
          return Error(ErrorCode::kIoError, fmt::format("migration {} failed: {}", m.version, s.error().message()));
      }
      if (auto s = txn.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                            {std::int64_t{m.version}, std::string(m.name), now});
          !s)
        return s;
      did = true;
      return Ok{};
    });
    if (!st) return st.error();
    if (did) applied.push_back(m.version);
  }
  return applied;
}

}  // namespace exportctl::ledger

namespace exportctl {
int LatestLedgerSchemaVersion() { return ledger::LatestSchemaVersion(); }
}  // namespace exportctl
