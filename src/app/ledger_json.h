// The one JSON mapping of the licence ledger's types (exportctl/ledger.h), shared by the CLI
// (`licence`, `ship`, `ledger report`, `audit` with --format json) and the HTTP API (/v1/licences,
// /v1/shipments, /v1/reports, /v1/audit), so both print the same shapes (docs/ledger.md, "JSON").
//
// Contract
// - Output: money is a decimal string in major units ("12000.00") beside its ISO 4217 currency,
//   percentages are strings ("15%", "12.5%"), dates "YYYY-MM-DD", timestamps RFC 3339 UTC. A
//   licence is the JSON of LicenceToJson (caps in minor units, conditions in basis points), the
//   format `licence add --file` and POST /v1/licences read back.
// - Input (ShipmentRequestFromJson, CompensationRequestFromJson): every problem is reported, each
//   as kInvalidArgument naming its field (Error::field(), and the field in the message); unknown
//   fields are errors. Money is a string ("12000.50") or a whole number (12000), never a float.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "exportctl/ledger.h"

namespace exportctl::app {

nlohmann::json LicenceJson(const Licence& licence);  // = LicenceToJson, as a value
// {id, idempotency_key, kind, refers_to (null for shipments), basis, licence, licence_version,
//  decision_id, decision_sha256, chip, destination, consignee, quantity, unit_price, value,
//  currency, date, reason, audit_seq, recorded_at, replayed}
nlohmann::json EntryToJson(const Entry& entry);
// {licence, status, valid_to, quantity_cap, quantity_used, quantity_remaining, currency,
//  value_cap, value_used, value_remaining}
nlohmann::json BalanceToJson(const Balance& balance);
// {licence, quarter, currency, quantity, revenue, revenue_share, revenue_share_owed, duty, duty_owed}
nlohmann::json RevenueShareRowToJson(const RevenueShareRow& row);
// {licence, quarter, licensed_quantity, reference_market, reference_quantity, ratio ("n/a" when
//  the reference volume is zero), cap, compliant}
nlohmann::json VolumeRatioRowToJson(const VolumeRatioRow& row);
nlohmann::json AuditReportToJson(const AuditReport& report);  // {ok, entries, head_hash, problems}
// {seq, recorded_at, kind, subject, payload, prev_hash, hash, actor}
nlohmann::json AuditEntryToJson(const AuditEntry& entry);
// The audit-log filter from query parameters: kind, actor, q (text in subject or payload), before
// (a seq: the page older than it), limit (1..1000, default 100); problems name their parameter.
Result<AuditLogFilter> AuditLogFilterFromFields(const std::map<std::string, std::string>& fields);
// {entries (newest first), matching, total, kinds, next_before (the seq to ask `before` next, or
//  null on the last page)}
nlohmann::json AuditLogPageToJson(const AuditLogPage& page, const AuditLogFilter& filter);

// {seq, recorded_at, actor, channel, kind, decision_id, outcome, as_of, chip, destination, party,
//  ruleset, lists (array), hash, prev_hash[, body (the answer as JSON)]}
nlohmann::json DecisionLogEntryToJson(const DecisionLogEntry& entry, bool with_body);
// The decision-log filter from text parameters (query string or CLI options): party, chip,
// outcome, kind (check | screen), from, to (YYYY-MM-DD), after (a seq), limit (1..10000, default
// 100). Every problem is reported naming its parameter.
Result<DecisionLogFilter> DecisionLogFilterFromFields(const std::map<std::string, std::string>& fields);

// {id, kind, subject, state (pending | applied | rejected), without_approval, requested_by,
//  requested_at, decided_by, decided_at, note, reason, body (the licence or clearance as JSON),
//  licence (the version applied) or clearance (the clearance applied) when it took effect now}
nlohmann::json ChangeRequestToJson(const ChangeRequest& change);
// {id, party, list, entry_id, reason, expires, requested_by, approved_by, recorded_at, revoked[, revocation]}
nlohmann::json ClearanceJson(const Clearance& clearance);
// {id, decision_seq, decision_id, party, entry_id, escalated_to, reason, escalated_by, recorded_at}
nlohmann::json EscalationJson(const Escalation& escalation);
// {sha256_prefix (12 hex digits), user, role, label, created_by, recorded_at, revoked}
nlohmann::json ApiTokenToJson(const ApiToken& token);
// {approvals_required, changed_by, changed_at}
nlohmann::json LedgerSettingsToJson(const LedgerSettings& settings);

// {confirmation, sent_on, earliest_export (day 25), items, destination, end_user, consignee,
//  quantity, quantity_shipped, state (notified | objected), objected_on, objection, recorded_at}
nlohmann::json NacNotificationToJson(const NacNotification& notification);
// Keys: confirmation, sent_on, items (chip ids), destination, end_user, consignee, quantity.
Result<NacNotification> NacNotificationFromJson(const nlohmann::json& j);

// A shipment request. Keys: idempotency_key (alias `key`, as in `ship --batch` files), basis
// (license | license_exception | no_license_required; default license; the former spelling
// licence_exception … is accepted), licence (required for
// basis license), chip, eccn (optional), destination, consignee, quantity (positive integer),
// unit_price, currency, date (the ship date), decision (optional: the decision JSON of `check`,
// as a string kept verbatim, or an object kept as its compact dump). The ledger re-checks the
// request against its licence or decision; this only checks each field's form.
nlohmann::json ShipmentRequestToJson(const ShipmentRequest& request);
Result<ShipmentRequest> ShipmentRequestFromJson(const nlohmann::json& j);

// A cancellation or return of shipment `shipment_id`. Keys: idempotency_key (alias `key`), date,
// reason (optional), quantity (returns only: the units returned; a cancellation undoes whatever
// is still shipped, so it takes none).
Result<CompensationRequest> CompensationRequestFromJson(const nlohmann::json& j, EntryKind kind,
                                                        std::int64_t shipment_id);

}  // namespace exportctl::app
