// Ledger rows <-> model structs, and the canonical JSON payload of each row that the audit log
// records. Writer and verifier both build payloads here, so a row matches its audit entry exactly
// when the row is unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exportctl/ledger.h"
#include "ledger/store.h"

namespace exportctl::ledger {

// entries: everything the ledger stores for a shipment or compensating entry.
struct EntryRow {
  Entry entry;
  std::string request_sha256;
  std::int64_t licence_quantity_total = 0;  // running net totals of the licence, this entry included
  std::int64_t licence_value_total = 0;
};

inline constexpr std::string_view kEntryColumns =
    "id, idempotency_key, request_sha256, kind, refers_to, basis, licence_number, licence_version, "
    "decision_id, decision_sha256, chip, destination, consignee, quantity, unit_price_minor, value_minor, "
    "currency, entry_date, reason, licence_quantity_total, licence_value_total, recorded_at, audit_seq, "
    "nac_confirmation, us_import_value_minor";
inline constexpr std::size_t kEntryColumnCount = 25;

// How the entries table stores "none": NULL for an empty text or a zero id/version.
SqlValue NullIfEmpty(const std::string& s);
SqlValue NullIfZero(std::int64_t v);

EntryRow EntryFromRow(const SqlRow& row);         // columns in kEntryColumns order
std::vector<SqlValue> EntryParams(const EntryRow& row);  // kEntryColumns order
std::string EntryPayload(const EntryRow& row);
// The payload with the three values a writer only knows under the write lock left out:
// payload = pieces[0] + id + pieces[1] + licence_quantity_total + pieces[2] + licence_value_total
//           + pieces[3] (integers in decimal). Lets the server fill them in (server_ship.cc).
struct EntryPayloadTemplate {
  std::array<std::string, 4> pieces;
};
EntryPayloadTemplate EntryPayloadPieces(const EntryRow& row);

// licences: number, version, recorded_at, reason, body, audit_seq.
inline constexpr std::string_view kLicenceColumns = "number, version, recorded_at, reason, body, audit_seq";
Result<Licence> LicenceFromRow(const SqlRow& row);
std::string LicencePayload(const SqlRow& row);  // from the stored columns
std::string LicencePayload(const std::string& number, std::int64_t version, const std::string& recorded_at,
                           const std::string& reason, const std::string& body);

// decisions: decision_id, sha256, body, recorded_at, audit_seq.
std::string DecisionPayload(const std::string& id, const std::string& sha256, const std::string& body,
                            const std::string& recorded_at);

// Inserts rows (each `columns`-wide) with multi-row INSERT statements of a few fixed sizes, so
// that a batch costs a handful of round trips and the statement cache stays small.
Status InsertMany(SqlTxn& txn, std::string_view table_and_columns, std::size_t columns,
                  const std::vector<std::vector<SqlValue>>& rows);

// Appends entries to the audit chain inside a write transaction. The first call reads the chain
// head; later calls in the same transaction continue from it. Deferred appenders hold the rows
// until Flush() (which must run before the transaction commits).
class AuditAppender {
 public:
  // Every entry names `actor` (Actor::name).
  AuditAppender(SqlTxn& txn, std::string actor, bool deferred = false)
      : txn_(txn), actor_(std::move(actor)), deferred_(deferred) {}
  // Starts from a chain head read by the caller (seq 0: the chain is empty).
  void Seed(std::int64_t head_seq, std::string head_hash) {
    head_seq_ = head_seq;
    head_hash_ = std::move(head_hash);
    loaded_ = true;
  }
  // The seq the next Append() will use.
  Result<std::int64_t> NextSeq();
  Status Append(const std::string& kind, const std::string& subject, const std::string& payload,
                const std::string& recorded_at);
  Status Flush();

 private:
  SqlTxn& txn_;
  std::string actor_;
  bool deferred_;
  bool loaded_ = false;
  std::int64_t head_seq_ = 0;
  std::string head_hash_;
  std::vector<std::vector<SqlValue>> pending_;
};

}  // namespace exportctl::ledger
