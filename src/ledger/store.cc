#include "ledger/store.h"

#include <charconv>

namespace exportctl::ledger {

const std::string& SqlRow::Str(std::size_t i) const {
  static const std::string kEmpty;
  const auto& c = columns.at(i);
  return c ? *c : kEmpty;
}

std::int64_t SqlRow::Int(std::size_t i) const {
  const auto& c = columns.at(i);
  if (!c) return 0;
  std::int64_t v = 0;
  std::from_chars(c->data(), c->data() + c->size(), v);
  return v;
}

Status SqlTxn::Exec(std::string_view sql, const std::vector<SqlValue>& params) {
  auto r = Query(sql, params);
  if (!r) return r.error();
  return Ok{};
}

namespace {
// One statement as the body of a Read() or Write() transaction.
template <typename RunTransaction>
Result<std::vector<SqlRow>> OneStatement(RunTransaction run, std::string_view sql, const std::vector<SqlValue>& params) {
  Result<std::vector<SqlRow>> rows = std::vector<SqlRow>{};
  Status st = run([&](SqlTxn& txn) -> Status {
    rows = txn.Query(sql, params);
    return rows ? Status(Ok{}) : Status(rows.error());
  });
  if (!st) return st.error();
  return rows;
}
}  // namespace

Result<std::vector<SqlRow>> LedgerStore::ReadStatement(std::string_view sql, const std::vector<SqlValue>& params) {
  return OneStatement([this](const auto& body) { return Read(body); }, sql, params);
}

Result<std::vector<SqlRow>> LedgerStore::WriteStatement(std::string_view sql, const std::vector<SqlValue>& params) {
  return OneStatement([this](const auto& body) { return Write(body); }, sql, params);
}

Result<std::unique_ptr<LedgerStore>> OpenStore(std::string_view url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return OpenPostgresStore(url);
  if (url.find("://") != std::string_view::npos && !url.starts_with("sqlite:"))
    return Error(ErrorCode::kInvalidArgument,
                 "unsupported database url `" + std::string(url) + "`: expected sqlite:PATH or postgresql://…");
  return OpenSqliteStore(url);
}

}  // namespace exportctl::ledger
