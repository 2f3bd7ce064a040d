// Reports derived from the append-only entries: balances, revenue share and duty per licence and
// quarter, volume-ratio compliance, and entry listings. Each report reads one snapshot.
#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "ledger/ledger_impl.h"
#include "ledger/model.h"

namespace exportctl::ledger {

namespace {

__extension__ typedef __int128 Int128;

// round(amount × bp / 10000), halves away from zero.
std::int64_t ApplyBp(std::int64_t amount, std::int64_t bp) {
  Int128 x = static_cast<Int128>(amount) * bp;
  Int128 q = x / 10000, r = x % 10000;
  if (r * 2 >= 10000) ++q;
  if (r * 2 <= -10000) --q;
  return static_cast<std::int64_t>(q);
}

Result<std::vector<Licence>> LatestLicences(SqlTxn& txn, const std::string& only) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM licences l WHERE (? = '' OR number = ?) AND version = "
                                    "(SELECT MAX(version) FROM licences m WHERE m.number = l.number) ORDER BY number",
                                    kLicenceColumns),
                        {only, only});
  if (!rows) return rows.error();
  std::vector<Licence> out;
  for (const auto& r : *rows) {
    auto l = LicenceFromRow(r);
    if (!l) return l.error();
    out.push_back(std::move(*l));
  }
  if (!only.empty() && out.empty()) return Error(ErrorCode::kNotFound, fmt::format("unknown licence `{}`", only));
  return out;
}

}  // namespace

Result<std::vector<Balance>> LedgerImpl::Balances(const std::string& licence_number) {
  std::vector<Balance> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto licences = LatestLicences(txn, licence_number);
    if (!licences) return licences.error();
    for (const Licence& l : *licences) {
      auto totals = LoadLicenceTotals(txn, l.number);
      if (!totals) return totals.error();
      Balance b;
      b.licence_number = l.number;
      b.quantity_cap = l.quantity_cap;
      b.quantity_used = totals->first;
      b.quantity_remaining = l.quantity_cap - totals->first;
      b.value_cap = l.value_cap;
      b.value_used_minor = totals->second;
      b.value_remaining_minor = l.value_cap.minor - totals->second;
      b.valid_to = l.valid_to;
      b.status = l.status;
      out.push_back(std::move(b));
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<RevenueShareRow>> LedgerImpl::RevenueShare(const std::string& licence_number) {
  std::vector<RevenueShareRow> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto licences = LatestLicences(txn, licence_number);
    if (!licences) return licences.error();
    for (const Licence& l : *licences) {
      // The conditions of every version: an entry counts at those it was recorded under.
      auto versions = txn.Query(fmt::format("SELECT {} FROM licences WHERE number = ?", kLicenceColumns), {l.number});
      if (!versions) return versions.error();
      std::map<std::int64_t, LicenceConditions> conditions;
      for (const auto& v : *versions) {
        auto version = LicenceFromRow(v);
        if (!version) return version.error();
        conditions[version->version] = version->conditions;
      }
      auto rows = txn.Query(
          "SELECT entry_date, quantity, value_minor, licence_version, us_import_value_minor FROM entries "
          "WHERE licence_number = ? ORDER BY id",
          {l.number});
      if (!rows) return rows.error();
      std::map<std::tuple<std::string, std::int64_t, std::int64_t>, RevenueShareRow> by_quarter_and_rate;
      for (const auto& r : *rows) {
        const LicenceConditions& c = conditions.contains(r.Int(3)) ? conditions[r.Int(3)] : l.conditions;
        RevenueShareRow& q = by_quarter_and_rate[{QuarterOf(r.Str(0)), c.revenue_share_bp, c.duty_bp}];
        q.revenue_share_bp = c.revenue_share_bp;
        q.duty_bp = c.duty_bp;
        q.quantity += r.Int(1);
        q.revenue_minor += r.Int(2);
        q.us_import_value_minor += r.Int(4);  // negative for a compensating entry
      }
      for (auto& [key, q] : by_quarter_and_rate) {
        q.licence_number = l.number;
        q.quarter = std::get<0>(key);
        q.currency = l.value_cap.currency;
        q.revenue_share_owed_minor = ApplyBp(q.revenue_minor, q.revenue_share_bp);
        q.duty_owed_minor = ApplyBp(q.us_import_value_minor, q.duty_bp);
        out.push_back(q);
      }
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<VolumeRatioRow>> LedgerImpl::VolumeRatio(const std::string& licence_number) {
  std::vector<VolumeRatioRow> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto licences = LatestLicences(txn, licence_number);
    if (!licences) return licences.error();
    for (const Licence& l : *licences) {
      if (l.conditions.volume_ratio_cap_bp <= 0) continue;
      const std::string& ref = l.conditions.volume_reference;
      auto rows = txn.Query(
          "SELECT entry_date, quantity, licence_number, chip, destination FROM entries "
          "WHERE licence_number = ? OR destination = ? ORDER BY id",
          {l.number, ref});
      if (!rows) return rows.error();
      std::map<std::string, VolumeRatioRow> by_quarter;
      for (const auto& r : *rows) {
        VolumeRatioRow& q = by_quarter[QuarterOf(r.Str(0))];
        if (r.Str(2) == l.number) {
          q.licensed_quantity += r.Int(1);
        } else if (r.Str(4) == ref) {
          bool same_item = std::any_of(l.items.begin(), l.items.end(),
                                       [&](const std::string& item) { return ToUpper(item) == ToUpper(r.Str(3)); });
          if (same_item) q.reference_quantity += r.Int(1);
        }
      }
      for (auto& [quarter, q] : by_quarter) {
        if (q.licensed_quantity == 0 && q.reference_quantity == 0) continue;
        q.licence_number = l.number;
        q.quarter = quarter;
        q.reference_market = ref;
        q.cap_bp = l.conditions.volume_ratio_cap_bp;
        if (q.reference_quantity > 0) {
          q.ratio_bp = static_cast<std::int64_t>(static_cast<Int128>(q.licensed_quantity) * 10000 / q.reference_quantity);
          q.compliant = q.licensed_quantity * std::int64_t{10000} <= q.cap_bp * q.reference_quantity;
        } else {
          q.ratio_bp = -1;
          q.compliant = q.licensed_quantity <= 0;
        }
        out.push_back(q);
      }
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<Entry>> LedgerImpl::Entries(const EntryFilter& f) {
  std::vector<Entry> out;
  std::string from = f.from == Date::Min() ? "0000-01-01" : f.from.ToString();
  std::string to = f.to == Date::Max() ? "9999-12-31" : f.to.ToString();
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM entries WHERE (? = '' OR LOWER(consignee) = LOWER(?)) "
                                      "AND (? = '' OR licence_number = ?) AND entry_date >= ? AND entry_date <= ? "
                                      "ORDER BY id",
                                      kEntryColumns),
                          {f.party, f.party, f.licence_number, f.licence_number, from, to});
    if (!rows) return rows.error();
    for (const auto& r : *rows) out.push_back(EntryFromRow(r).entry);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

}  // namespace exportctl::ledger
