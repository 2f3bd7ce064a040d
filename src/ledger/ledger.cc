#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "ledger/ledger_impl.h"
#include "ledger/migrations.h"
#include "ledger/model.h"

namespace exportctl {

Ledger::~Ledger() = default;

Result<std::unique_ptr<Ledger>> Ledger::Open(const std::string& url, LedgerOptions options) {
  auto store = ledger::OpenStore(url);
  if (!store) return store.error();
  return std::unique_ptr<Ledger>(new ledger::LedgerImpl(std::move(*store), options));
}

namespace ledger {

std::string LedgerImpl::Now() const {
  if (options_.clock) return options_.clock();
  auto now = std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

Result<std::vector<int>> LedgerImpl::Migrate() { return ApplyMigrations(*store_, Now()); }

Result<int> LedgerImpl::SchemaVersion() { return CurrentSchemaVersion(*store_); }

Result<Licence> LoadLatestLicence(SqlTxn& txn, const std::string& number) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM licences WHERE number = ? ORDER BY version DESC LIMIT 1",
                                    kLicenceColumns),
                        {number});
  if (!rows) return rows.error();
  if (rows->empty()) return Error(ErrorCode::kNotFound, fmt::format("unknown licence `{}`", number));
  return LicenceFromRow(rows->front());
}

Result<std::pair<std::int64_t, std::int64_t>> LoadLicenceTotals(SqlTxn& txn, const std::string& number) {
  auto rows = txn.Query(
      "SELECT licence_quantity_total, licence_value_total FROM entries WHERE licence_number = ? "
      "ORDER BY id DESC LIMIT 1",
      {number});
  if (!rows) return rows.error();
  if (rows->empty()) return std::pair<std::int64_t, std::int64_t>{0, 0};
  return std::pair{rows->front().Int(0), rows->front().Int(1)};
}

Status LedgerImpl::WriteLicenceVersion(SqlTxn& txn, Licence& l, const std::string& reason) {
  l.recorded_at = Now();
  l.amendment_reason = reason;
  std::string body = LicenceBody(l).dump();
  AuditAppender audit(txn, actor_.name);
  auto seq = audit.NextSeq();
  if (!seq) return seq.error();
  if (auto s = txn.Exec(fmt::format("INSERT INTO licences ({}) VALUES (?, ?, ?, ?, ?, ?)", kLicenceColumns),
                        {l.number, std::int64_t{l.version}, l.recorded_at, reason, body, *seq});
      !s)
    return s;
  return audit.Append("licence", l.number, LicencePayload(l.number, l.version, l.recorded_at, reason, body),
                      l.recorded_at);
}

Status LedgerImpl::ResolveItems(Licence& l) const {
  if (!options_.resolve_item) return Ok{};
  std::vector<Error> errors;
  for (std::string& item : l.items) {
    if (IsEccn(item)) continue;
    auto id = options_.resolve_item(item);
    if (id) item = std::move(*id);
    else errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("items: {}", id.error().message())).WithField("items"));
  }
  if (errors.size() == 1) return errors.front();
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
  return Ok{};
}

Status LedgerImpl::PrepareLicence(Licence& l) const {
  if (auto s = ResolveItems(l); !s) return s;
  return NormalizeLicence(l);
}

Status LedgerImpl::ApplyAddLicence(SqlTxn& txn, Licence& l) {
  auto existing = LoadLatestLicence(txn, l.number);
  if (existing)
    return Error(ErrorCode::kConflict, fmt::format("licence `{}` already exists: use `licence amend` to change it", l.number));
  if (existing.error().code() != ErrorCode::kNotFound) return existing.error();
  l.version = 1;
  return WriteLicenceVersion(txn, l, "");
}

Status LedgerImpl::ApplyAmendment(SqlTxn& txn, Licence& l, const std::string& reason) {
  if (reason.empty()) return Error(ErrorCode::kInvalidArgument, "an amendment needs a reason (`--reason`)");
  licence_cache_.erase(l.number);
  auto current = LoadLatestLicence(txn, l.number);
  if (!current) return current.error();
  auto totals = LoadLicenceTotals(txn, l.number);
  if (!totals) return totals.error();
  auto [used_qty, used_value] = *totals;
  if (l.quantity_cap < used_qty)
    return Error(ErrorCode::kRefused, fmt::format("refused: quantity cap {} is below the {} already shipped under licence `{}`",
                                                  l.quantity_cap, used_qty, l.number));
  if (used_qty != 0 && l.value_cap.currency != current->value_cap.currency)
    return Error(ErrorCode::kRefused, fmt::format("refused: licence `{}` has shipments in {}; its currency cannot change to {}",
                                                  l.number, current->value_cap.currency, l.value_cap.currency));
  if (l.value_cap.minor < used_value)
    return Error(ErrorCode::kRefused,
                 fmt::format("refused: value cap {} is below the {} already shipped under licence `{}`",
                             FormatMoney(l.value_cap.minor, l.value_cap.currency),
                             FormatMoney(used_value, l.value_cap.currency), l.number));
  l.version = current->version + 1;
  return WriteLicenceVersion(txn, l, reason);
}

Result<Licence> LedgerImpl::AddLicence(const Licence& licence) {
  ChangeRequest change;
  change.kind = ChangeKind::kAddLicence;
  change.subject = licence.number;
  change.body = LicenceToJson(licence);
  auto applied = Propose(std::move(change), /*at_once=*/true);
  if (!applied) return applied.error();
  return *applied->licence;
}

Result<Licence> LedgerImpl::AmendLicence(const Licence& changes, const std::string& reason) {
  ChangeRequest change;
  change.kind = ChangeKind::kAmendLicence;
  change.subject = changes.number;
  change.body = LicenceToJson(changes);
  change.reason = reason;
  auto applied = Propose(std::move(change), /*at_once=*/true);
  if (!applied) return applied.error();
  return *applied->licence;
}

Result<Licence> LedgerImpl::GetLicence(const std::string& number) {
  Result<Licence> out = Error(ErrorCode::kInternal, "not read");
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    out = LoadLatestLicence(txn, number);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<Licence>> LedgerImpl::LicenceHistory(const std::string& number) {
  std::vector<Licence> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM licences WHERE number = ? ORDER BY version", kLicenceColumns),
                          {number});
    if (!rows) return rows.error();
    for (const auto& r : *rows) {
      auto l = LicenceFromRow(r);
      if (!l) return l.error();
      out.push_back(std::move(*l));
    }
    return Ok{};
  });
  if (!st) return st.error();
  if (out.empty()) return Error(ErrorCode::kNotFound, fmt::format("unknown licence `{}`", number));
  return out;
}

Result<std::vector<Licence>> LedgerImpl::ListLicences() {
  std::vector<Licence> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM licences l WHERE version = "
                                      "(SELECT MAX(version) FROM licences m WHERE m.number = l.number) ORDER BY number",
                                      kLicenceColumns));
    if (!rows) return rows.error();
    for (const auto& r : *rows) {
      auto l = LicenceFromRow(r);
      if (!l) return l.error();
      out.push_back(std::move(*l));
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace ledger
}  // namespace exportctl
