// Ship() on PostgreSQL: the request is checked against the licence (read once, then cached for
// this Ledger), and one server-side statement (exportctl_append_shipment, migrations.cc) takes
// the write lock, re-checks what may have changed — idempotency key, licence version, running
// totals against the caps, decision — and appends the entry and its audit entries. No client
// round trip happens under the lock, and a shipment under a known licence is one message. Every
// refusal is decided here, by the same CheckAgainstLicence as on SQLite, from the totals the
// statement saw; a stale cached licence is only ever a retry, never a wrong decision, because the
// statement refuses to write against any but the latest version.
#include <fmt/format.h>

#include "ledger/ledger_impl.h"
#include "ledger/model.h"
#include "ledger/shipment_check.h"
#include "ledger/shipment_state.h"

namespace exportctl::ledger {
namespace {

constexpr int kMaxAttempts = 20;

}  // namespace

Result<ShipmentState> LedgerImpl::ReadShipmentState(const PreparedShipment& p) {
  const ShipmentStateQuery query = ShipmentStateQueryFor(p);
  auto rows = store_->ReadStatement(query.sql, query.params);
  if (!rows) return rows.error();
  return ShipmentStateFromRows(*rows);
}

Result<Entry> LedgerImpl::ShipOnServer(const PreparedShipment& p) {
  const ShipmentRequest& r = p.request;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    EntryRow row = NewShipmentRow(p, Now());
    Entry& e = row.entry;
    const Licence* licence = nullptr;
    if (r.basis == ShipmentBasis::kLicence) {
      std::pair<std::int64_t, std::int64_t> totals{0, 0};  // unknown for a cached licence: the server checks
      auto cached = licence_cache_.find(r.licence_number);
      if (cached == licence_cache_.end()) {
        auto state = ReadShipmentState(p);
        if (!state) return state.error();
        if (state->recorded) return Replay(*state->recorded, r.idempotency_key, p.request_sha256);
        if (!state->licence)
          return Error(ErrorCode::kRefused, fmt::format("refused: unknown licence `{}`", r.licence_number));
        totals = state->licence_totals;
        cached = licence_cache_.insert_or_assign(r.licence_number, std::move(*state->licence)).first;
      }
      licence = &cached->second;
      // A volume cap needs the reference market's quantities under the lock: the general path.
      if (licence->conditions.volume_ratio_cap_bp > 0) return ShipInTransaction(p);
      if (auto s = CheckAgainstLicence(r, *licence, totals.first, totals.second); !s) return s.error();
      e.licence_number = licence->number;
      e.licence_version = licence->version;
    }
    SqlValue decision_body, decision_payload;
    // A decision this connection has seen recorded is not sent again (it is append-only): the
    // statement only compares its SHA-256.
    const bool known = p.decision && recorded_decisions_.contains(p.decision->id + p.decision->sha256);
    if (p.decision && !known) {
      decision_body = r.decision_json;
      decision_payload = DecisionPayload(p.decision->id, p.decision->sha256, r.decision_json, e.recorded_at);
    }
    const EntryPayloadTemplate payload = EntryPayloadPieces(row);
    auto rows = store_->WriteStatement(
        "SELECT outcome, entry_id, entry_audit_seq, quantity_total, value_total FROM exportctl_append_shipment("
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {e.idempotency_key, row.request_sha256, std::string(StoredShipmentBasisName(e.basis)), NullIfEmpty(e.licence_number),
         NullIfZero(e.licence_version),
         licence ? SqlValue{licence->quantity_cap} : SqlValue{}, licence ? SqlValue{licence->value_cap.minor} : SqlValue{},
         NullIfEmpty(e.decision_id), NullIfEmpty(e.decision_sha256), e.chip, e.destination, e.consignee, e.quantity,
         e.unit_price.minor, e.value_minor, e.unit_price.currency, e.date.ToString(), e.recorded_at,
         payload.pieces[0], payload.pieces[1], payload.pieces[2], payload.pieces[3], decision_body,
         decision_payload, actor_.name});
    if (!rows) return rows.error();
    if (rows->size() != 1) return Error(ErrorCode::kInternal, "exportctl_append_shipment returned no outcome");
    const SqlRow& out = rows->front();
    const std::string& outcome = out.Str(0);
    if (outcome == "recorded") {
      e.id = out.Int(1);
      e.audit_seq = out.Int(2);
      if (p.decision && !known) {
        if (recorded_decisions_.size() >= 4096) recorded_decisions_.clear();
        recorded_decisions_.insert(p.decision->id + p.decision->sha256);
      }
      return e;
    }
    if (outcome == "over_cap") {
      if (auto s = CheckAgainstLicence(r, *licence, out.Int(3), out.Int(4)); !s) return s.error();
      return Error(ErrorCode::kInternal, "the server refused a shipment within the licence's caps");
    }
    if (outcome == "decision_conflict")
      return Error(ErrorCode::kConflict,
                   fmt::format("decision `{}` is already recorded with different content", p.decision->id));
    if (outcome == "replay") {
      auto state = ReadShipmentState(p);
      if (!state) return state.error();
      if (state->recorded) return Replay(*state->recorded, r.idempotency_key, p.request_sha256);
    }
    if (outcome == "stale_licence") licence_cache_.erase(r.licence_number);
  }
  return Error(ErrorCode::kConflict, "gave up: the ledger kept changing under this shipment; retry it");
}

}  // namespace exportctl::ledger
