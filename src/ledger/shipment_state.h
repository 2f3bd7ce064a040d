// What the two shipment writers share — ShipmentWriter (shipments.cc: the check and the writes in
// one locked transaction, on any back end) and the PostgreSQL server-side append (server_ship.cc):
// the request after the checks that need no database, the state a shipment is checked against,
// read in one statement, and the entry row it becomes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exportctl/ledger.h"
#include "ledger/decision.h"
#include "ledger/records.h"
#include "ledger/store.h"

namespace exportctl::ledger {

// A shipment request after the checks that need no database: normalised, decided by the engine
// (request.decision_json then holds the recomputed decision, the claim having been compared with
// it), value and request hash computed.
struct PreparedShipment {
  ShipmentRequest request;
  std::optional<Decision> decision;
  std::int64_t value = 0;
  std::string request_sha256;
};
// kFailedPrecondition-like kRefused without a decider.
Result<PreparedShipment> PrepareShipment(const ShipmentRequest& request, const ShipmentDecider& decider);

// Everything a shipment is checked against, as one statement read it.
struct ShipmentState {
  std::optional<EntryRow> recorded;          // an entry already under the idempotency key
  std::optional<Licence> licence;            // the licence's latest version (licence basis only)
  std::pair<std::int64_t, std::int64_t> licence_totals{0, 0};  // running quantity, value
  std::optional<std::string> decision_sha256;  // the relied-on decision, when already recorded
  std::int64_t max_entry_id = 0;
  std::int64_t audit_head_seq = 0;           // 0: the chain is empty
  std::string audit_head_hash;
};
// The one statement that reads it, and what it returns.
struct ShipmentStateQuery {
  const std::string& sql;
  std::vector<SqlValue> params;
};
ShipmentStateQuery ShipmentStateQueryFor(const PreparedShipment& p);
Result<ShipmentState> ShipmentStateFromRows(const std::vector<SqlRow>& rows);
// Both, inside a transaction.
Result<ShipmentState> LoadShipmentState(SqlTxn& txn, const PreparedShipment& p);

// The shipment entry for a request; id, audit seq and licence totals are left for the writer.
EntryRow NewShipmentRow(const PreparedShipment& p, const std::string& recorded_at);

// The answer to a request whose idempotency key is already recorded: the recorded entry (marked
// replayed) when it is the same request (same SHA-256), kConflict when not.
Result<Entry> Replay(const EntryRow& recorded, const std::string& key, const std::string& request_sha256);

}  // namespace exportctl::ledger
