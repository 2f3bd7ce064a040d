// exportctl::Ledger: the licence ledger — licences as budgets, shipments against them, and a
// tamper-evident audit log — on SQLite (embedded default) or PostgreSQL.
//
// Contract
// - Append-only: no ledger row is ever updated or deleted. An amendment adds a new version of a
//   licence; a cancellation or return adds a compensating entry (negative quantity and value) that
//   refers to the shipment it undoes. Balances are derived from the entries.
// - Every change (licence version, shipment, compensating entry, relied-on decision) is appended,
//   in the same database transaction, to the audit log, whose entries are chained by SHA-256
//   (docs/ledger.md). VerifyAudit() recomputes the chain and re-derives each entry from its ledger
//   row, and names the first entry that was edited, deleted or reordered.
// - The ledger decides: every shipment is decided afresh by the decision engine (the
//   LedgerOptions::decider the front end installs over its Engine snapshot), under the rules in
//   force on the ship date and the list versions current when it is recorded. A decision the
//   client sends is only a claim: its outcome must equal the recomputed one, or the shipment is
//   refused with both shown. `hold` and `prohibited` are refused; `license_required` needs a valid
//   licence; a licence exception must be one the recomputed decision offers. The recomputed
//   decision (not the claim) is recorded with the shipment. A ledger without a decider refuses
//   every shipment.
// - Every shipment re-checks its licence (status, validity window, item, destination, consignee,
//   currency, remaining quantity and value) inside a write transaction that excludes other writers
//   (SQLite `BEGIN IMMEDIATE`; PostgreSQL transaction-scoped advisory lock, retried on serialisation
//   failure or deadlock), so concurrent writers, in any number of processes, never exceed a cap.
//   A refused operation writes nothing.
// - Idempotency: a shipment carries a caller-chosen key. Repeating a request with the same key and
//   the same content returns the original entry (replayed = true) and counts nothing twice; the
//   same key with different content is a kConflict.
// - Durability: a shipment is acknowledged only after its transaction committed; SQLite runs in WAL
//   mode (synchronous=NORMAL by default: survives a killed process; `?sync=full` for power loss).
// - Money is integer minor units (cents) with an ISO 4217 currency; quantities are integers;
//   percentages are integer basis points (1500 = 15%).
// Thread safety: a Ledger owns one database connection and is NOT safe for concurrent use; give
// each thread (or process) its own Ledger. Any number of Ledgers may share one database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exportctl/date.h"
#include "exportctl/error.h"

