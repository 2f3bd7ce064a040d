#include "ledger/records.h"

#include <nlohmann/json.hpp>

#include "ledger/audit_chain.h"
#include "ledger/model.h"

namespace exportctl::ledger {

using nlohmann::json;

namespace {
EntryKind KindFrom(std::string_view s) {
  if (s == "cancellation") return EntryKind::kCancellation;
  if (s == "return") return EntryKind::kReturn;
  return EntryKind::kShipment;
}
}  // namespace

SqlValue NullIfEmpty(const std::string& s) { return s.empty() ? SqlValue{} : SqlValue{s}; }
SqlValue NullIfZero(std::int64_t v) { return v == 0 ? SqlValue{} : SqlValue{v}; }

EntryRow EntryFromRow(const SqlRow& r) {
  EntryRow out;
  Entry& e = out.entry;
  e.id = r.Int(0);
  e.idempotency_key = r.Str(1);
  out.request_sha256 = r.Str(2);
  e.kind = KindFrom(r.Str(3));
  e.refers_to = r.Int(4);
  e.basis = ParseShipmentBasis(r.Str(5)).ok() ? *ParseShipmentBasis(r.Str(5)) : ShipmentBasis::kLicence;
  e.licence_number = r.Str(6);
  e.licence_version = int(r.Int(7));
  e.decision_id = r.Str(8);
  e.decision_sha256 = r.Str(9);
  e.chip = r.Str(10);
  e.destination = r.Str(11);
  e.consignee = r.Str(12);
  e.quantity = r.Int(13);
  e.unit_price.minor = r.Int(14);
  e.value_minor = r.Int(15);
  e.unit_price.currency = r.Str(16);
  auto d = Date::Parse(r.Str(17));
  e.date = d ? *d : Date();
  e.reason = r.Str(18);
  out.licence_quantity_total = r.Int(19);
  out.licence_value_total = r.Int(20);
  e.recorded_at = r.Str(21);
  e.audit_seq = r.Int(22);
  e.nac_confirmation = r.Str(23);
  e.us_import_value_minor = r.Int(24);
  return out;
}

std::vector<SqlValue> EntryParams(const EntryRow& row) {
  const Entry& e = row.entry;
  return {e.id,
          e.idempotency_key,
          row.request_sha256,
          std::string(EntryKindName(e.kind)),
          NullIfZero(e.refers_to),
          std::string(StoredShipmentBasisName(e.basis)),
          NullIfEmpty(e.licence_number),
          NullIfZero(e.licence_version),
          NullIfEmpty(e.decision_id),
          NullIfEmpty(e.decision_sha256),
          e.chip,
          e.destination,
          e.consignee,
          e.quantity,
          e.unit_price.minor,
          e.value_minor,
          e.unit_price.currency,
          e.date.ToString(),
          e.reason,
          row.licence_quantity_total,
          row.licence_value_total,
          e.recorded_at,
          e.audit_seq,
          e.nac_confirmation,
          e.us_import_value_minor};
}

EntryPayloadTemplate EntryPayloadPieces(const EntryRow& row) {
  const Entry& e = row.entry;
  json j = {{"id", e.id},
            {"idempotency_key", e.idempotency_key},
            {"request_sha256", row.request_sha256},
            {"kind", EntryKindName(e.kind)},
            {"refers_to", e.refers_to},
            {"basis", StoredShipmentBasisName(e.basis)},
            {"licence_number", e.licence_number},
            {"licence_version", e.licence_version},
            {"decision_id", e.decision_id},
            {"decision_sha256", e.decision_sha256},
            {"chip", e.chip},
            {"destination", e.destination},
            {"consignee", e.consignee},
            {"quantity", e.quantity},
            {"unit_price_minor", e.unit_price.minor},
            {"value_minor", e.value_minor},
            {"currency", e.unit_price.currency},
            {"date", e.date.ToString()},
            {"reason", e.reason},
            {"licence_quantity_total", row.licence_quantity_total},
            {"licence_value_total", row.licence_value_total},
            {"recorded_at", e.recorded_at}};
  // Only NAC shipments have one: every other payload stays as it was before the column existed.
  if (!e.nac_confirmation.empty()) j["nac_confirmation"] = e.nac_confirmation;
  if (e.us_import_value_minor != 0) j["us_import_value_minor"] = e.us_import_value_minor;
  // What json::dump() writes for an object: {"key":value,…} in key order, no spaces. The three
  // values fixed only under the write lock are left out, between the pieces.
  EntryPayloadTemplate t;
  std::size_t piece = 0;
  t.pieces[0] = "{";
  bool first = true;
  for (const auto& [key, value] : j.items()) {
    if (!first) t.pieces[piece] += ',';
    first = false;
    t.pieces[piece] += json(key).dump() + ":";
    if (key == "id" || key == "licence_quantity_total" || key == "licence_value_total") ++piece;
    else t.pieces[piece] += value.dump();
  }
  t.pieces[piece] += "}";
  return t;
}

std::string EntryPayload(const EntryRow& row) {
  const EntryPayloadTemplate t = EntryPayloadPieces(row);
  return t.pieces[0] + std::to_string(row.entry.id) + t.pieces[1] + std::to_string(row.licence_quantity_total) +
         t.pieces[2] + std::to_string(row.licence_value_total) + t.pieces[3];
}

Result<Licence> LicenceFromRow(const SqlRow& r) {
  auto l = LicenceFromJson(r.Str(4));
  if (!l) return l;
  l->version = int(r.Int(1));
  l->recorded_at = r.Str(2);
  l->amendment_reason = r.Str(3);
  return l;
}

std::string LicencePayload(const std::string& number, std::int64_t version, const std::string& recorded_at,
                           const std::string& reason, const std::string& body) {
  json j = {{"number", number}, {"version", version}, {"recorded_at", recorded_at}, {"reason", reason}};
  // The body is stored as canonical JSON text; embed it as text so any byte change shows.
  j["body"] = body;
  return j.dump();
}

std::string LicencePayload(const SqlRow& r) {
  return LicencePayload(r.Str(0), r.Int(1), r.Str(2), r.Str(3), r.Str(4));
}

std::string DecisionPayload(const std::string& id, const std::string& sha256, const std::string& body,
                            const std::string& recorded_at) {
  json j = {{"decision_id", id}, {"sha256", sha256}, {"body", body}, {"recorded_at", recorded_at}};
  return j.dump();
}

Result<std::int64_t> AuditAppender::NextSeq() {
  if (!loaded_) {
    auto rows = txn_.Query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!rows) return rows.error();
    if (rows->empty()) {
      head_seq_ = 0;
      head_hash_ = std::string(kGenesisHash);
    } else {
      head_seq_ = rows->front().Int(0);
      head_hash_ = rows->front().Str(1);
    }
    loaded_ = true;
  }
  return head_seq_ + 1;
}

