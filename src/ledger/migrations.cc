#include "ledger/migrations.h"

#include <string_view>

#include <fmt/format.h>

namespace exportctl::ledger {
namespace {

struct Migration {
  int version;
  std::string_view name;
  std::vector<std::string> statements;
  std::string_view backend = {};  // only on this back end ("postgresql"); recorded as applied on others
};

// The audit-chain hash of audit_chain.h in SQL, for the server-side append below. PL/pgSQL, not
// SQL: a SQL function called from PL/pgSQL is planned again in every transaction.
constexpr std::string_view kAuditHashFunction = R"sql(
CREATE OR REPLACE FUNCTION exportctl_audit_hash(prev_hash text, seq bigint, recorded_at text, kind text, subject text,
                                                payload text, actor text)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  RETURN encode(sha256(convert_to(
    CASE WHEN actor = '' THEN 'exportctl-audit-v1' ELSE 'exportctl-audit-v2' END || chr(10)
    || octet_length(convert_to(prev_hash, 'UTF8'))::text || ':' || prev_hash || chr(10)
    || octet_length(convert_to(seq::text, 'UTF8'))::text || ':' || seq::text || chr(10)
    || octet_length(convert_to(recorded_at, 'UTF8'))::text || ':' || recorded_at || chr(10)
    || octet_length(convert_to(kind, 'UTF8'))::text || ':' || kind || chr(10)
    || octet_length(convert_to(subject, 'UTF8'))::text || ':' || subject || chr(10)
    || octet_length(convert_to(payload, 'UTF8'))::text || ':' || payload || chr(10)
    || CASE WHEN actor = '' THEN '' ELSE octet_length(convert_to(actor, 'UTF8'))::text || ':' || actor || chr(10) END,
    'UTF8')), 'hex');
END
$$)sql";

// One shipment in one statement (server_ship.cc): everything that needs the write lock — the
// idempotency key, the licence version the caller checked, the running totals against the caps,
// the decision, the next entry id, the audit-chain head — is read and written inside the server,
// so the lock is held for no client round trip. The caller has already checked the request against
// a snapshot; the outcome says what, if anything, changed since:
//   recorded           written; entry id, audit seq and the licence's new running totals
//   replay             the idempotency key is now recorded (the caller re-reads it)
//   stale_licence      the licence was amended (the caller checks again)
//   over_cap           the running totals (returned) leave no room (the caller refuses)
//   decision_conflict  the decision id is recorded with other content (the caller re-reads)
// The commit is asynchronous (see postgres_store.cc: the caller waits for the WAL flush).
constexpr std::string_view kAppendShipmentFunction = R"sql(
CREATE OR REPLACE FUNCTION exportctl_append_shipment(
  p_key text, p_request_sha256 text, p_basis text, p_licence_number text, p_licence_version integer,
  p_quantity_cap bigint, p_value_cap bigint, p_decision_id text, p_decision_sha256 text, p_chip text,
  p_destination text, p_consignee text, p_quantity bigint, p_unit_price_minor bigint, p_value_minor bigint,
  p_currency text, p_entry_date text, p_recorded_at text, p_payload0 text, p_payload1 text, p_payload2 text,
  p_payload3 text, p_decision_body text, p_decision_payload text, p_actor text,
  OUT outcome text, OUT entry_id bigint, OUT entry_audit_seq bigint, OUT quantity_total bigint,
  OUT value_total bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id bigint;
  v_seq bigint;
  v_hash text;
  v_new_hash text;
  v_quantity bigint;
  v_value bigint;
  v_replay boolean;
  v_latest_version integer;
  v_known text;
  v_ignored text;
  v_payload text;
BEGIN
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    -- Under a transaction snapshot the reads below could miss commits made before the lock.
    RAISE EXCEPTION 'exportctl_append_shipment must run in a READ COMMITTED transaction';
  END IF;
  v_ignored := set_config('synchronous_commit', 'off', true);  -- this transaction only
  PERFORM pg_advisory_xact_lock({lock_key});
  -- Everything the checks need, in one query under the lock.
  SELECT EXISTS (SELECT 1 FROM entries WHERE idempotency_key = p_key),
         (SELECT max(version) FROM licences WHERE number = p_licence_number),
         COALESCE(t.licence_quantity_total, 0), COALESCE(t.licence_value_total, 0),
         (SELECT COALESCE(max(id), 0) + 1 FROM entries),
         COALESCE(h.seq, 0), COALESCE(h.hash, repeat('0', 64))
    INTO v_replay, v_latest_version, v_quantity, v_value, v_id, v_seq, v_hash
    FROM (SELECT 1) AS base
    LEFT JOIN (SELECT licence_quantity_total, licence_value_total FROM entries
               WHERE licence_number = p_licence_number ORDER BY id DESC LIMIT 1) t ON true
    LEFT JOIN (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) h ON true;
  IF v_replay THEN
    outcome := 'replay';
    RETURN;
  END IF;
  IF p_licence_number IS NOT NULL THEN
    IF v_latest_version IS DISTINCT FROM p_licence_version THEN
      outcome := 'stale_licence';
      RETURN;
    END IF;
    IF p_quantity > p_quantity_cap - v_quantity OR p_value_minor > p_value_cap - v_value THEN
      outcome := 'over_cap';
      quantity_total := v_quantity;
      value_total := v_value;
      RETURN;
    END IF;
    v_quantity := v_quantity + p_quantity;
    v_value := v_value + p_value_minor;
  ELSE
    v_quantity := 0;
    v_value := 0;
  END IF;
  IF p_decision_id IS NOT NULL THEN
    SELECT sha256 INTO v_known FROM decisions WHERE decision_id = p_decision_id;
    IF v_known IS NULL THEN
      v_seq := v_seq + 1;
      INSERT INTO decisions (decision_id, sha256, body, recorded_at, audit_seq)
        VALUES (p_decision_id, p_decision_sha256, p_decision_body, p_recorded_at, v_seq);
      v_new_hash := exportctl_audit_hash(v_hash, v_seq, p_recorded_at, 'decision', p_decision_id, p_decision_payload,
                                         p_actor);
      INSERT INTO audit_log (seq, recorded_at, kind, subject, payload, prev_hash, hash, actor)
        VALUES (v_seq, p_recorded_at, 'decision', p_decision_id, p_decision_payload, v_hash, v_new_hash, p_actor);
      v_hash := v_new_hash;
    ELSIF v_known <> p_decision_sha256 THEN
      outcome := 'decision_conflict';
      RETURN;
    END IF;
  END IF;
  v_seq := v_seq + 1;
  v_payload := p_payload0 || v_id::text || p_payload1 || v_quantity::text || p_payload2 || v_value::text || p_payload3;
  INSERT INTO entries (id, idempotency_key, request_sha256, kind, refers_to, basis, licence_number, licence_version,
                       decision_id, decision_sha256, chip, destination, consignee, quantity, unit_price_minor,
                       value_minor, currency, entry_date, reason, licence_quantity_total, licence_value_total,
                       recorded_at, audit_seq)
    VALUES (v_id, p_key, p_request_sha256, 'shipment', NULL, p_basis, p_licence_number, p_licence_version,
            p_decision_id, p_decision_sha256, p_chip, p_destination, p_consignee, p_quantity, p_unit_price_minor,
            p_value_minor, p_currency, p_entry_date, '', v_quantity, v_value, p_recorded_at, v_seq);
  v_new_hash := exportctl_audit_hash(v_hash, v_seq, p_recorded_at, 'shipment', v_id::text, v_payload, p_actor);
  INSERT INTO audit_log (seq, recorded_at, kind, subject, payload, prev_hash, hash, actor)
    VALUES (v_seq, p_recorded_at, 'shipment', v_id::text, v_payload, v_hash, v_new_hash, p_actor);
  outcome := 'recorded';
  entry_id := v_id;
  entry_audit_seq := v_seq;
  quantity_total := v_quantity;
  value_total := v_value;
END
$fn$)sql";

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
      {2,
       "postgresql: shipments appended by one server-side statement",
       {std::string(kAuditHashFunction),
        fmt::format(fmt::runtime(std::string(kAppendShipmentFunction)), fmt::arg("lock_key", kLedgerWriteLockKey))},
       "postgresql"},
      {3,
       "decision log: every check and screening, hash-chained",
       {
           // One row per question answered (check or screening), with its own SHA-256 chain over
           // `payload` (the canonical JSON of every other column but seq, hashes and recorded_at).
           "CREATE TABLE decision_log ("
           " seq BIGINT PRIMARY KEY,"
           " recorded_at TEXT NOT NULL,"
           " actor TEXT NOT NULL,"
           " channel TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " decision_id TEXT NOT NULL,"
           " outcome TEXT NOT NULL,"
           " as_of TEXT NOT NULL,"
           " chip TEXT NOT NULL,"
           " destination TEXT NOT NULL,"
           " party TEXT NOT NULL,"
           " ruleset TEXT NOT NULL,"
           " lists TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " prev_hash TEXT NOT NULL,"
           " hash TEXT NOT NULL)",
           "CREATE INDEX decision_log_by_decision ON decision_log (decision_id)",
       }},
      {4,
       "NAC notifications and objections; NAC confirmation and US import value on shipments",
       {
           // §740.8(c): a SNAP-R notification at least 25 days before a NAC export; one
           // notification may cover several shipments within its quantity. Append-only.
           "CREATE TABLE nac_notifications ("
           " confirmation TEXT PRIMARY KEY,"
           " sent_on TEXT NOT NULL,"
           " items TEXT NOT NULL,"
           " destination TEXT NOT NULL,"
           " end_user TEXT NOT NULL,"
           " consignee TEXT NOT NULL,"
           " quantity BIGINT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           // A BIS objection: from then on a licence is required.
           "CREATE TABLE nac_objections ("
           " confirmation TEXT NOT NULL,"
           " objected_on TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           "ALTER TABLE entries ADD COLUMN nac_confirmation TEXT NOT NULL DEFAULT ''",
           // The Section 232 duty's base: the value declared on import into the US.
           "ALTER TABLE entries ADD COLUMN us_import_value_minor BIGINT NOT NULL DEFAULT 0",
       }},
      {5,
       "identity and four eyes: actors on audit entries, users' tokens, settings, change requests, clearances, "
       "list versions, decision-log retention",
       {
           // Who made each change; part of the entry's hash when set (audit_chain.h).
           "ALTER TABLE audit_log ADD COLUMN actor TEXT NOT NULL DEFAULT ''",
           // API tokens of named users: only the SHA-256 of each secret.
           "CREATE TABLE api_tokens ("
           " sha256 TEXT PRIMARY KEY,"
           " user_name TEXT NOT NULL,"
           " role TEXT NOT NULL,"
           " label TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           "CREATE TABLE token_revocations ("
           " sha256 TEXT PRIMARY KEY,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           // Append-only settings: the latest row of a name is in force.
           "CREATE TABLE ledger_settings ("
           " audit_seq BIGINT PRIMARY KEY,"
           " name TEXT NOT NULL,"
           " value TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL)",
           // Four eyes: a requested change, and (at most one) decision on it.
           "CREATE TABLE change_requests ("
           " id BIGINT PRIMARY KEY,"
           " kind TEXT NOT NULL,"
           " subject TEXT NOT NULL,"
           " body TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " requested_by TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           "CREATE TABLE change_decisions ("
           " change_id BIGINT PRIMARY KEY,"
           " decision TEXT NOT NULL,"
           " decided_by TEXT NOT NULL,"
           " note TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           // Cleared screening hits (the whitelist), each from an applied change request.
           "CREATE TABLE clearances ("
           " id BIGINT PRIMARY KEY,"
           " change_id BIGINT NOT NULL UNIQUE,"
           " party TEXT NOT NULL,"
           " list TEXT NOT NULL,"
           " entry_id TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " expires TEXT NOT NULL,"
           " requested_by TEXT NOT NULL,"
           " approved_by TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           "CREATE TABLE clearance_revocations ("
           " clearance_id BIGINT PRIMARY KEY,"
           " reason TEXT NOT NULL,"
           " revoked_by TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           // Every restricted-party list version a front end decided with, first seen when and by whom.
           "CREATE TABLE list_versions ("
           " list_id TEXT NOT NULL,"
           " sha256 TEXT NOT NULL,"
           " version TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE,"
           " PRIMARY KEY (list_id, sha256))",
           // Decision-log entries purged past retention: the log's chain goes on from last_hash.
           "CREATE TABLE decision_log_purges ("
           " through_seq BIGINT PRIMARY KEY,"
           " last_hash TEXT NOT NULL,"
           " entries BIGINT NOT NULL,"
           " cutoff TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
       }},
      {6,
       "postgresql: the server-side shipment append records the actor",
       {"DROP FUNCTION IF EXISTS exportctl_append_shipment(text, text, text, text, integer, bigint, bigint, text, text, "
        "text, text, text, bigint, bigint, bigint, text, text, text, text, text, text, text, text, text)",
        "DROP FUNCTION IF EXISTS exportctl_audit_hash(text, bigint, text, text, text, text)",
        std::string(kAuditHashFunction),
        fmt::format(fmt::runtime(std::string(kAppendShipmentFunction)), fmt::arg("lock_key", kLedgerWriteLockKey))},
       "postgresql"},
      {7,
       "escalations: a held decision or an open screening hit handed to someone to settle",
       {
           // Append-only; an escalation settles nothing (the hold stays until the facts are given
           // or the hit is cleared), it records who was asked to, why, and by whom.
           "CREATE TABLE escalations ("
           " id BIGINT PRIMARY KEY,"
           " decision_seq BIGINT NOT NULL,"
           " decision_id TEXT NOT NULL,"
           " party TEXT NOT NULL,"
           " entry_id TEXT NOT NULL,"
           " escalated_to TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " escalated_by TEXT NOT NULL,"
           " recorded_at TEXT NOT NULL,"
           " audit_seq BIGINT NOT NULL UNIQUE)",
           "CREATE INDEX escalations_by_decision ON escalations (decision_seq)",
       }},
  };
  return kMigrations;
}

}  // namespace