namespace exportctl {

struct Money {
  std::int64_t minor = 0;  // cents (or the currency's minor unit)
  std::string currency;    // ISO 4217, upper case, e.g. "USD"
};

// Conditions attached to a licence. Basis points: 10000 = 100%.
struct LicenceConditions {
  std::int64_t revenue_share_bp = 0;   // share of revenue from shipments owed (H20/MI308: 1500)
  std::int64_t duty_bp = 0;            // Section 232 duty on the US import value (H200: 2500)
  // Licensed volume / reference-market volume per quarter (H200: 5000): a shipment that would take
  // the quarter over it is refused.
  std::int64_t volume_ratio_cap_bp = 0;
  std::string volume_reference = "US";   // destination whose shipments form the reference volume
  std::vector<std::string> notifications;  // free-text notification duties
};

enum class LicenceStatus { kActive, kSuspended, kRevoked, kExpired };

struct Licence {
  std::string number;          // e.g. "D123456"
  std::string holder;
  std::string authority;       // e.g. "BIS"
  std::vector<std::string> items;         // chip ids ("nvidia-h20") or ECCNs ("3A090.a")
  std::vector<std::string> destinations;  // ISO 3166 alpha-2, upper case
  std::vector<std::string> consignees;    // named consignees / end users (exact match)
  std::int64_t quantity_cap = 0;
  Money value_cap;
  Date valid_from;
  Date valid_to;
  LicenceConditions conditions;
  LicenceStatus status = LicenceStatus::kActive;
  // Set by the ledger.
  int version = 0;             // 1 for the original grant, +1 per amendment
  std::string amendment_reason;  // empty for version 1
  std::string recorded_at;     // UTC timestamp of this version
};

enum class ShipmentBasis { kLicence, kLicenceException, kNoLicenceRequired };
enum class EntryKind { kShipment, kCancellation, kReturn };

struct ShipmentRequest {
  std::string idempotency_key;
  ShipmentBasis basis = ShipmentBasis::kLicence;
  std::string licence_number;    // basis kLicence
  std::string chip;              // chip id
  std::string eccn;              // optional; matches licence items given as ECCN
  std::string destination;       // ISO 3166 alpha-2
  std::string consignee;
  std::int64_t quantity = 0;
  Money unit_price;
  Date ship_date;
  std::string licence_exception;  // basis kLicenceException: "NAC", "ACA", "LVS" …
  std::string nac_confirmation;   // exception NAC: the confirmation number of its notification
  // The value declared when the items were imported into the US (the Section 232 duty's base,
  // licence condition duty_bp): required for a shipment under a licence with a duty. 0: none.
  Money us_import_value;
  // The facts of the check beyond the shipment's own fields, as a JSON object in the shape of a
  // `/v1/check` request (end_user, end_user_hq, end_use, end_user_type, owners, via, origin,
  // us_content, us_technology, ship_from, exporter). Chip, destination, quantity, unit value,
  // currency and date are always the shipment's; end_user defaults to the consignee. Empty: the
  // `request` of the claimed decision, if any, else none.
  std::string facts_json;
  // A claimed decision (the JSON of `exportctl check --format json`), optional: compared with the
  // ledger's own decision, never trusted.
  std::string decision_json;
};

// The decision engine's answer for a shipment, as the ledger needs it.
struct ShipmentDecision {
  std::string decision_id;
  std::string chip;                     // the catalog id of the item decided (recorded for the shipment)
  std::string outcome;                  // no_license_required | license_exception | license_required | prohibited | hold
  std::vector<std::string> exceptions;  // licence exceptions the decision offers ("NAC", …)
  std::string why;                      // one line: the deciding rules and holds, for refusals
  std::string json;                     // the whole decision, recorded with the shipment
  std::string json_sha256;              // SHA-256 of `json` (lower-case hex), when the decider has it
};
// Decides a shipment (LedgerOptions::decider). Pure: the same request gives the same answer
// while the engine snapshot is the same. kInvalidArgument for facts that do not form a request.
using ShipmentDecider = std::function<Result<ShipmentDecision>(const ShipmentRequest&)>;

// Undoes all (cancellation) or part (return) of an earlier shipment.
struct CompensationRequest {
  std::string idempotency_key;
  EntryKind kind = EntryKind::kCancellation;  // kCancellation or kReturn
  std::int64_t shipment_id = 0;
  std::int64_t quantity = 0;  // kReturn only; kCancellation undoes everything not yet undone
  Date date;
  std::string reason;
};

struct Entry {
  std::int64_t id = 0;
  std::string idempotency_key;
  EntryKind kind = EntryKind::kShipment;
  std::int64_t refers_to = 0;  // compensating entries: the shipment undone
  ShipmentBasis basis = ShipmentBasis::kLicence;
  std::string licence_number;  // empty unless basis kLicence
  int licence_version = 0;
  std::string decision_id;
  std::string decision_sha256;
  std::string chip;
  std::string destination;
  std::string consignee;
  std::int64_t quantity = 0;   // negative for compensating entries
  Money unit_price;
  std::int64_t value_minor = 0;  // quantity * unit price (negative for compensating entries)
  Date date;
  std::string reason;
  std::int64_t audit_seq = 0;
  std::string recorded_at;
  std::string nac_confirmation;  // a shipment under NAC: its notification's confirmation number
  // The Section 232 duty's base (same currency; negative on a compensating entry: the units'
  // share); 0: none.
  std::int64_t us_import_value_minor = 0;
  bool replayed = false;       // true when an idempotent retry returned the original entry
};

struct Balance {
  std::string licence_number;
  std::int64_t quantity_cap = 0, quantity_used = 0, quantity_remaining = 0;
  Money value_cap;
  std::int64_t value_used_minor = 0, value_remaining_minor = 0;
  Date valid_to;
  LicenceStatus status = LicenceStatus::kActive;
};

// Revenue share and duty owed per licence, quarter and rate. Each entry counts at the conditions of
// the licence version it was recorded under, so an amendment never rewrites a past quarter (a
// quarter with shipments under two rates has a row per rate).
struct RevenueShareRow {
  std::string licence_number;
  std::string quarter;  // "2026Q1"
  std::string currency;
  std::int64_t quantity = 0;
  std::int64_t revenue_minor = 0;
  std::int64_t us_import_value_minor = 0;  // the duty's base
  std::int64_t revenue_share_bp = 0, revenue_share_owed_minor = 0;
  std::int64_t duty_bp = 0, duty_owed_minor = 0;
};

struct VolumeRatioRow {
  std::string licence_number;
  std::string quarter;
  std::int64_t licensed_quantity = 0;    // net quantity shipped under the licence
  std::int64_t reference_quantity = 0;   // net quantity of the same items to the reference market
  std::string reference_market;
  std::int64_t cap_bp = 0;
  std::int64_t ratio_bp = -1;            // -1 when the reference volume is zero
  bool compliant = true;
};

struct EntryFilter {
  std::string party;           // matches consignee (exact, case-insensitive)
  std::string licence_number;
  Date from = Date::Min(), to = Date::Max();
};

struct AuditEntry {
  std::int64_t seq = 0;
  std::string recorded_at;
  std::string kind;     // "licence", "shipment", "compensation", "decision", "escalation" … (docs/ledger.md)
  std::string subject;  // licence number, entry id, decision id
  std::string payload;  // canonical JSON
  std::string prev_hash, hash;  // lower-case hex SHA-256
  std::string actor;    // who made the change (Actor::name); "" on entries older than schema 5
};

// What a page of the audit log shows (GET /v1/audit, the page's audit view).
struct AuditLogFilter {
  std::string kind;             // exact ("licence", "escalation" …); "" for any
  std::string actor;            // substring of the actor, case-insensitive (ASCII)
  std::string text;             // substring of the subject or the payload, case-insensitive (ASCII)
  std::int64_t before_seq = 0;  // entries with seq < before_seq (paging back); 0: from the newest
  std::int64_t limit = 100;     // at most this many (1 to 10,000)
};
struct AuditLogPage {
  std::vector<AuditEntry> entries;  // newest first
  std::int64_t matching = 0;        // entries the filter keeps, on every page
  std::int64_t total = 0;           // entries in the log
  std::vector<std::string> kinds;   // the kinds present in the log, sorted
};

struct AuditReport {
  bool ok = true;
  std::int64_t entries = 0;
  std::string head_hash;
  std::vector<std::string> problems;  // one line each, naming the entry
  std::int64_t decision_log_entries = 0;
};

// A NAC notification (§740.8(c)): sent through SNAP-R at least 25 calendar days before the export;
// BIS confirms on day 25 unless it objects. One notification covers shipments of its items to its
// consignee and end user up to its quantity. Append-only: an objection is a record of its own.
struct NacNotification {
  std::string confirmation;        // the SNAP-R / STELA confirmation number (reported in AES)
  Date sent_on;
  std::vector<std::string> items;  // catalog chip ids (BIS's form takes up to 6)
  std::string destination;         // ISO alpha-2
  std::string end_user, consignee;
  std::int64_t quantity = 0;       // units covered
  // Set by the ledger.
  std::string recorded_at;
  std::optional<Date> objected_on;
  std::string objection;
  std::int64_t quantity_shipped = 0;  // net, under this notification
};

// One question answered: a `check` (CLI, HTTP, a batch row) or a screening, as the decision log
// keeps it (Part 762 records). The decision id identifies the question and the data it was
// answered with (request, rule-set content, list versions); seq, actor and time are the log's.
struct DecisionLogEntry {
  std::int64_t seq = 0;        // set by the ledger: 1, 2, 3 … without gaps
  std::string recorded_at;     // set by the ledger
  std::string actor;           // who asked: "os:alice" (CLI), a token's user "alice", or "anonymous@ADDRESS" (HTTP)
  std::string channel;         // "cli" | "http" | "batch"
  std::string kind;            // "check" | "screen"
  std::string decision_id;     // the decision id, or the screening's id
  std::string outcome;         // check outcome, or the screening's band ("clear" | "review" | "block")
  std::string as_of;           // YYYY-MM-DD
  std::string chip;            // chip id ("" for a screening)
  std::string destination;     // ISO alpha-2 ("" for a screening)
  std::string party;           // end user or the name screened
  std::string ruleset;         // "id revision content-hash" ("" for a screening)
  std::string lists;           // JSON array of {id, version, sha256}
  std::string body;            // the whole answer as JSON, request included
  std::string prev_hash, hash;  // the log's own SHA-256 chain (audit_chain.h)
};

struct DecisionLogFilter {
  std::string party;           // substring of the party, case-insensitive (ASCII)
  std::string chip;            // exact chip id
  std::string outcome;         // exact
  std::string kind;            // "check" | "screen" | "" (both)
  Date from = Date::Min(), to = Date::Max();  // UTC day recorded, inclusive
  std::int64_t after_seq = 0;  // entries with seq > after_seq (paging)
  std::int64_t limit = 1000;   // at most this many, oldest first
};

// Who is acting: every audit entry names it. Only a token's user is authenticated; the CLI's local
// operating-system user ("os:alice") is recorded but never enough to approve a change.
enum class UserRole { kViewer = 0, kOfficer = 1, kAdmin = 2 };  // ordered: a role grants the lower ones
std::string_view UserRoleName(UserRole role);                   // "viewer" | "officer" | "admin"
Result<UserRole> ParseUserRole(std::string_view name);

struct Actor {
  std::string name;            // "alice" (a token's user), "os:bob" (CLI), "anonymous@127.0.0.1" (HTTP)
  bool authenticated = false;  // true only for the user of a valid token
  UserRole role = UserRole::kViewer;  // the token's role; meaningful only when authenticated
  bool local = false;          // the CLI's operating-system user (owns the database file)
};

// An API token: a random secret shown once at creation; the ledger keeps only its SHA-256.
struct ApiToken {
  std::string sha256;          // lower-case hex of the secret
  std::string user;            // the named user it belongs to
  UserRole role = UserRole::kViewer;
  std::string label;           // free text ("laptop", "order system")
  std::string created_by, recorded_at;
  bool revoked = false;
};

// The ledger's own settings, each change an audited entry.
struct LedgerSettings {
  // Four eyes: licences and screening clearances take effect only when a second, different,
  // authenticated user approves. A one-person desk may switch it off; every change applied while
  // it is off says so.
  bool approvals_required = true;
  std::string changed_by, changed_at;  // the last change of the setting ("" when never changed)
};

// A cleared screening hit: `party` is not the listed `entry_id` on `list`. Takes effect only when
// approved (four eyes); ends at `expires` (exclusive) or when revoked.
struct Clearance {
  std::int64_t id = 0;         // set by the ledger
  std::string party;           // the name screened (compared after normalisation)
  std::string list;            // list id ("entity-list", "sdn", "csl" …)
  std::string entry_id;        // the list entry's id
  std::string reason;
  std::optional<Date> expires; // none: until revoked
  // Set by the ledger.
  std::string requested_by, approved_by;  // approved_by "" when approvals were off
  std::string recorded_at;
  bool revoked = false;
  std::string revocation;      // why, and by whom
};

// An escalation: a decision on hold, or one screening hit of it, handed to someone else to settle
// (counsel, the empowered official), with why. Append-only and audited. It settles nothing: the
// hold stays until the facts are given or the hit is cleared; it records who was asked, by whom.
struct Escalation {
  std::int64_t id = 0;            // set by the ledger
  std::int64_t decision_seq = 0;  // the decision-log entry escalated (required)
  std::string decision_id;        // set by the ledger from that entry
  std::string party;              // the hit's party; "" for the whole decision
  std::string entry_id;           // the hit's list entry; "" for the whole decision
  std::string escalated_to;       // who is to settle it: a name, role or e-mail (1 to 256 bytes, one line)
  std::string reason;             // why (1 to 2000 bytes, one line)
  std::string escalated_by;       // set by the ledger: the actor
  std::string recorded_at;        // set by the ledger
};

enum class ChangeKind { kAddLicence, kAmendLicence, kClearance };
std::string_view ChangeKindName(ChangeKind kind);  // "add_licence" | "amend_licence" | "clearance"
enum class ChangeState { kPending, kApplied, kRejected };
std::string_view ChangeStateName(ChangeState state);  // "pending" | "applied" | "rejected"

// A change that needs a second approver (four eyes), from request to decision.
struct ChangeRequest {
  std::int64_t id = 0;
  ChangeKind kind = ChangeKind::kAddLicence;
  std::string subject;         // licence number, or "party | list entry" for a clearance
  std::string body;            // the licence or clearance as JSON
  std::string reason;          // the amendment's reason
  std::string requested_by, requested_at;
  ChangeState state = ChangeState::kPending;
  std::string decided_by, decided_at, note;
  bool without_approval = false;  // applied at once because approvals were switched off
  std::optional<Licence> licence;     // the licence version it created (applied licence changes)
  std::optional<Clearance> clearance; // the clearance it created (applied clearances)
};

// A restricted-party list version a front end decides with (the `lists` of its decisions).
struct ListVersionSeen {
  std::string list_id, version, sha256;
  // Set by the ledger: when it was first recorded, and by whom.
  std::string recorded_at, recorded_by;
};

// What PurgeDecisionLog removed: entries 1 (or the previous purge's end + 1) to through_seq.
struct DecisionLogPurge {
  std::int64_t through_seq = 0;  // 0: nothing was past retention
  std::int64_t entries = 0;
  std::string cutoff;            // YYYY-MM-DD: entries recorded before it were eligible
  std::string recorded_at;
};

struct LedgerOptions {
  // Supplies the recording timestamp (UTC, RFC 3339); default: the system clock.
  std::string (*clock)() = nullptr;
  // Decides every shipment (see the contract above). Unset: shipments are refused.
  ShipmentDecider decider;
  // Resolves a licence item that is not an ECCN to its catalog id ("H20" -> "nvidia-h20"), or
  // kNotFound naming it: a licence is checked against the catalog when it is added or amended.
  // Unset: items are only checked for the form of an ECCN or a chip id.
  std::function<Result<std::string>(std::string_view)> resolve_item;
};

class Ledger {
 public:
  // url: "sqlite:PATH" (or a plain path, or "sqlite::memory:") or "postgresql://…"/"postgres://…".
  // Opens (creating an SQLite file and its directory) but does not migrate; call Migrate().
  static Result<std::unique_ptr<Ledger>> Open(const std::string& url, LedgerOptions options = {});
  virtual ~Ledger();

