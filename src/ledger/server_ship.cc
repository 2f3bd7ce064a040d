// Ship() on PostgreSQL: the request is checked against a snapshot read without the lock, then one
// server-side statement (exportctl_append_shipment, migrations.cc) takes the write lock, re-checks
// what may have changed since (idempotency key, licence version, running totals against the caps,
// decision), and appends the entry and its audit entries. No client round trip happens under the
// lock, so writers queue on it for the server's work alone. Refusals are decided here, by the same
// CheckAgainstLicence as everywhere else, from the totals the statement saw.
#include <fmt/format.h>

#include "ledger/ledger_impl.h"
#include "ledger/shipment_check.h"
#include "ledger/shipment_state.h"

namespace exportctl::ledger {
namespace {

constexpr int kMaxAttempts = 20;

SqlValue OrNull(const std::string& s) { return s.empty() ? SqlValue{} : SqlValue{s}; }

}  // namespace

Result<Entry> LedgerImpl::ShipOnServer(const PreparedShipment& p) {
  const ShipmentRequest& r = p.request;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    const ShipmentStateQuery query = ShipmentStateQueryFor(p);
    auto rows_read = store_->ReadStatement(query.sql, query.params);
    if (!rows_read) return rows_read.error();
    auto state = ShipmentStateFromRows(*rows_read);
    if (!state) return state.error();
    if (state->recorded) return Replay(*state->recorded, p);

    EntryRow row = NewShipmentRow(p, Now());
    Entry& e = row.entry;
    SqlValue quantity_cap, value_cap;
    if (r.basis == ShipmentBasis::kLicence) {
      if (!state->licence) return Error(ErrorCode::kRefused, fmt::format("refused: unknown licence `{}`", r.licence_number));
      const Licence& l = *state->licence;
      if (auto s = CheckAgainstLicence(r, l, state->licence_totals.first, state->licence_totals.second); !s)
        return s.error();
      e.licence_number = l.number;
      e.licence_version = l.version;
      quantity_cap = l.quantity_cap;
      value_cap = l.value_cap.minor;
    }
    SqlValue decision_body, decision_payload;
    if (p.decision) {
      if (state->decision_sha256 && *state->decision_sha256 != p.decision->sha256)
        return Error(ErrorCode::kConflict,
                     fmt::format("decision `{}` is already recorded with different content", p.decision->id));
      decision_body = r.decision_json;
      decision_payload = DecisionPayload(p.decision->id, p.decision->sha256, r.decision_json, e.recorded_at);
    }
    const EntryPayloadTemplate payload = EntryPayloadPieces(row);
    auto rows = store_->WriteStatement(
        "SELECT outcome, entry_id, entry_audit_seq, quantity_total, value_total FROM exportctl_append_shipment("
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {e.idempotency_key, row.request_sha256, std::string(ShipmentBasisName(e.basis)), OrNull(e.licence_number),
         e.licence_version ? SqlValue{std::int64_t{e.licence_version}} : SqlValue{}, quantity_cap, value_cap,
         OrNull(e.decision_id), OrNull(e.decision_sha256), e.chip, e.destination, e.consignee, e.quantity,
         e.unit_price.minor, e.value_minor, e.unit_price.currency, e.date.ToString(), e.recorded_at,
         payload.pieces[0], payload.pieces[1], payload.pieces[2], payload.pieces[3], decision_body,
         decision_payload});
    if (!rows) return rows.error();
    if (rows->size() != 1) return Error(ErrorCode::kInternal, "exportctl_append_shipment returned no outcome");
    const SqlRow& out = rows->front();
    const std::string& outcome = out.Str(0);
    if (outcome == "recorded") {
      e.id = out.Int(1);
      e.audit_seq = out.Int(2);
      return e;
    }
    if (outcome == "over_cap") {
      if (auto s = CheckAgainstLicence(r, *state->licence, out.Int(3), out.Int(4)); !s) return s.error();
      return Error(ErrorCode::kInternal, "the server refused a shipment within the licence's caps");
    }
    // replay, stale_licence, decision_conflict: the ledger changed since the snapshot; check again.
  }
  return Error(ErrorCode::kConflict, "gave up: the ledger kept changing under this shipment; retry it");
}

}  // namespace exportctl::ledger