Status AuditAppender::Append(const std::string& kind, const std::string& subject, const std::string& payload,
                             const std::string& recorded_at) {
  auto next = NextSeq();
  if (!next) return next.error();
  AuditEntry e;
  e.seq = *next;
  e.recorded_at = recorded_at;
  e.kind = kind;
  e.subject = subject;
  e.payload = payload;
  e.prev_hash = head_hash_;
  e.actor = actor_;
  e.hash = AuditEntryHash(e);
  pending_.push_back({e.seq, e.recorded_at, e.kind, e.subject, e.payload, e.prev_hash, e.hash, e.actor});
  head_seq_ = e.seq;
  head_hash_ = e.hash;
  return deferred_ ? Status(Ok{}) : Flush();
}

Status AuditAppender::Flush() {
  Status s = InsertMany(txn_, "audit_log (seq, recorded_at, kind, subject, payload, prev_hash, hash, actor)", 8, pending_);
  pending_.clear();
  return s;
}

Status InsertMany(SqlTxn& txn, std::string_view table_and_columns, std::size_t columns,
                  const std::vector<std::vector<SqlValue>>& rows) {
  std::size_t done = 0;
  while (done < rows.size()) {
    std::size_t left = rows.size() - done;
    std::size_t n = left >= 64 ? 64 : left >= 8 ? 8 : 1;
    std::string tuple = "(";
    for (std::size_t c = 0; c < columns; ++c) tuple += c ? ", ?" : "?";
    tuple += ")";
    std::string sql = "INSERT INTO " + std::string(table_and_columns) + " VALUES ";
    std::vector<SqlValue> params;
    params.reserve(n * columns);
    for (std::size_t i = 0; i < n; ++i) {
      sql += i ? ", " + tuple : tuple;
      params.insert(params.end(), rows[done + i].begin(), rows[done + i].end());
    }
    if (auto s = txn.Exec(sql, params); !s) return s;
    done += n;
  }
  return Ok{};
}

}  // namespace exportctl::ledger
