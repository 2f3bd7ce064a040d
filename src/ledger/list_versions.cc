// The restricted-party list versions the front ends decide with, recorded in the ledger (each
// version once, audited), so a decision's `lists` can be matched with when and by whom each version
// came into use — by every server sharing the ledger.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/ledger_impl.h"
#include "ledger/records.h"

namespace exportctl::ledger {

namespace {
std::string ListVersionPayload(const SqlRow& r) {
  return nlohmann::json{{"list_id", r.Str(0)}, {"sha256", r.Str(1)}, {"version", r.Str(2)}, {"recorded_at", r.Str(3)}}.dump();
}
}  // namespace

Result<int> LedgerImpl::RecordListVersions(const std::vector<ListVersionSeen>& lists) {
  for (const ListVersionSeen& l : lists)
    if (l.list_id.empty() || l.list_id.size() > 128 || l.sha256.size() > 128 || l.version.size() > 256)
      return Error(ErrorCode::kInvalidArgument, fmt::format("list version `{}`: id, version or SHA-256 out of bounds", l.list_id));
  const std::string now = Now();
  int added = 0;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    added = 0;
    AuditAppender audit(txn, actor_.name);
    for (const ListVersionSeen& l : lists) {
      auto known = txn.Query("SELECT 1 FROM list_versions WHERE list_id = ? AND sha256 = ?", {l.list_id, l.sha256});
      if (!known) return known.error();
      if (!known->empty()) continue;
      auto seq = audit.NextSeq();
      if (!seq) return seq.error();
      SqlRow row;
      row.columns = {l.list_id, l.sha256, l.version, now};
      if (auto s = txn.Exec("INSERT INTO list_versions (list_id, sha256, version, recorded_at, audit_seq) VALUES (?, ?, ?, ?, ?)",
                            {l.list_id, l.sha256, l.version, now, *seq});
          !s)
        return s;
      if (auto s = audit.Append("list_version", l.list_id, ListVersionPayload(row), now); !s) return s;
      ++added;
    }
    return Ok{};
  });
  if (!st) return st.error();
  return added;
}

Result<std::vector<ListVersionSeen>> LedgerImpl::ListVersions() {
  auto rows = store_->ReadStatement(
      "SELECT l.list_id, l.sha256, l.version, l.recorded_at, a.actor FROM list_versions l "
      "LEFT JOIN audit_log a ON a.seq = l.audit_seq ORDER BY l.audit_seq",
      {});
  if (!rows) return rows.error();
  std::vector<ListVersionSeen> out;
  for (const SqlRow& r : *rows) out.push_back({r.Str(0), r.Str(2), r.Str(1), r.Str(3), r.Str(4)});
  return out;
}

Result<std::vector<AuditedRow>> ListVersionRows(SqlTxn& txn) {
  std::vector<AuditedRow> out;
  auto rows = txn.Query("SELECT list_id, sha256, version, recorded_at, audit_seq FROM list_versions ORDER BY audit_seq");
  if (!rows) return rows.error();
  for (const SqlRow& r : *rows)
    out.push_back({r.Int(4), "list_version", r.Str(0), ListVersionPayload(r), fmt::format("list version `{}` {}", r.Str(0), r.Str(2))});
  return out;
}

}  // namespace exportctl::ledger
