// `audit verify`: recomputes the hash chain and re-derives every audit entry from its ledger row.
// Finds edited entries (hash mismatch), deleted, inserted or reordered entries (sequence gap or
// broken prev_hash link), edited ledger rows (row differs from its audit payload), deleted rows
// (audit entry without its row) and rows added behind the log's back (row without audit entry).
#include <map>
#include <set>

#include <fmt/format.h>

#include "ledger/audit_chain.h"
#include "ledger/ledger_impl.h"

namespace exportctl::ledger {

namespace {

std::string Name(const AuditEntry& a) { return fmt::format("audit entry {} ({} {})", a.seq, a.kind, a.subject); }

Result<std::vector<AuditEntry>> LoadAudit(SqlTxn& txn) {
  auto rows = txn.Query("SELECT seq, recorded_at, kind, subject, payload, prev_hash, hash, actor FROM audit_log ORDER BY seq");
  if (!rows) return rows.error();
  std::vector<AuditEntry> out;
  out.reserve(rows->size());
  for (const auto& r : *rows)
    out.push_back(AuditEntry{r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6), r.Str(7)});
  return out;
}

}  // namespace

Result<std::vector<AuditEntry>> LedgerImpl::AuditLog() {
  std::vector<AuditEntry> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto log = LoadAudit(txn);
    if (!log) return log.error();
    out = std::move(*log);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<AuditReport> LedgerImpl::VerifyAudit() {
  AuditReport report;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto log = LoadAudit(txn);
    if (!log) return log.error();
    auto& problems = report.problems;

    // 1. The chain itself.
    std::map<std::int64_t, const AuditEntry*> by_seq;
    std::int64_t expected = 1;
    std::string prev(kGenesisHash);
    for (const AuditEntry& a : *log) {
      by_seq[a.seq] = &a;
      if (a.seq > expected) {
        problems.push_back(a.seq == expected + 1
                               ? fmt::format("audit entry {} is missing (deleted)", expected)
                               : fmt::format("audit entries {} to {} are missing (deleted)", expected, a.seq - 1));
      }
      if (a.prev_hash != prev)
        problems.push_back(fmt::format("{}: does not follow the entry before it (prev_hash mismatch: an entry was "
                                       "deleted, inserted or reordered)",
                                       Name(a)));
      if (AuditEntryHash(a) != a.hash)
        problems.push_back(fmt::format("{}: content does not match its hash (edited or moved)", Name(a)));
      prev = a.hash;
      expected = a.seq + 1;
    }
    report.entries = std::int64_t(log->size());
    report.head_hash = log->empty() ? std::string(kGenesisHash) : log->back().hash;

    // 2. Every ledger row against its audit entry.
    std::set<std::int64_t> claimed;
    auto check_row = [&](std::int64_t seq, std::string_view kinds, const std::string& subject,
                         const std::string& payload, const std::string& row_name) {
      auto it = by_seq.find(seq);
      if (it == by_seq.end()) {
        problems.push_back(fmt::format("{}: its audit entry {} is missing (row added or entry deleted)", row_name, seq));
        return;
      }
      if (!claimed.insert(seq).second) {
        problems.push_back(fmt::format("{}: its audit entry {} belongs to another row (row copied or edited)",
                                       row_name, seq));
        return;
      }
      const AuditEntry& a = *it->second;
      if (kinds.find(a.kind) == std::string_view::npos || a.subject != subject || a.payload != payload)
        problems.push_back(fmt::format("{} ({}): row differs from its audit record (edited)", row_name, Name(a)));
    };
    auto licences = txn.Query(fmt::format("SELECT {} FROM licences ORDER BY number, version", kLicenceColumns));
    if (!licences) return licences.error();
    for (const auto& r : *licences)
      check_row(r.Int(5), "licence", r.Str(0), LicencePayload(r),
                fmt::format("licence `{}` version {}", r.Str(0), r.Int(1)));
    auto decisions = txn.Query("SELECT decision_id, sha256, body, recorded_at, audit_seq FROM decisions ORDER BY decision_id");
    if (!decisions) return decisions.error();
    for (const auto& r : *decisions) {
      std::string name = fmt::format("decision `{}`", r.Str(0));
      check_row(r.Int(4), "decision", r.Str(0), DecisionPayload(r.Str(0), r.Str(1), r.Str(2), r.Str(3)), name);
      if (Sha256Hex(r.Str(2)) != r.Str(1))
        problems.push_back(fmt::format("{}: its body does not match its SHA-256 (edited)", name));
    }
    auto entries = txn.Query(fmt::format("SELECT {} FROM entries ORDER BY id", kEntryColumns));
    if (!entries) return entries.error();
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> totals;
    for (const auto& r : *entries) {
      EntryRow row = EntryFromRow(r);
      const Entry& e = row.entry;
      std::string name = fmt::format("{} {}", EntryKindName(e.kind), e.id);
      check_row(e.audit_seq, "shipment compensation", std::to_string(e.id), EntryPayload(row), name);
      if (!e.licence_number.empty()) {
        auto& [q, v] = totals[e.licence_number];
        q += e.quantity;
        v += e.value_minor;
        if (q != row.licence_quantity_total || v != row.licence_value_total)
          problems.push_back(fmt::format("{}: running totals of licence `{}` are {} / {}, expected {} / {} "
                                         "(an earlier entry was edited or deleted)",
                                         name, e.licence_number, row.licence_quantity_total,
                                         row.licence_value_total, q, v));
      }
    }
    for (auto rows_of : {NacRows, IdentityRows, ChangeRows, ClearanceRows, EscalationRows, PurgeRows, ListVersionRows}) {
      auto rows = rows_of(txn);
      if (!rows) return rows.error();
      for (const AuditedRow& n : *rows) check_row(n.audit_seq, n.kind, n.subject, n.payload, n.name);
    }
    // 3. Audit entries whose ledger row is gone.
    for (const AuditEntry& a : *log)
      if (!claimed.count(a.seq))
        problems.push_back(fmt::format("{}: its ledger row is missing (deleted)", Name(a)));
    // 4. The decision log's own chain.
    if (auto s = VerifyDecisionLog(txn, problems, report.decision_log_entries); !s) return s;
    report.ok = problems.empty();
    return Ok{};
  });
  if (!st) return st.error();
  return report;
}

}  // namespace exportctl::ledger
