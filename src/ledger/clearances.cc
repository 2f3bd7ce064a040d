// Clearances — the whitelist of screening hits judged false — in the ledger (docs/ledger.md):
// each comes from an approved change request, is audited, and ends at its expiry or revocation.
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
  return Error(ErrorCode::kInvalidArgument, fmt::format("clearance: {}", message)).WithField(std::string(field));
}

// Every field present and of a sane size; the list id and entry id as the screener spells them.
Status Validate(const Clearance& c) {
  std::vector<Error> errors;
  if (c.party.empty() || c.party.size() > 512 || !ledger::OneLine(c.party))
    errors.push_back(Bad("party", "the party (the name screened) is 1 to 512 bytes on one line"));
  if (c.list.empty() || c.list.size() > 64 ||
      !std::all_of(c.list.begin(), c.list.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_'; }))
    errors.push_back(Bad("list", fmt::format("`{}` is not a list id (as `exportctl lists` shows it)", c.list)));
  if (c.entry_id.empty() || c.entry_id.size() > 128 || !ledger::OneLine(c.entry_id))
    errors.push_back(Bad("entry_id", "the list entry's id is 1 to 128 bytes"));
  if (c.reason.empty() || c.reason.size() > 2000 || !ledger::OneLine(c.reason))
    errors.push_back(Bad("reason", "a clearance needs its reason (one line, at most 2000 bytes)"));
  if (c.expires && !c.expires->valid()) errors.push_back(Bad("expires", "`expires` must be a date YYYY-MM-DD"));
  if (errors.size() == 1) return errors.front();
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
  return Ok{};
}

}  // namespace

Result<Clearance> ClearanceFromJson(const std::string& json_text) {
  auto parsed = detail::ParseJsonBounded(json_text, "clearance");
  if (!parsed.ok()) return parsed.error();
  const json& j = *parsed;
  if (!j.is_object()) return Bad("", "expected an object");
  Clearance c;
  for (const auto& [key, value] : j.items()) {
    if (key == "expires") {
      if (value.is_null()) continue;
      if (!value.is_string()) return Bad("expires", "`expires` must be a date YYYY-MM-DD");
      auto d = Date::Parse(value.get<std::string>());
      if (!d) return Bad("expires", "`expires` must be a date YYYY-MM-DD");
      c.expires = *d;
      continue;
    }
    std::string* out = key == "party" ? &c.party : key == "list" ? &c.list : key == "entry_id" ? &c.entry_id
                     : key == "reason" ? &c.reason : nullptr;
    if (!out) {
      if (key == "id" || key == "requested_by" || key == "approved_by" || key == "recorded_at" || key == "revoked" ||
          key == "revocation")
        continue;  // set by the ledger
      return Bad(key, fmt::format("unknown field `{}`", key));
    }
    if (!value.is_string()) return Bad(key, fmt::format("`{}` must be a string", key));
    *out = value.get<std::string>();
  }
  if (auto s = Validate(c); !s) return s.error();
  return c;
}

std::string ClearanceToJson(const Clearance& c) {
  json j = {{"party", c.party}, {"list", c.list}, {"entry_id", c.entry_id}, {"reason", c.reason},
            {"expires", c.expires ? json(c.expires->ToString()) : json(nullptr)}};
  if (c.id != 0) {
    j["id"] = c.id;
    j["requested_by"] = c.requested_by;
    j["approved_by"] = c.approved_by;
    j["recorded_at"] = c.recorded_at;
    j["revoked"] = c.revoked;
    if (c.revoked) j["revocation"] = c.revocation;
  }
  return j.dump();
}

namespace ledger {
namespace {

constexpr std::string_view kClearanceColumns =
    "c.id, c.change_id, c.party, c.list, c.entry_id, c.reason, c.expires, c.requested_by, c.approved_by, "
    "c.recorded_at, c.audit_seq";

std::string ClearancePayload(const SqlRow& r) {
  return nlohmann::json{{"id", r.Int(0)},          {"change_id", r.Int(1)},    {"party", r.Str(2)},
                        {"list", r.Str(3)},        {"entry_id", r.Str(4)},     {"reason", r.Str(5)},
                        {"expires", r.Str(6)},     {"requested_by", r.Str(7)}, {"approved_by", r.Str(8)},
                        {"recorded_at", r.Str(9)}}
      .dump();
}
std::string RevocationPayload(const SqlRow& r) {
  return nlohmann::json{{"clearance_id", r.Int(0)}, {"reason", r.Str(1)}, {"revoked_by", r.Str(2)}, {"recorded_at", r.Str(3)}}
      .dump();
}

// A clearance row (kClearanceColumns) with its revocation (reason, revoked_by) in columns 11, 12.
Clearance FromRow(const SqlRow& r) {
  Clearance c;
  c.id = r.Int(0);
  c.party = r.Str(2);
  c.list = r.Str(3);
  c.entry_id = r.Str(4);
  c.reason = r.Str(5);
  if (auto d = Date::Parse(r.Str(6)); d.ok()) c.expires = *d;
  c.requested_by = r.Str(7);
  c.approved_by = r.Str(8);
  c.recorded_at = r.Str(9);
  c.revoked = !r.IsNull(11);
  if (c.revoked) c.revocation = fmt::format("revoked by {}: {}", r.Str(12), r.Str(11));
  return c;
}

constexpr std::string_view kSelectWithRevocation =
    "SELECT {}, v.reason, v.revoked_by FROM clearances c LEFT JOIN clearance_revocations v ON v.clearance_id = c.id";

}  // namespace

Result<std::vector<ChangeRequest>> LedgerImpl::ProposeClearances(const std::vector<Clearance>& clearances) {
  if (clearances.empty()) return Error(ErrorCode::kInvalidArgument, "no clearance to record");
  std::vector<ChangeRequest> changes;
  for (Clearance c : clearances) {
    if (auto s = Validate(c); !s) return s.error();
    c.id = 0;
    ChangeRequest change;
    change.kind = ChangeKind::kClearance;
    change.subject = fmt::format("{} | {} {}", c.party, c.list, c.entry_id);
    change.body = ClearanceToJson(c);
    changes.push_back(std::move(change));
  }
  return ProposeAll(std::move(changes), /*at_once=*/false);
}

Status LedgerImpl::ApplyClearance(SqlTxn& txn, ChangeRequest& change) {
  auto c = ClearanceFromJson(change.body);
  if (!c) return c.error();
  auto same = txn.Query(
      "SELECT c.id FROM clearances c LEFT JOIN clearance_revocations v ON v.clearance_id = c.id "
      "WHERE v.clearance_id IS NULL AND c.party = ? AND c.list = ? AND c.entry_id = ?",
      {c->party, c->list, c->entry_id});
  if (!same) return same.error();
  if (!same->empty())
    return Error(ErrorCode::kConflict, fmt::format("`{}` is already cleared of {} {} (clearance #{})", c->party, c->list,
                                                   c->entry_id, same->front().Str(0)));
  auto id = NextId(txn, "clearances");
  if (!id) return id.error();
  c->id = *id;
  c->requested_by = change.requested_by;
  c->approved_by = change.without_approval ? "" : actor_.name;
  c->recorded_at = Now();
  AuditAppender audit(txn, actor_.name);
  auto seq = audit.NextSeq();
  if (!seq) return seq.error();
  SqlRow row;
  row.columns = {std::to_string(c->id), std::to_string(change.id), c->party, c->list, c->entry_id, c->reason,
                 c->expires ? c->expires->ToString() : "", c->requested_by, c->approved_by, c->recorded_at};
  if (auto s = txn.Exec("INSERT INTO clearances (id, change_id, party, list, entry_id, reason, expires, requested_by, "
                        "approved_by, recorded_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {c->id, change.id, c->party, c->list, c->entry_id, c->reason, row.Str(6), c->requested_by,
                         c->approved_by, c->recorded_at, *seq});
      !s)
    return s;
  if (auto s = audit.Append("clearance", std::to_string(c->id), ClearancePayload(row), c->recorded_at); !s) return s;
  change.clearance = std::move(*c);
  return Ok{};
}

Result<std::vector<Clearance>> LedgerImpl::Clearances(Date as_of, bool include_ended) {
  std::vector<Clearance> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    out.clear();
    auto rows = txn.Query(fmt::format(fmt::runtime(kSelectWithRevocation), kClearanceColumns) + " ORDER BY c.id");
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) {
      Clearance c = FromRow(r);
      const bool ended = c.revoked || (c.expires && !(as_of < *c.expires));
      if (include_ended || !ended) out.push_back(std::move(c));
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<Clearance> LedgerImpl::RevokeClearance(std::int64_t clearance_id, const std::string& reason) {
  if (!actor_.local && !(actor_.authenticated && actor_.role >= UserRole::kOfficer))
    return Error(ErrorCode::kForbidden, "revoking a clearance needs an officer's token");
  if (reason.empty() || reason.size() > 2000)
    return Error(ErrorCode::kInvalidArgument, "a revocation needs its reason (at most 2000 bytes)").WithField("reason");
  const std::string now = Now();
  Clearance out;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto rows = txn.Query(fmt::format(fmt::runtime(kSelectWithRevocation), kClearanceColumns) + " WHERE c.id = ?",
                          {clearance_id});
    if (!rows) return rows.error();
    if (rows->empty()) return Error(ErrorCode::kNotFound, fmt::format("no clearance #{}", clearance_id));
    out = FromRow(rows->front());
    if (out.revoked) return Error(ErrorCode::kConflict, fmt::format("clearance #{} is already {}", clearance_id, out.revocation));
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    SqlRow row;
    row.columns = {std::to_string(clearance_id), reason, actor_.name, now};
    if (auto s = txn.Exec("INSERT INTO clearance_revocations (clearance_id, reason, revoked_by, recorded_at, audit_seq) "
                          "VALUES (?, ?, ?, ?, ?)",
                          {clearance_id, reason, actor_.name, now, *seq});
        !s)
      return s;
    out.revoked = true;
    out.revocation = fmt::format("revoked by {}: {}", actor_.name, reason);
    return audit.Append("clearance_revocation", std::to_string(clearance_id), RevocationPayload(row), now);
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<AuditedRow>> ClearanceRows(SqlTxn& txn) {
  std::vector<AuditedRow> out;
  auto rows = txn.Query(fmt::format("SELECT {} FROM clearances c ORDER BY c.id", kClearanceColumns));
  if (!rows) return rows.error();
  for (const SqlRow& r : *rows)
    out.push_back({r.Int(10), "clearance", r.Str(0), ClearancePayload(r), fmt::format("clearance #{}", r.Str(0))});
  auto revocations =
      txn.Query("SELECT clearance_id, reason, revoked_by, recorded_at, audit_seq FROM clearance_revocations ORDER BY clearance_id");
  if (!revocations) return revocations.error();
  for (const SqlRow& r : *revocations)
    out.push_back({r.Int(4), "clearance_revocation", r.Str(0), RevocationPayload(r),
                   fmt::format("revocation of clearance #{}", r.Str(0))});
  return out;
}

}  // namespace ledger
}  // namespace exportctl
