// Escalations (docs/ledger.md): a held decision or one of its screening hits handed to someone to
// settle, recorded append-only with an audit entry; `audit verify` rebuilds each entry's payload
// from its row.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_limits.h"
#include "ledger/audit_chain.h"
#include "ledger/ledger_impl.h"
#include "ledger/model.h"

namespace exportctl {
namespace {

using nlohmann::json;

Error Bad(std::string_view field, std::string message) {
  return Error(ErrorCode::kInvalidArgument, fmt::format("escalation: {}", message)).WithField(std::string(field));
}

Status Validate(const Escalation& e) {
  std::vector<Error> errors;
  if (e.decision_seq <= 0) errors.push_back(Bad("decision_seq", "`decision_seq` names the decision-log entry escalated (1, 2, 3 …)"));
  if (e.escalated_to.empty() || e.escalated_to.size() > 256 || !ledger::OneLine(e.escalated_to))
    errors.push_back(Bad("escalated_to", "who is to settle it (a name, role or e-mail) is 1 to 256 bytes on one line"));
  if (e.reason.empty() || e.reason.size() > 2000 || !ledger::OneLine(e.reason))
    errors.push_back(Bad("reason", "an escalation needs its reason (one line, at most 2000 bytes)"));
  if (e.party.size() > 512 || !ledger::OneLine(e.party)) errors.push_back(Bad("party", "the party is at most 512 bytes on one line"));
  if (e.entry_id.size() > 128 || !ledger::OneLine(e.entry_id)) errors.push_back(Bad("entry_id", "the list entry's id is at most 128 bytes"));
  if (e.party.empty() != e.entry_id.empty())
    errors.push_back(Bad(e.party.empty() ? "party" : "entry_id", "a hit is named by both its party and its list entry, or neither"));
  if (errors.size() == 1) return errors.front();
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
  return Ok{};
}

}  // namespace

Result<Escalation> EscalationFromJson(const std::string& json_text) {
  auto parsed = detail::ParseJsonBounded(json_text, "escalation");
  if (!parsed.ok()) return parsed.error();
  const json& j = *parsed;
  if (!j.is_object()) return Bad("body", "expected an object");
  Escalation e;
  for (const auto& [key, value] : j.items()) {
    if (key == "decision_seq") {
      if (!value.is_number_integer()) return Bad(key, "`decision_seq` must be an integer");
      e.decision_seq = value.get<std::int64_t>();
      continue;
    }
    std::string* out = key == "party" ? &e.party : key == "entry_id" ? &e.entry_id : key == "escalated_to" ? &e.escalated_to
                     : key == "reason" ? &e.reason : nullptr;
    if (!out) {
      if (key == "id" || key == "decision_id" || key == "escalated_by" || key == "recorded_at") continue;  // set by the ledger
      return Bad(key, fmt::format("unknown field `{}`", key));
    }
    if (!value.is_string()) return Bad(key, fmt::format("`{}` must be a string", key));
    *out = value.get<std::string>();
  }
  if (auto s = Validate(e); !s) return s.error();
  return e;
}

std::string EscalationToJson(const Escalation& e) {
  return json{{"id", e.id},
              {"decision_seq", e.decision_seq},
              {"decision_id", e.decision_id},
              {"party", e.party},
              {"entry_id", e.entry_id},
              {"escalated_to", e.escalated_to},
              {"reason", e.reason},
              {"escalated_by", e.escalated_by},
              {"recorded_at", e.recorded_at}}
      .dump();
}

namespace ledger {
namespace {

constexpr std::string_view kColumns =
    "id, decision_seq, decision_id, party, entry_id, escalated_to, reason, escalated_by, recorded_at, audit_seq";

Escalation FromRow(const SqlRow& r) {
  Escalation e;
  e.id = r.Int(0);
  e.decision_seq = r.Int(1);
  e.decision_id = r.Str(2);
  e.party = r.Str(3);
  e.entry_id = r.Str(4);
  e.escalated_to = r.Str(5);
  e.reason = r.Str(6);
  e.escalated_by = r.Str(7);
  e.recorded_at = r.Str(8);
  return e;
}

// The audit payload is the row as JSON: the API's form of it.
std::string Payload(const Escalation& e) { return EscalationToJson(e); }

}  // namespace

Result<Escalation> LedgerImpl::Escalate(const Escalation& request) {
  if (!actor_.local && !(actor_.authenticated && actor_.role >= UserRole::kOfficer))
    return Error(ErrorCode::kForbidden, "escalating needs an officer's token");
  if (auto s = Validate(request); !s) return s.error();
  Escalation e = request;
  e.escalated_by = actor_.name;
  e.recorded_at = Now();
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto decision = txn.Query("SELECT decision_id FROM decision_log WHERE seq = ?", {e.decision_seq});
    if (!decision) return decision.error();
    if (decision->empty())
      return Error(ErrorCode::kNotFound, fmt::format("no decision log entry {}", e.decision_seq)).WithField("decision_seq");
    e.decision_id = decision->front().Str(0);
    auto id = NextId(txn, "escalations");
    if (!id) return id.error();
    e.id = *id;
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    if (auto s = txn.Exec(fmt::format("INSERT INTO escalations ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kColumns),
                          {e.id, e.decision_seq, e.decision_id, e.party, e.entry_id, e.escalated_to, e.reason, e.escalated_by,
                           e.recorded_at, *seq});
        !s)
      return s;
    return audit.Append("escalation", std::to_string(e.id), Payload(e), e.recorded_at);
  });
  if (!st) return st.error();
  return e;
}

Result<std::vector<Escalation>> LedgerImpl::Escalations(std::int64_t decision_seq) {
  auto rows = decision_seq > 0
                  ? store_->ReadStatement(fmt::format("SELECT {} FROM escalations WHERE decision_seq = ? ORDER BY id", kColumns), {decision_seq})
                  : store_->ReadStatement(fmt::format("SELECT {} FROM escalations ORDER BY id", kColumns), {});
  if (!rows) return rows.error();
  std::vector<Escalation> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<std::vector<AuditedRow>> EscalationRows(SqlTxn& txn) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM escalations ORDER BY id", kColumns));
  if (!rows) return rows.error();
  std::vector<AuditedRow> out;
  for (const SqlRow& r : *rows)
    out.push_back({r.Int(9), "escalation", r.Str(0), Payload(FromRow(r)), fmt::format("escalation #{}", r.Str(0))});
  return out;
}

}  // namespace ledger
}  // namespace exportctl