  // Applies pending schema migrations; returns the versions applied (empty when up to date).
  virtual Result<std::vector<int>> Migrate() = 0;
  virtual Result<int> SchemaVersion() = 0;
  virtual std::string BackendName() const = 0;  // "sqlite" or "postgresql"

  // Who acts from now on (every later change names it in its audit entry). Default: "unknown".
  virtual void SetActor(Actor actor) = 0;
  virtual const Actor& actor() const = 0;

  // Four eyes. Propose*() records a change request, or applies it at once when approvals are
  // switched off (without_approval set). Approve() applies a pending request; the approver must be
  // authenticated, hold the officer role at least, and differ from the requester (kForbidden
  // otherwise). Reject() closes it (the requester may withdraw their own). Both are audited.
  virtual Result<ChangeRequest> ProposeLicence(const Licence& licence) = 0;
  virtual Result<ChangeRequest> ProposeAmendment(const Licence& changes, const std::string& reason) = 0;
  // One change request per clearance, all in one transaction (a CSV import: all or nothing).
  virtual Result<std::vector<ChangeRequest>> ProposeClearances(const std::vector<Clearance>& clearances) = 0;
  virtual Result<ChangeRequest> Approve(std::int64_t change_id, const std::string& note) = 0;
  virtual Result<ChangeRequest> Reject(std::int64_t change_id, const std::string& note) = 0;
  virtual Result<std::vector<ChangeRequest>> Changes(bool pending_only) = 0;
  virtual Result<ChangeRequest> Change(std::int64_t change_id) = 0;  // kNotFound when none

