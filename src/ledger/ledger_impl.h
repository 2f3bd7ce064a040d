// LedgerImpl: the Ledger API over a LedgerStore. Operations are split by concept:
// ledger.cc (opening, migrations, licences), shipments.cc (shipments and compensating entries),
// server_ship.cc (a single shipment on PostgreSQL),
// reports.cc (balances, revenue share, volume ratio, entry listings), decision_log.cc,
// audit_verify.cc.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "exportctl/ledger.h"
#include "ledger/records.h"
#include "ledger/store.h"

namespace exportctl::ledger {

struct PreparedShipment;
struct ShipmentState;

class LedgerImpl final : public Ledger {
 public:
  LedgerImpl(std::unique_ptr<LedgerStore> store, LedgerOptions options)
      : store_(std::move(store)), options_(options) {}

  Result<std::vector<int>> Migrate() override;
  Result<int> SchemaVersion() override;
  std::string BackendName() const override { return std::string(store_->Backend()); }

  Result<Licence> AddLicence(const Licence& licence) override;
  Result<Licence> AmendLicence(const Licence& changes, const std::string& reason) override;
  Result<Licence> GetLicence(const std::string& number) override;
  Result<std::vector<Licence>> LicenceHistory(const std::string& number) override;
  Result<std::vector<Licence>> ListLicences() override;

  Result<Entry> Ship(const ShipmentRequest& request) override;
  Result<std::vector<Result<Entry>>> ShipBatch(const std::vector<ShipmentRequest>& requests) override;
  Result<Entry> Compensate(const CompensationRequest& request) override;

  Result<NacNotification> RecordNacNotification(const NacNotification& notification) override;
  Result<NacNotification> RecordNacObjection(const std::string& confirmation, Date objected_on,
                                             const std::string& reason) override;
  Result<std::vector<NacNotification>> NacNotifications() override;

  Result<std::vector<Balance>> Balances(const std::string& licence_number) override;
  Result<std::vector<RevenueShareRow>> RevenueShare(const std::string& licence_number) override;
  Result<std::vector<VolumeRatioRow>> VolumeRatio(const std::string& licence_number) override;
  Result<std::vector<Entry>> Entries(const EntryFilter& filter) override;

  Status AppendDecisionLog(std::vector<DecisionLogEntry>& entries) override;
  Result<std::vector<DecisionLogEntry>> DecisionLog(const DecisionLogFilter& filter) override;
  Result<DecisionLogEntry> DecisionLogEntryAt(std::int64_t seq) override;

  Result<AuditReport> VerifyAudit() override;
  Result<std::vector<AuditEntry>> AuditLog() override;

 private:
  std::string Now() const;
  // Licence items that are not ECCNs, resolved to catalog ids (LedgerOptions::resolve_item).
  Status ResolveItems(Licence& licence) const;
  // Ship() on PostgreSQL: one server-side statement under the write lock (server_ship.cc).
  Result<Entry> ShipOnServer(const PreparedShipment& p);
  // Ship() on any back end: the checks and the writes in one write transaction (shipments.cc).
  Result<Entry> ShipInTransaction(const PreparedShipment& p);
  // The answer to a request already recorded under its idempotency key (the entry, replayed, or
  // kConflict for other content); nullopt when the key is not recorded (shipments.cc).
  std::optional<Result<Entry>> ReplayIfRecorded(const ShipmentRequest& request);
  Result<ShipmentState> ReadShipmentState(const PreparedShipment& p);
  // Appends a licence version (inside a write transaction).
  Status WriteLicenceVersion(SqlTxn& txn, Licence& licence, const std::string& reason);

  std::unique_ptr<LedgerStore> store_;
  LedgerOptions options_;
  // Licences as last read by ShipOnServer (number -> latest version seen); the server-side append
  // refuses any but the latest version, so a stale entry only costs a re-read.
  std::map<std::string, Licence> licence_cache_;
  // Decisions (id + SHA-256) ShipOnServer saw recorded: their bodies need not be sent again.
  std::unordered_set<std::string> recorded_decisions_;
};

// A NAC notification with its objection and shipped quantity, read inside a transaction;
// kNotFound when unknown (nac.cc).
Result<NacNotification> LoadNacNotification(SqlTxn& txn, const std::string& confirmation);
// Refuses (kRefused) a NAC shipment the notification does not cover (nac.cc).
Status CheckAgainstNac(const ShipmentRequest& request, const NacNotification& notification);
// Every NAC notification and objection row against its audit entry, for VerifyAudit (nac.cc).
struct NacRowPayload {
  std::int64_t audit_seq;
  std::string kind, subject, payload, name;
};
Result<std::vector<NacRowPayload>> NacRowPayloads(SqlTxn& txn);

// Problems of the decision log's hash chain (decision_log.cc), one line each, for VerifyAudit.
Status VerifyDecisionLog(SqlTxn& txn, std::vector<std::string>& problems, std::int64_t& entries);

// The latest version of a licence inside a transaction; kNotFound when unknown.
Result<Licence> LoadLatestLicence(SqlTxn& txn, const std::string& number);
// The licence's running net totals (quantity, value) after its latest entry.
Result<std::pair<std::int64_t, std::int64_t>> LoadLicenceTotals(SqlTxn& txn, const std::string& number);

}  // namespace exportctl::ledger