int LatestSchemaVersion() { return Migrations().back().version; }

namespace {
// The highest applied version inside a write transaction (creating the bookkeeping table first).
Result<int> AppliedVersion(SqlTxn& txn) {
  if (auto s = txn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !s)
    return s.error();
  auto rows = txn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) return rows.error();
  return int(rows->at(0).Int(0));
}
}  // namespace

Result<int> CurrentSchemaVersion(LedgerStore& store) {
  int version = 0;
  Status st = store.Write([&](SqlTxn& txn) -> Status {
    auto v = AppliedVersion(txn);
    if (!v) return v.error();
    version = *v;
    return Ok{};
  });
  if (!st) return st.error();
  return version;
}

Result<std::vector<int>> ApplyMigrations(LedgerStore& store, const std::string& now) {
  std::vector<int> applied;
  // All pending migrations in one transaction: nobody ever sees a half-migrated database (a
  // writer opening a new SQLite file while another migrates it sees version 0 or the latest).
  Status st = store.Write([&](SqlTxn& txn) -> Status {
    applied.clear();
    auto current = AppliedVersion(txn);
    if (!current) return current.error();
    for (const Migration& m : Migrations()) {
      if (m.version <= *current) continue;
      if (m.backend.empty() || m.backend == store.Backend()) {
        for (const std::string& statement : m.statements) {
          std::string sql(statement);
          // SQLite: make 64-bit integer keys rowid aliases (INTEGER PRIMARY KEY is 64-bit there),
          // which saves one b-tree per table.
          if (store.Backend() == "sqlite")
            if (auto at = sql.find("BIGINT PRIMARY KEY"); at != std::string::npos) sql.replace(at, 6, "INTEGER");
          if (auto s = txn.Exec(sql); !s)
            return Error(ErrorCode::kIoError, fmt::format("migration {} failed: {}", m.version, s.error().message()));
        }
      }
      if (auto s = txn.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                            {std::int64_t{m.version}, std::string(m.name), now});
          !s)
        return s;
      applied.push_back(m.version);
    }
    return Ok{};
  });
  if (!st) return st.error();
  return applied;
}

}  // namespace exportctl::ledger

namespace exportctl {
int LatestLedgerSchemaVersion() { return ledger::LatestSchemaVersion(); }
}  // namespace exportctl
