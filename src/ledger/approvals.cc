// Four eyes (docs/ledger.md "Identity and four eyes"): adding or amending a licence and clearing a
// screening hit are change requests that take effect only when a second, different, authenticated
// user approves — both steps audited. With approvals switched off (a one-person desk) a request is
// applied at once and its decision says "applied_without_approval".
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/audit_chain.h"
#include "ledger/ledger_impl.h"
#include "ledger/model.h"

namespace exportctl {

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAddLicence: return "add_licence";
    case ChangeKind::kAmendLicence: return "amend_licence";
    case ChangeKind::kClearance: return "clearance";
  }
  return "add_licence";
}

std::string_view ChangeStateName(ChangeState state) {
  switch (state) {
    case ChangeState::kPending: return "pending";
    case ChangeState::kApplied: return "applied";
    case ChangeState::kRejected: return "rejected";
  }
  return "pending";
}

namespace ledger {
namespace {

using nlohmann::json;

constexpr std::string_view kApplied = "approved", kAppliedWithoutApproval = "applied_without_approval",
                           kRejected = "rejected";

Result<ChangeKind> ParseChangeKind(std::string_view name) {
  for (ChangeKind k : {ChangeKind::kAddLicence, ChangeKind::kAmendLicence, ChangeKind::kClearance})
    if (ChangeKindName(k) == name) return k;
  return Error(ErrorCode::kInvalidData, fmt::format("unknown change kind `{}`", name));
}

// One person behind an actor name: the local "os:alice" and the token user "alice" are the same
// person, and may not approve each other's requests.
std::string PersonOf(std::string_view actor) {
  if (actor.starts_with("os:")) actor.remove_prefix(3);
  return ToUpper(actor);
}

constexpr std::string_view kChangeSelect =
    "SELECT c.id, c.kind, c.subject, c.body, c.reason, c.requested_by, c.recorded_at, c.audit_seq, d.decision, "
    "d.decided_by, d.note, d.recorded_at FROM change_requests c LEFT JOIN change_decisions d ON d.change_id = c.id";

std::string RequestPayload(const SqlRow& r) {
  return json{{"id", r.Int(0)},     {"kind", r.Str(1)},         {"subject", r.Str(2)},    {"body", r.Str(3)},
              {"reason", r.Str(4)}, {"requested_by", r.Str(5)}, {"recorded_at", r.Str(6)}}
      .dump();
}
std::string DecisionPayload(const SqlRow& r) {
  return json{{"change_id", r.Int(0)}, {"decision", r.Str(1)}, {"decided_by", r.Str(2)}, {"note", r.Str(3)},
              {"recorded_at", r.Str(4)}}
      .dump();
}

Result<ChangeRequest> ChangeFromRow(const SqlRow& r) {
  ChangeRequest c;
  c.id = r.Int(0);
  auto kind = ParseChangeKind(r.Str(1));
  if (!kind) return kind.error();
  c.kind = *kind;
  c.subject = r.Str(2);
  c.body = r.Str(3);
  c.reason = r.Str(4);
  c.requested_by = r.Str(5);
  c.requested_at = r.Str(6);
  if (!r.IsNull(8)) {
    c.state = r.Str(8) == kRejected ? ChangeState::kRejected : ChangeState::kApplied;
    c.without_approval = r.Str(8) == kAppliedWithoutApproval;
    c.decided_by = r.Str(9);
    c.note = r.Str(10);
    c.decided_at = r.Str(11);
  }
  return c;
}

Result<ChangeRequest> LoadChange(SqlTxn& txn, std::int64_t id) {
  auto rows = txn.Query(fmt::format("{} WHERE c.id = ?", kChangeSelect), {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Error(ErrorCode::kNotFound, fmt::format("no change request #{}", id));
  return ChangeFromRow(rows->front());
}

// A change request still awaiting its decision; kConflict once decided.
Result<ChangeRequest> LoadPending(SqlTxn& txn, std::int64_t id) {
  auto change = LoadChange(txn, id);
  if (!change) return change.error();
  if (change->state != ChangeState::kPending)
    return Error(ErrorCode::kConflict, fmt::format("change request #{} is already {} (by {})", id,
                                                   ChangeStateName(change->state), change->decided_by));
  return change;
}

Status CheckNote(const std::string& note) {
  if (note.size() > 2000) return Error(ErrorCode::kInvalidArgument, "a note is at most 2000 bytes").WithField("note");
  return Ok{};
}

}  // namespace

Status LedgerImpl::ApplyChange(SqlTxn& txn, ChangeRequest& change) {
  if (change.kind == ChangeKind::kClearance) return ApplyClearance(txn, change);
  auto licence = LicenceFromJson(change.body);
  if (!licence) return licence.error();
  if (auto s = PrepareLicence(*licence); !s) return s;
  Status applied = change.kind == ChangeKind::kAddLicence ? ApplyAddLicence(txn, *licence)
                                                          : ApplyAmendment(txn, *licence, change.reason);
  if (!applied) return applied;
  change.licence = std::move(*licence);
  return Ok{};
}

Result<std::vector<ChangeRequest>> LedgerImpl::ProposeAll(std::vector<ChangeRequest> changes, bool at_once) {
  if (!actor_.local && !actor_.authenticated)
    return Error(ErrorCode::kUnauthorized, "a change request needs an authenticated user (a token)");
  if (actor_.authenticated && actor_.role < UserRole::kOfficer)
    return Error(ErrorCode::kForbidden, fmt::format("proposing a licence or a clearance needs the officer role; `{}` is a viewer",
                                                    actor_.name));
  for (const ChangeRequest& change : changes) {
    if (change.kind == ChangeKind::kAmendLicence && change.reason.empty())
      return Error(ErrorCode::kInvalidArgument, "an amendment needs a reason (`--reason`)").WithField("reason");
    if (change.reason.size() > 2000) return Error(ErrorCode::kInvalidArgument, "a reason is at most 2000 bytes").WithField("reason");
  }
  const std::string now = Now();
  std::vector<ChangeRequest> out;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    out = changes;
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto next = NextId(txn, "change_requests");
    if (!next) return next.error();
    for (ChangeRequest& change : out) {
      if (at_once && settings->approvals_required)
        return Error(ErrorCode::kForbidden,
                     fmt::format("{} `{}` needs a second approver: record a change request (`exportctl licence add|amend`) "
                                 "and have another user approve it (`exportctl --token … approvals approve ID`)",
                                 ChangeKindName(change.kind), change.subject));
      change.id = (*next)++;
      change.requested_by = actor_.name;
      change.requested_at = now;
      AuditAppender audit(txn, actor_.name);
      auto seq = audit.NextSeq();
      if (!seq) return seq.error();
      SqlRow row;
      row.columns = {std::to_string(change.id), std::string(ChangeKindName(change.kind)), change.subject, change.body,
                     change.reason, change.requested_by, now};
      if (auto s = txn.Exec("INSERT INTO change_requests (id, kind, subject, body, reason, requested_by, recorded_at, "
                            "audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            {change.id, row.Str(1), change.subject, change.body, change.reason, change.requested_by, now,
                             *seq});
          !s)
        return s;
      if (auto s = audit.Append("change_request", std::to_string(change.id), RequestPayload(row), now); !s) return s;
      if (settings->approvals_required) continue;
      // A one-person desk: applied at once, and the record says so.
      change.without_approval = true;
      if (auto s = ApplyChange(txn, change); !s) return s;
      if (auto s = WriteChangeDecision(txn, change, kAppliedWithoutApproval, "approvals are switched off", now); !s) return s;
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<ChangeRequest> LedgerImpl::Propose(ChangeRequest change, bool at_once) {
  auto proposed = ProposeAll({std::move(change)}, at_once);
  if (!proposed) return proposed.error();
  return std::move(proposed->front());
}

Status LedgerImpl::WriteChangeDecision(SqlTxn& txn, ChangeRequest& change, std::string_view decision,
                                       const std::string& note, const std::string& now) {
  AuditAppender audit(txn, actor_.name);
  auto seq = audit.NextSeq();
  if (!seq) return seq.error();
  SqlRow row;
  row.columns = {std::to_string(change.id), std::string(decision), actor_.name, note, now};
  if (auto s = txn.Exec("INSERT INTO change_decisions (change_id, decision, decided_by, note, recorded_at, audit_seq) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        {change.id, row.Str(1), actor_.name, note, now, *seq});
      !s)
    return s;
  change.state = decision == kRejected ? ChangeState::kRejected : ChangeState::kApplied;
  change.decided_by = actor_.name;
  change.decided_at = now;
  change.note = note;
  return audit.Append("change_decision", std::to_string(change.id), DecisionPayload(row), now);
}

Result<ChangeRequest> LedgerImpl::Approve(std::int64_t change_id, const std::string& note) {
  if (!actor_.authenticated)
    return Error(ErrorCode::kForbidden,
                 fmt::format("approvals count only from authenticated users (a token: `--token` on the CLI); `{}` is "
                             "recorded but cannot approve",
                             actor_.name));
  if (actor_.role < UserRole::kOfficer)
    return Error(ErrorCode::kForbidden, fmt::format("approving needs the officer role; `{}` is a viewer", actor_.name));
  if (auto s = CheckNote(note); !s) return s.error();
  const std::string now = Now();
  ChangeRequest out;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto change = LoadPending(txn, change_id);
    if (!change) return change.error();
    if (PersonOf(change->requested_by) == PersonOf(actor_.name))
      return Error(ErrorCode::kForbidden,
                   fmt::format("change request #{} was made by `{}`: a second, different user must approve it",
                               change_id, change->requested_by));
    out = std::move(*change);
    if (auto s = ApplyChange(txn, out); !s) return s;
    return WriteChangeDecision(txn, out, kApplied, note, now);
  });
  if (!st) return st.error();
  return out;
}

Result<ChangeRequest> LedgerImpl::Reject(std::int64_t change_id, const std::string& note) {
  if (auto s = CheckNote(note); !s) return s.error();
  const std::string now = Now();
  ChangeRequest out;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto change = LoadPending(txn, change_id);
    if (!change) return change.error();
    // The requester may withdraw their own request; anyone else needs to be an officer with a token.
    const bool own = PersonOf(change->requested_by) == PersonOf(actor_.name) && (actor_.local || actor_.authenticated);
    if (!own && !(actor_.authenticated && actor_.role >= UserRole::kOfficer))
      return Error(ErrorCode::kForbidden, "rejecting another user's change request needs an officer's token");
    out = std::move(*change);
    return WriteChangeDecision(txn, out, kRejected, note, now);
  });
  if (!st) return st.error();
  return out;
}

Result<ChangeRequest> LedgerImpl::Change(std::int64_t change_id) {
  ChangeRequest out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto c = LoadChange(txn, change_id);
    if (!c) return c.error();
    out = std::move(*c);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<ChangeRequest>> LedgerImpl::Changes(bool pending_only) {
  std::vector<ChangeRequest> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    out.clear();
    auto rows = txn.Query(fmt::format("{}{} ORDER BY c.id", kChangeSelect, pending_only ? " WHERE d.change_id IS NULL" : ""));
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) {
      auto c = ChangeFromRow(r);
      if (!c) return c.error();
      out.push_back(std::move(*c));
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<ChangeRequest> LedgerImpl::ProposeLicence(const Licence& licence) {
  Licence l = licence;
  if (auto s = PrepareLicence(l); !s) return s.error();
  // Checked again when it is applied; refused now so that a request that cannot apply is not kept.
  if (GetLicence(l.number))
    return Error(ErrorCode::kConflict, fmt::format("licence `{}` already exists: use `licence amend` to change it", l.number));
  ChangeRequest change;
  change.kind = ChangeKind::kAddLicence;
  change.subject = l.number;
  change.body = LicenceToJson(l);
  return Propose(std::move(change));
}

Result<ChangeRequest> LedgerImpl::ProposeAmendment(const Licence& changes, const std::string& reason) {
  Licence l = changes;
  if (auto s = PrepareLicence(l); !s) return s.error();
  if (auto current = GetLicence(l.number); !current) return current.error();
  ChangeRequest change;
  change.kind = ChangeKind::kAmendLicence;
  change.subject = l.number;
  change.body = LicenceToJson(l);
  change.reason = reason;
  return Propose(std::move(change));
}

Result<std::vector<AuditedRow>> ChangeRows(SqlTxn& txn) {
  std::vector<AuditedRow> out;
  auto requests = txn.Query(
      "SELECT id, kind, subject, body, reason, requested_by, recorded_at, audit_seq FROM change_requests ORDER BY id");
  if (!requests) return requests.error();
  for (const SqlRow& r : *requests)
    out.push_back({r.Int(7), "change_request", r.Str(0), RequestPayload(r), fmt::format("change request #{}", r.Str(0))});
  auto decisions = txn.Query(
      "SELECT change_id, decision, decided_by, note, recorded_at, audit_seq FROM change_decisions ORDER BY change_id");
  if (!decisions) return decisions.error();
  for (const SqlRow& r : *decisions)
    out.push_back({r.Int(5), "change_decision", r.Str(0), DecisionPayload(r),
                   fmt::format("decision on change request #{}", r.Str(0))});
  return out;
}

}  // namespace ledger
}  // namespace exportctl