  // Clearances in force on `as_of` (approved, not revoked, not expired); all of them with
  // `include_ended`. RevokeClearance() takes effect at once (it only makes screening stricter).
  virtual Result<std::vector<Clearance>> Clearances(Date as_of, bool include_ended) = 0;
  virtual Result<Clearance> RevokeClearance(std::int64_t clearance_id, const std::string& reason) = 0;
  // Records an escalation (an officer's act; the decision-log entry must exist). Escalations of one
  // decision-log entry, or all of them with 0, oldest first.
  virtual Result<Escalation> Escalate(const Escalation& escalation) = 0;
  virtual Result<std::vector<Escalation>> Escalations(std::int64_t decision_seq) = 0;

  virtual Result<LedgerSettings> Settings() = 0;
  // Switches four eyes on or off (audited). Switching it off needs an authenticated admin, unless
  // the actor is local (the CLI's operating-system user, who owns the database file anyway).
  virtual Result<LedgerSettings> SetApprovalsRequired(bool required) = 0;

  // Users and their API tokens. CreateToken returns the secret ("ect_" + 40 hex digits), which is
  // not stored. Authenticate() returns the token's user as an authenticated Actor, or
  // kUnauthorized for an unknown or revoked secret.
  virtual Result<std::string> CreateToken(const std::string& user, UserRole role, const std::string& label) = 0;
  virtual Result<ApiToken> RevokeToken(const std::string& sha256_prefix) = 0;  // at least 8 hex digits
  virtual Result<std::vector<ApiToken>> Tokens() = 0;
  virtual Result<Actor> Authenticate(const std::string& secret) = 0;
  // A number that changes whenever a token, clearance or setting does (servers poll it to reload).
  virtual Result<std::int64_t> DirectoryVersion() = 0;

