// LedgerImpl: the Ledger API over a LedgerStore. Operations are split by concept:
// ledger.cc (opening, migrations, licences), shipments.cc (shipments and compensating entries),
// server_ship.cc (a single shipment on PostgreSQL),
// reports.cc (balances, revenue share, volume ratio, entry listings), decision_log.cc, nac.cc,
// identity.cc (actor, tokens, settings), approvals.cc (four eyes), clearances.cc, list_versions.cc,
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

  void SetActor(Actor actor) override { actor_ = std::move(actor); }
  const Actor& actor() const override { return actor_; }

  Result<ChangeRequest> ProposeLicence(const Licence& licence) override;
  Result<ChangeRequest> ProposeAmendment(const Licence& changes, const std::string& reason) override;
  Result<std::vector<ChangeRequest>> ProposeClearances(const std::vector<Clearance>& clearances) override;
  Result<ChangeRequest> Approve(std::int64_t change_id, const std::string& note) override;
  Result<ChangeRequest> Reject(std::int64_t change_id, const std::string& note) override;
  Result<std::vector<ChangeRequest>> Changes(bool pending_only) override;
  Result<ChangeRequest> Change(std::int64_t change_id) override;

  Result<std::vector<Clearance>> Clearances(Date as_of, bool include_ended) override;
  Result<Clearance> RevokeClearance(std::int64_t clearance_id, const std::string& reason) override;
  Result<Escalation> Escalate(const Escalation& escalation) override;          // escalations.cc
  Result<std::vector<Escalation>> Escalations(std::int64_t decision_seq) override;

  Result<LedgerSettings> Settings() override;
  Result<LedgerSettings> SetApprovalsRequired(bool required) override;

  Result<std::string> CreateToken(const std::string& user, UserRole role, const std::string& label) override;
  Result<ApiToken> RevokeToken(const std::string& sha256_prefix) override;
  Result<std::vector<ApiToken>> Tokens() override;
  Result<Actor> Authenticate(const std::string& secret) override;
  Result<std::int64_t> DirectoryVersion() override;

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
  Result<DecisionLogPurge> PurgeDecisionLog() override;
  Result<int> RecordListVersions(const std::vector<ListVersionSeen>& lists) override;
  Result<std::vector<ListVersionSeen>> ListVersions() override;

  Result<AuditReport> VerifyAudit() override;
  Result<std::vector<AuditEntry>> AuditLog() override;
  Result<AuditLogPage> SearchAuditLog(const AuditLogFilter& filter) override;

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
  // Validates a licence or an amendment before any transaction (items resolved, normalised).
  Status PrepareLicence(Licence& licence) const;
  // Grant (version 1) or amendment, inside a write transaction; refused when it cannot apply.
  Status ApplyAddLicence(SqlTxn& txn, Licence& licence);
  Status ApplyAmendment(SqlTxn& txn, Licence& licence, const std::string& reason);
  // Records a change request and, when approvals are off, applies it at once (approvals.cc).
  // at_once: refuse (kForbidden, nothing written) unless it can be applied now.
  Result<ChangeRequest> Propose(ChangeRequest change, bool at_once = false);
  Result<std::vector<ChangeRequest>> ProposeAll(std::vector<ChangeRequest> changes, bool at_once);
  // Applies an approved change inside the approval's transaction (approvals.cc).
  Status ApplyChange(SqlTxn& txn, ChangeRequest& change);
  Status ApplyClearance(SqlTxn& txn, ChangeRequest& change);  // clearances.cc
  // Records the decision on a change request (approved, applied_without_approval, rejected).
  Status WriteChangeDecision(SqlTxn& txn, ChangeRequest& change, std::string_view decision, const std::string& note,
                             const std::string& now);

  std::unique_ptr<LedgerStore> store_;
  LedgerOptions options_;
  Actor actor_{"unknown"};
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
// A ledger row as VerifyAudit compares it with its audit entry: the payload re-derived from the row.
struct AuditedRow {
  std::int64_t audit_seq;
  std::string kind, subject, payload, name;
};
// Every NAC notification and objection row (nac.cc).
Result<std::vector<AuditedRow>> NacRows(SqlTxn& txn);

// Problems of the decision log's hash chain (decision_log.cc), one line each, for VerifyAudit.
Status VerifyDecisionLog(SqlTxn& txn, std::vector<std::string>& problems, std::int64_t& entries);

// Whether four eyes are on, inside a transaction (identity.cc).
Result<LedgerSettings> LoadSettings(SqlTxn& txn);
// Every token, revocation and setting row (identity.cc), change request and decision
// (approvals.cc), clearance and revocation (clearances.cc).
Result<std::vector<AuditedRow>> IdentityRows(SqlTxn& txn);
Result<std::vector<AuditedRow>> ChangeRows(SqlTxn& txn);
Result<std::vector<AuditedRow>> ClearanceRows(SqlTxn& txn);
// Escalations (escalations.cc).
Result<std::vector<AuditedRow>> EscalationRows(SqlTxn& txn);
// Decision-log purge records (decision_log.cc) and list versions (list_versions.cc).
Result<std::vector<AuditedRow>> PurgeRows(SqlTxn& txn);
Result<std::vector<AuditedRow>> ListVersionRows(SqlTxn& txn);
// The next id of a table whose key is `id` (1 for an empty table), inside a write transaction.
Result<std::int64_t> NextId(SqlTxn& txn, std::string_view table, std::string_view column = "id");
// A LIKE pattern matching text that contains `part`, lower-cased (ASCII), for
// `lower(column) LIKE ? ESCAPE '\'` (audit_search.cc).
std::string ContainsPattern(std::string_view part);

// The latest version of a licence inside a transaction; kNotFound when unknown.
Result<Licence> LoadLatestLicence(SqlTxn& txn, const std::string& number);
// The licence's running net totals (quantity, value) after its latest entry.
Result<std::pair<std::int64_t, std::int64_t>> LoadLicenceTotals(SqlTxn& txn, const std::string& number);

}  // namespace exportctl::ledger
