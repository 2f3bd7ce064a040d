// Reading the audit log a page at a time, newest first, narrowed by kind, actor and text
// (GET /v1/audit, the page's audit view); `audit verify` is audit_verify.cc.
#include <algorithm>

#include "ledger/ledger_impl.h"

namespace exportctl::ledger {

std::string ContainsPattern(std::string_view part) {
  std::string pattern = "%";
  for (char c : part) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return pattern + "%";
}

Result<AuditLogPage> LedgerImpl::SearchAuditLog(const AuditLogFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<SqlValue> params;
  params.reserve(8);
  if (!f.kind.empty()) {
    where += " AND kind = ?";
    params.emplace_back(f.kind);
  }
  if (!f.actor.empty()) {
    where += " AND lower(actor) LIKE ? ESCAPE '\\'";
    params.emplace_back(ContainsPattern(f.actor));
  }
  if (!f.text.empty()) {
    where += " AND (lower(subject) LIKE ? ESCAPE '\\' OR lower(payload) LIKE ? ESCAPE '\\')";
    params.emplace_back(ContainsPattern(f.text));
    params.emplace_back(ContainsPattern(f.text));
  }
  AuditLogPage page;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto counts = txn.Query("SELECT (SELECT COUNT(*) FROM audit_log" + where + "), (SELECT COUNT(*) FROM audit_log)", params);
    if (!counts) return counts.error();
    page.matching = counts->front().Int(0);
    page.total = counts->front().Int(1);
    auto kinds = txn.Query("SELECT DISTINCT kind FROM audit_log ORDER BY kind");
    if (!kinds) return kinds.error();
    page.kinds.clear();
    for (const SqlRow& r : *kinds) page.kinds.push_back(r.Str(0));
    std::vector<SqlValue> page_params = params;
    std::string sql = "SELECT seq, recorded_at, kind, subject, payload, prev_hash, hash, actor FROM audit_log" + where;
    if (f.before_seq > 0) {
      sql += " AND seq < ?";
      page_params.emplace_back(f.before_seq);
    }
    sql += " ORDER BY seq DESC LIMIT ?";
    page_params.emplace_back(std::clamp<std::int64_t>(f.limit, 1, 10000));
    auto rows = txn.Query(sql, page_params);
    if (!rows) return rows.error();
    page.entries.clear();
    for (const auto& r : *rows)
      page.entries.push_back(AuditEntry{r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6), r.Str(7)});
    return Ok{};
  });
  if (!st) return st.error();
  return page;
}

}  // namespace exportctl::ledger