  // ProposeLicence / ProposeAmendment that must take effect at once: refused (kForbidden, nothing
  // written) while approvals are required. For one-person desks, bulk loads and tests.
  virtual Result<Licence> AddLicence(const Licence& licence) = 0;
  // Records a new version of the licence: `changes` replaces every field; reason is required.
  virtual Result<Licence> AmendLicence(const Licence& changes, const std::string& reason) = 0;
  virtual Result<Licence> GetLicence(const std::string& number) = 0;  // latest version
  virtual Result<std::vector<Licence>> LicenceHistory(const std::string& number) = 0;
  virtual Result<std::vector<Licence>> ListLicences() = 0;            // latest versions

  virtual Result<Entry> Ship(const ShipmentRequest& request) = 0;
  // Records each shipment exactly as Ship() would, in order, in ONE transaction (one commit, one
  // lock acquisition: for bulk loads). A refused shipment writes nothing and its Result says why;
  // the others commit together and are acknowledged only when this returns. A database error
  // fails the whole batch (nothing written).
  virtual Result<std::vector<Result<Entry>>> ShipBatch(const std::vector<ShipmentRequest>& requests) = 0;
  virtual Result<Entry> Compensate(const CompensationRequest& request) = 0;

  // NAC notifications (§740.8(c)). A shipment under exception NAC names one (nac_confirmation)
  // and is refused before day 25 after it was sent, on or after a recorded objection, for another
  // item, destination, end user or consignee, or beyond its quantity.
  virtual Result<NacNotification> RecordNacNotification(const NacNotification& notification) = 0;
  virtual Result<NacNotification> RecordNacObjection(const std::string& confirmation, Date objected_on,
                                                     const std::string& reason) = 0;
  virtual Result<std::vector<NacNotification>> NacNotifications() = 0;

  virtual Result<std::vector<Balance>> Balances(const std::string& licence_number = "") = 0;
  virtual Result<std::vector<RevenueShareRow>> RevenueShare(const std::string& licence_number = "") = 0;
  virtual Result<std::vector<VolumeRatioRow>> VolumeRatio(const std::string& licence_number = "") = 0;
  virtual Result<std::vector<Entry>> Entries(const EntryFilter& filter) = 0;

  // Appends entries to the decision log in one transaction, in order; fills seq, recorded_at and
  // the chain hashes. All or nothing.
  virtual Status AppendDecisionLog(std::vector<DecisionLogEntry>& entries) = 0;
  virtual Result<std::vector<DecisionLogEntry>> DecisionLog(const DecisionLogFilter& filter) = 0;
  virtual Result<DecisionLogEntry> DecisionLogEntryAt(std::int64_t seq) = 0;  // kNotFound when none
  // Records the list versions a front end decides with (a server at every snapshot), each once,
  // audited; returns how many were new. ListVersions(): every one recorded, oldest first.
  virtual Result<int> RecordListVersions(const std::vector<ListVersionSeen>& lists) = 0;
  virtual Result<std::vector<ListVersionSeen>> ListVersions() = 0;
  // Retention (Part 762: five years from the last export event): removes the oldest run of
  // decision-log entries recorded more than five years before today (the ledger's clock) whose
  // decision no shipment dated within those five years refers to. It stops at the first entry it
  // must keep, so the log stays one verifiable chain (it goes on from the last purged hash, kept
  // in the audited purge record). An authenticated admin or the local operator only.
  virtual Result<DecisionLogPurge> PurgeDecisionLog() = 0;

  // Recomputes the audit chain and the decision log's chain (see the contract above).
  virtual Result<AuditReport> VerifyAudit() = 0;
  virtual Result<std::vector<AuditEntry>> AuditLog() = 0;  // every entry, oldest first
  virtual Result<AuditLogPage> SearchAuditLog(const AuditLogFilter& filter) = 0;
};

// The schema version this build writes (the last migration).
int LatestLedgerSchemaVersion();

// "license", "license_exception", "no_license_required" (the outcomes' spelling). Parsing also
// takes the former spelling (`licence_exception` …) and `exception`, `nlr`.
std::string_view ShipmentBasisName(ShipmentBasis b);
Result<ShipmentBasis> ParseShipmentBasis(std::string_view text);
std::string_view EntryKindName(EntryKind k);           // "shipment", "cancellation", "return"
std::string_view LicenceStatusName(LicenceStatus s);   // "active", "suspended", "revoked", "expired"
Result<LicenceStatus> ParseLicenceStatus(std::string_view text);
// "15", "15%", "12.5%" -> basis points (1500, 1250); at most two decimals, 0..100%.
Result<std::int64_t> ParsePercentBp(std::string_view text);
std::string FormatPercentBp(std::int64_t bp);          // 1250 -> "12.5%"
// "12.34" -> 1234 minor units (two decimals); refuses more decimals, signs and junk.
Result<std::int64_t> ParseMinorUnits(std::string_view text);
std::string FormatMinorUnits(std::int64_t minor);      // 1234 -> "12.34"

// Clearance <-> JSON (change request bodies, the API).
Result<Clearance> ClearanceFromJson(const std::string& json_text);
std::string ClearanceToJson(const Clearance& clearance);
// Escalation <-> JSON (the API): decision_seq, party, entry_id, escalated_to, reason in; and id,
// decision_id, escalated_by, recorded_at out. Errors name their field.
Result<Escalation> EscalationFromJson(const std::string& json_text);
std::string EscalationToJson(const Escalation& escalation);

// Licence <-> JSON (the `licence add --file` format; TOML files are converted to the same shape).
Result<Licence> LicenceFromJson(const std::string& json_text);
std::string LicenceToJson(const Licence& licence);  // pretty, stable key order
// Reads a licence from a `.toml` file or (any other extension) a JSON file.
Result<Licence> LoadLicenceFile(const std::string& path);

}  // namespace exportctl
