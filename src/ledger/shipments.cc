// Shipments and compensating entries (cancellations, returns). Each runs in one exclusive write
// transaction: idempotency-key lookup, licence re-check against the running totals, the decision
// it relied on (recorded once, verbatim), the entry, and its audit entries.
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/audit_chain.h"
#include "ledger/decision.h"
#include "ledger/ledger_impl.h"
#include "ledger/model.h"
#include "ledger/shipment_check.h"
#include "ledger/shipment_state.h"

namespace exportctl::ledger {

using nlohmann::json;

namespace {

// Looks up an idempotency key. Returns true (and fills `out`) when the same request was already
// recorded; kConflict when the key was used for a different request.
Result<bool> FindReplay(SqlTxn& txn, const std::string& key, const std::string& request_sha256, Entry& out) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM entries WHERE idempotency_key = ?", kEntryColumns), {key});
  if (!rows) return rows.error();
  if (rows->empty()) return false;
  auto replayed = Replay(EntryFromRow(rows->front()), key, request_sha256);
  if (!replayed) return replayed.error();
  out = *replayed;
  return true;
}

Result<std::int64_t> NextEntryId(SqlTxn& txn) {
  auto rows = txn.Query("SELECT COALESCE(MAX(id), 0) FROM entries");
  if (!rows) return rows.error();
  return rows->front().Int(0) + 1;
}

const std::string kInsertEntrySql =
    fmt::format("INSERT INTO entries ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                kEntryColumns);

Status InsertEntry(SqlTxn& txn, AuditAppender& audit, EntryRow& row, const std::string& audit_kind) {
  auto id = NextEntryId(txn);
  if (!id) return id.error();
  auto seq = audit.NextSeq();
  if (!seq) return seq.error();
  row.entry.id = *id;
  row.entry.audit_seq = *seq;
  if (auto s = txn.Exec(kInsertEntrySql, EntryParams(row)); !s)
    return s;
  return audit.Append(audit_kind, std::to_string(row.entry.id), EntryPayload(row), row.entry.recorded_at);
}

}  // namespace

namespace {

// The idempotency fingerprint of a request as the client sent it (normalised, before the engine
// decides), so a retry is recognised whatever the engine would answer today.
std::string RequestSha256(const ShipmentRequest& r) {
  return Sha256Hex(json{{"key", r.idempotency_key},
                        {"basis", StoredShipmentBasisName(r.basis)},
                        {"licence", r.licence_number},
                        {"chip", r.chip},
                        {"eccn", r.eccn},
                        {"destination", r.destination},
                        {"consignee", r.consignee},
                        {"quantity", r.quantity},
                        {"unit_price_minor", r.unit_price.minor},
                        {"currency", r.unit_price.currency},
                        {"date", r.ship_date.ToString()},
                        {"exception", r.licence_exception},
                        {"nac_confirmation", r.nac_confirmation},
                        {"us_import_value_minor", r.us_import_value.minor},
                        {"facts", r.facts_json},
                        {"claim_sha256", r.decision_json.empty() ? "" : Sha256Hex(r.decision_json)}}
                       .dump());
}

}  // namespace

std::optional<Result<Entry>> LedgerImpl::ReplayIfRecorded(const ShipmentRequest& request) {
  ShipmentRequest r = request;
  if (!CheckShipmentRequest(r)) return std::nullopt;
  Entry recorded;
  Result<bool> found = false;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    found = FindReplay(txn, r.idempotency_key, RequestSha256(r), recorded);
    return Ok{};
  });
  if (!st || (found.ok() && !*found)) return std::nullopt;
  if (!found) return Result<Entry>(found.error());
  return Result<Entry>(recorded);
}

Result<PreparedShipment> PrepareShipment(const ShipmentRequest& request, const ShipmentDecider& decider) {
  PreparedShipment p;
  p.request = request;
  ShipmentRequest& r = p.request;
  if (auto s = CheckShipmentRequest(r); !s) return s.error();
  p.request_sha256 = RequestSha256(r);
  if (!decider)
    return Error(ErrorCode::kRefused, "refused: this ledger was opened without a decision engine, so it cannot decide shipments");
  std::optional<Decision> claimed;
  if (!r.decision_json.empty()) {
    auto d = ParseDecision(r.decision_json);
    if (!d) return d.error();
    claimed = std::move(*d);
  }
  auto decided = decider(r);
  if (!decided) return decided.error();
  if (!decided->chip.empty()) r.chip = decided->chip;  // the catalog id, whatever alias was given
  if (claimed) {
    if (auto s = CheckDecisionSupports(*claimed, r); !s) return s.error();
    if (auto s = CheckClaim(*claimed, *decided); !s) return s.error();
  }
  if (auto s = CheckOutcomeAllowsBasis(*decided, r); !s) return s.error();
  // From here on the recorded decision is the ledger's own.
  Decision own;
  own.id = decided->decision_id;
  own.as_of = r.ship_date.ToString();
  own.outcome = decided->outcome;
  own.chip = r.chip;
  own.destination = r.destination;
  own.sha256 = decided->json_sha256.empty() ? Sha256Hex(decided->json) : decided->json_sha256;
  r.decision_json = std::move(decided->json);
  p.decision = std::move(own);
  p.value = *ShipmentValue(r.quantity, r.unit_price.minor);
  return p;
}

namespace {

// "a, b, c" -> "e.a, e.b, e.c".
std::string Qualified(std::string_view columns, std::string_view prefix) {
  std::string out(prefix);
  for (char c : columns) {
    out += c;
    if (c == ' ') out += prefix;
  }
  return out;
}

// Columns [from, from + n) of a row, as a row of their own.
SqlRow Columns(const SqlRow& row, std::size_t from, std::size_t n) {
  SqlRow out;
  out.columns.assign(row.columns.begin() + from, row.columns.begin() + from + n);
  return out;
}

}  // namespace

ShipmentStateQuery ShipmentStateQueryFor(const PreparedShipment& p) {
  const ShipmentRequest& r = p.request;
  static const std::string kSql = fmt::format(
      // Scalar subqueries for the one-row lookups: SQLite materialises a joined
      // `ORDER BY … LIMIT 1` subquery by scanning the table.
      "SELECT {}, {}, "
      "(SELECT licence_quantity_total FROM entries WHERE licence_number = ? ORDER BY id DESC LIMIT 1), "
      "(SELECT licence_value_total FROM entries WHERE licence_number = ? ORDER BY id DESC LIMIT 1), "
      "(SELECT COALESCE(MAX(id), 0) FROM entries), "
      "(SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1), "
      "(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), d.sha256 "
      "FROM (SELECT 1 AS one) base "
      "LEFT JOIN entries e ON e.idempotency_key = ? "
      "LEFT JOIN (SELECT {} FROM licences WHERE number = ? ORDER BY version DESC LIMIT 1) l ON 1 = 1 "
      "LEFT JOIN decisions d ON d.decision_id = ?",
      Qualified(kEntryColumns, "e."), Qualified(kLicenceColumns, "l."), kLicenceColumns);
  const std::string licence = r.basis == ShipmentBasis::kLicence ? r.licence_number : "";
  const std::string decision_id = p.decision ? p.decision->id : "";
  return {kSql, {licence, licence, r.idempotency_key, licence, decision_id}};
}

Result<ShipmentState> ShipmentStateFromRows(const std::vector<SqlRow>& rows) {
  if (rows.size() != 1) return Error(ErrorCode::kInternal, "the shipment state query returned no row");
  const SqlRow& row = rows.front();
  constexpr std::size_t kEntry = 0, kLicence = kEntryColumnCount, kTotals = kLicence + 6, kMaxId = kTotals + 2,
                        kHead = kMaxId + 1, kDecision = kHead + 2;
  ShipmentState state;
  if (!row.IsNull(kEntry)) state.recorded = EntryFromRow(Columns(row, kEntry, kEntryColumnCount));
  if (!row.IsNull(kLicence)) {
    auto l = LicenceFromRow(Columns(row, kLicence, 6));
    if (!l) return l.error();
    state.licence = std::move(*l);
    state.licence_totals = {row.Int(kTotals), row.Int(kTotals + 1)};
  }
  if (!row.IsNull(kDecision)) state.decision_sha256 = row.Str(kDecision);
  state.max_entry_id = row.Int(kMaxId);
  state.audit_head_seq = row.Int(kHead);
  state.audit_head_hash = row.IsNull(kHead) ? std::string(kGenesisHash) : row.Str(kHead + 1);
  return state;
}

Result<ShipmentState> LoadShipmentState(SqlTxn& txn, const PreparedShipment& p) {
  const ShipmentStateQuery q = ShipmentStateQueryFor(p);
  auto rows = txn.Query(q.sql, q.params);
  if (!rows) return rows.error();
  return ShipmentStateFromRows(*rows);
}

EntryRow NewShipmentRow(const PreparedShipment& p, const std::string& recorded_at) {
  const ShipmentRequest& r = p.request;
  EntryRow row;
  Entry& e = row.entry;
  e.idempotency_key = r.idempotency_key;
  e.kind = EntryKind::kShipment;
  e.basis = r.basis;
  e.chip = r.chip;
  e.destination = r.destination;
  e.consignee = r.consignee;
  e.quantity = r.quantity;
  e.unit_price = r.unit_price;
  e.value_minor = p.value;
  e.date = r.ship_date;
  e.recorded_at = recorded_at;
  e.nac_confirmation = r.nac_confirmation;
  e.us_import_value_minor = r.us_import_value.minor;
  if (p.decision) {
    e.decision_id = p.decision->id;
    e.decision_sha256 = p.decision->sha256;
  }
  row.request_sha256 = p.request_sha256;
  return row;
}

Result<Entry> Replay(const EntryRow& recorded, const std::string& key, const std::string& request_sha256) {
  if (recorded.request_sha256 != request_sha256)
    return Error(ErrorCode::kConflict,
                 fmt::format("idempotency key `{}` was already used for a different request (entry {})", key,
                             recorded.entry.id));
  Entry replayed = recorded.entry;
  replayed.replayed = true;
  return replayed;
}

namespace {

// Errors that abort the whole transaction (as opposed to one refused shipment).
bool IsFatal(const Error& e) { return e.code() == ErrorCode::kIoError || e.code() == ErrorCode::kInternal; }

// Writes shipments inside one write transaction, caching what the transaction itself decides
// (latest licence versions, running totals, next entry id, audit head) across shipments.
class ShipmentWriter {
 public:
  ShipmentWriter(SqlTxn& txn, std::string now, std::string actor)
      : txn_(txn), audit_(txn, std::move(actor), /*deferred=*/true), now_(std::move(now)) {}

  // Looks up which idempotency keys are already recorded, a few round trips for the whole batch.
  Status Prefetch(const std::vector<std::string>& keys) {
    std::size_t done = 0;
    while (done < keys.size()) {
      std::size_t left = keys.size() - done;
      std::size_t n = left >= 64 ? 64 : left >= 8 ? 8 : 1;
      std::string sql = fmt::format("SELECT {} FROM entries WHERE idempotency_key IN (", kEntryColumns);
      std::vector<SqlValue> params;
      for (std::size_t i = 0; i < n; ++i) {
        sql += i ? ", ?" : "?";
        params.push_back(keys[done + i]);
      }
      sql += ")";
      auto rows = txn_.Query(sql, params);
      if (!rows) return rows.error();
      for (const auto& row : *rows) {
        EntryRow e = EntryFromRow(row);
        known_.emplace(e.entry.idempotency_key, std::move(e));
      }
      done += n;
    }
    return Ok{};
  }

  // Reads, in one statement, all that Write() needs from the database for one shipment: an entry
  // under its idempotency key, its licence's latest version and running totals, the decision it
  // relies on, the next entry id and the audit-chain head. One round trip while writers queue on
  // the lock instead of six.
  Status Preload(const PreparedShipment& p) {
    auto state = LoadShipmentState(txn_, p);
    if (!state) return state.error();
    const ShipmentRequest& r = p.request;
    if (state->recorded) known_.emplace(r.idempotency_key, std::move(*state->recorded));
    if (r.basis == ShipmentBasis::kLicence) {
      if (state->licence) totals_[r.licence_number] = state->licence_totals;
      licences_.emplace(r.licence_number, std::move(state->licence));
    }
    next_id_ = state->max_entry_id + 1;
    audit_.Seed(state->audit_head_seq, std::move(state->audit_head_hash));
    if (p.decision) decisions_.emplace(p.decision->id, std::move(state->decision_sha256));
    return Ok{};
  }

  // Inserts what Write() queued; call before commit.
  Status Flush() {
    if (auto s = InsertMany(txn_, fmt::format("entries ({})", kEntryColumns), kEntryColumnCount, pending_); !s) return s;
    pending_.clear();
    return audit_.Flush();
  }

  // A refused shipment returns its error and queues nothing.
  Result<Entry> Write(const PreparedShipment& p) {
    const ShipmentRequest& r = p.request;
    // Prefetch() or Preload() has put every recorded key of this request in known_.
    if (auto it = known_.find(r.idempotency_key); it != known_.end())
      return Replay(it->second, r.idempotency_key, p.request_sha256);

    EntryRow row = NewShipmentRow(p, now_);
    Entry& e = row.entry;
    NacNotification* nac = nullptr;
    if (r.licence_exception == "NAC") {
      auto n = LoadNac(r.nac_confirmation);
      if (!n) return n.error();
      nac = *n;
      if (auto s = CheckAgainstNac(r, *nac); !s) return s.error();
    }
    std::pair<std::int64_t, std::int64_t>* totals = nullptr;
    if (r.basis == ShipmentBasis::kLicence) {
      auto licence = LoadLicence(r.licence_number);
      if (!licence) return licence.error();
      totals = &totals_[r.licence_number];
      if (auto s = CheckAgainstLicence(r, **licence, totals->first, totals->second); !s) return s.error();
      if ((*licence)->conditions.volume_ratio_cap_bp > 0)
        if (auto s = CheckVolumeCap(r, **licence); !s) return s.error();
      e.licence_number = (*licence)->number;
      e.licence_version = (*licence)->version;
      row.licence_quantity_total = totals->first + r.quantity;
      row.licence_value_total = totals->second + p.value;
    }
    if (p.decision)
      if (auto s = RecordDecision(*p.decision, r.decision_json); !s) return s.error();
    auto id = NextId();
    if (!id) return id.error();
    auto seq = audit_.NextSeq();
    if (!seq) return seq.error();
    e.id = *id;
    e.audit_seq = *seq;
    pending_.push_back(EntryParams(row));
    if (auto s = audit_.Append("shipment", std::to_string(e.id), EntryPayload(row), now_); !s) return s.error();
    known_.emplace(r.idempotency_key, row);
    ++next_id_;
    if (totals) *totals = {row.licence_quantity_total, row.licence_value_total};
    if (nac) nac->quantity_shipped += r.quantity;
    const std::string quarter = QuarterOf(r.ship_date.ToString());
    if (!e.licence_number.empty()) volume_delta_["L\x1f" + e.licence_number + "\x1f" + quarter] += r.quantity;
    volume_delta_["R\x1f" + r.destination + "\x1f" + ToUpper(r.chip) + "\x1f" + quarter] += r.quantity;
    return e;
  }

 private:
  // The licence's volume cap (conditions.volume_ratio_cap_bp): after this shipment, the quarter's
  // net quantity under the licence may be at most cap × the quarter's net quantity of the same
  // items to the reference market (shipments under other bases or licences), as VolumeRatio()
  // reports it. Counts what this transaction has written but not yet flushed.
  Status CheckVolumeCap(const ShipmentRequest& r, const Licence& l) {
    const std::string quarter = QuarterOf(r.ship_date.ToString());
    const int year = std::stoi(quarter.substr(0, 4)), q = quarter.back() - '0';
    const std::string from = fmt::format("{:04}-{:02}-01", year, 3 * q - 2);
    const std::string to = q == 4 ? fmt::format("{:04}-01-01", year + 1) : fmt::format("{:04}-{:02}-01", year, 3 * q + 1);
    const std::string& ref = l.conditions.volume_reference;
    auto licensed = txn_.Query("SELECT COALESCE(SUM(quantity), 0) FROM entries WHERE licence_number = ? AND "
                               "entry_date >= ? AND entry_date < ?",
                               {l.number, from, to});
    if (!licensed) return licensed.error();
    std::string sql = "SELECT COALESCE(SUM(quantity), 0) FROM entries WHERE destination = ? AND entry_date >= ? AND "
                      "entry_date < ? AND (licence_number IS NULL OR licence_number <> ?) AND upper(chip) IN (";
    std::vector<SqlValue> params;
    params.reserve(4 + l.items.size());  // no reallocation (GCC 12 warns on moving variants)
    for (const std::string* v : {&ref, &from, &to, &l.number}) params.emplace_back(*v);
    std::int64_t reference = 0;
    for (std::size_t i = 0; i < l.items.size(); ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(ToUpper(l.items[i]));
      reference += volume_delta_["R\x1f" + ref + "\x1f" + ToUpper(l.items[i]) + "\x1f" + quarter];
    }
    sql += ")";
    auto referenced = txn_.Query(sql, params);
    if (!referenced) return referenced.error();
    reference += referenced->front().Int(0);
    const std::int64_t shipped = licensed->front().Int(0) + volume_delta_["L\x1f" + l.number + "\x1f" + quarter];
    const std::int64_t after = shipped + r.quantity;
    __extension__ typedef __int128 Int128;
    if (static_cast<Int128>(after) * 10000 > static_cast<Int128>(l.conditions.volume_ratio_cap_bp) * reference)
      return Error(ErrorCode::kRefused,
                   fmt::format("refused: licence `{}` caps its {} volume at {} of the {} volume of the same items "
                               "({} units): {} shipped under it, {} more would make {}",
                               l.number, quarter, FormatPercentBp(l.conditions.volume_ratio_cap_bp), ref, reference,
                               shipped, r.quantity, after));
    return Ok{};
  }

  // A NAC notification (refused when unknown), kept for the rest of the transaction.
  Result<NacNotification*> LoadNac(const std::string& confirmation) {
    auto it = nac_.find(confirmation);
    if (it == nac_.end()) {
      auto n = LoadNacNotification(txn_, confirmation);
      if (!n && n.error().code() == ErrorCode::kNotFound) return Error(ErrorCode::kRefused, "refused: " + n.error().message());
      if (!n) return n.error();
      it = nac_.emplace(confirmation, std::move(*n)).first;
    }
    return &it->second;
  }

  // The latest version of a licence (refused when unknown), and loads its running totals.
  Result<const Licence*> LoadLicence(const std::string& number) {
    auto it = licences_.find(number);
    if (it == licences_.end()) {
      auto licence = LoadLatestLicence(txn_, number);
      if (!licence && licence.error().code() != ErrorCode::kNotFound) return licence.error();
      if (licence) {
        auto totals = LoadLicenceTotals(txn_, number);
        if (!totals) return totals.error();
        totals_[number] = *totals;
      }
      it = licences_.emplace(number, licence ? std::optional(std::move(*licence)) : std::nullopt).first;
    }
    if (!it->second) return Error(ErrorCode::kRefused, fmt::format("refused: unknown licence `{}`", number));
    return &*it->second;
  }

  Status RecordDecision(const Decision& d, const std::string& body) {
    auto it = decisions_.find(d.id);
    if (it == decisions_.end()) {
      auto known = txn_.Query("SELECT sha256 FROM decisions WHERE decision_id = ?", {d.id});
      if (!known) return known.error();
      it = decisions_.emplace(d.id, known->empty() ? std::nullopt : std::optional(known->front().Str(0))).first;
    }
    if (it->second) {
      if (*it->second != d.sha256)
        return Error(ErrorCode::kConflict, fmt::format("decision `{}` is already recorded with different content", d.id));
      return Ok{};
    }
    auto seq = audit_.NextSeq();
    if (!seq) return seq.error();
    if (auto s = txn_.Exec("INSERT INTO decisions (decision_id, sha256, body, recorded_at, audit_seq) "
                           "VALUES (?, ?, ?, ?, ?)",
                           {d.id, d.sha256, body, now_, *seq});
        !s)
      return s;
    if (auto s = audit_.Append("decision", d.id, DecisionPayload(d.id, d.sha256, body, now_), now_); !s) return s;
    decisions_[d.id] = d.sha256;
    return Ok{};
  }

  Result<std::int64_t> NextId() {
    if (next_id_ == 0) {
      auto id = NextEntryId(txn_);
      if (!id) return id.error();
      next_id_ = *id;
    }
    return next_id_;
  }

  SqlTxn& txn_;
  AuditAppender audit_;
  std::string now_;
  std::int64_t next_id_ = 0;
  std::map<std::string, std::optional<Licence>> licences_;  // nullopt: no such licence
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> totals_;
  std::map<std::string, std::optional<std::string>> decisions_;  // id -> sha256; nullopt: not recorded
  std::map<std::string, EntryRow> known_;         // idempotency key -> recorded entry
  std::map<std::string, NacNotification> nac_;    // confirmation -> notification, with this txn's shipments
  std::map<std::string, std::int64_t> volume_delta_;  // quantities written in this txn, by licence/market and quarter
  std::vector<std::vector<SqlValue>> pending_;    // queued entry rows
};

}  // namespace

Result<Entry> LedgerImpl::Ship(const ShipmentRequest& request) {
  auto prepared = PrepareShipment(request, options_.decider);
  if (!prepared) {
    // A retry of a recorded shipment replays it, whatever the engine would answer today.
    if (auto replay = ReplayIfRecorded(request)) return std::move(*replay);
    return prepared.error();
  }
  // The server-side append covers the common shipment; NAC shipments (checked against their
  // notification) and those carrying a US import value take the general path.
  const ShipmentRequest& r = prepared->request;
  if (store_->Backend() == "postgresql" && r.licence_exception != "NAC" && r.us_import_value.minor == 0)
    return ShipOnServer(*prepared);
  return ShipInTransaction(*prepared);
}

Result<Entry> LedgerImpl::ShipInTransaction(const PreparedShipment& prepared) {
  Result<Entry> result = Error(ErrorCode::kInternal, "not written");
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    ShipmentWriter writer(txn, Now(), actor_.name);
    if (auto s = writer.Preload(prepared); !s) return s;
    result = writer.Write(prepared);
    if (!result) return result.error();  // roll back: a refused shipment writes nothing
    return writer.Flush();
  });
  if (!st) return st.error();
  return result;
}

Result<std::vector<Result<Entry>>> LedgerImpl::ShipBatch(const std::vector<ShipmentRequest>& requests) {
  std::vector<Result<PreparedShipment>> prepared;
  // A request that cannot be prepared: its replay when its key is already recorded, else the error.
  std::vector<std::optional<Result<Entry>>> answered(requests.size());
  prepared.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    prepared.push_back(PrepareShipment(requests[i], options_.decider));
    if (!prepared.back()) {
      answered[i] = ReplayIfRecorded(requests[i]);
      if (!answered[i]) answered[i] = Result<Entry>(prepared.back().error());
    }
  }
  std::vector<Result<Entry>> results;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    results.clear();
    ShipmentWriter writer(txn, Now(), actor_.name);
    std::vector<std::string> keys;
    for (const auto& p : prepared)
      if (p) keys.push_back(p->request.idempotency_key);
    if (auto s = writer.Prefetch(keys); !s) return s;
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      const auto& p = prepared[i];
      if (!p) {
        results.push_back(*answered[i]);
        continue;
      }
      results.push_back(writer.Write(*p));
      if (!results.back() && IsFatal(results.back().error())) return results.back().error();
    }
    return writer.Flush();
  });
  if (!st) return st.error();
  return results;
}

Result<Entry> LedgerImpl::Compensate(const CompensationRequest& request) {
  const CompensationRequest& r = request;
  if (r.idempotency_key.empty()) return Error(ErrorCode::kInvalidArgument, "a compensating entry needs an idempotency key (`--key`)");
  if (r.kind == EntryKind::kShipment) return Error(ErrorCode::kInvalidArgument, "a compensating entry is a cancellation or a return");
  if (r.shipment_id <= 0) return Error(ErrorCode::kInvalidArgument, "name the shipment to undo by its id");
  if (!r.date.valid()) return Error(ErrorCode::kInvalidArgument, "a compensating entry needs a date (`--date YYYY-MM-DD`)");
  if (r.kind == EntryKind::kReturn && r.quantity <= 0)
    return Error(ErrorCode::kInvalidArgument, fmt::format("invalid return quantity {}: must be positive", r.quantity));
  const std::string request_sha256 = Sha256Hex(json{{"key", r.idempotency_key},
                                                    {"kind", EntryKindName(r.kind)},
                                                    {"shipment", r.shipment_id},
                                                    {"quantity", r.kind == EntryKind::kReturn ? r.quantity : 0},
                                                    {"date", r.date.ToString()},
                                                    {"reason", r.reason}}
                                                   .dump());
  Entry result;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto replay = FindReplay(txn, r.idempotency_key, request_sha256, result);
    if (!replay) return replay.error();
    if (*replay) return Ok{};
    auto rows = txn.Query(fmt::format("SELECT {} FROM entries WHERE id = ?", kEntryColumns), {r.shipment_id});
    if (!rows) return rows.error();
    if (rows->empty() || EntryFromRow(rows->front()).entry.kind != EntryKind::kShipment)
      return Error(ErrorCode::kNotFound, fmt::format("unknown shipment {}", r.shipment_id));
    const Entry orig = EntryFromRow(rows->front()).entry;
    auto undone = txn.Query("SELECT COALESCE(SUM(quantity), 0) FROM entries WHERE refers_to = ?", {r.shipment_id});
    if (!undone) return undone.error();
    std::int64_t net = orig.quantity + undone->front().Int(0);
    if (net <= 0)
      return Error(ErrorCode::kRefused, fmt::format("refused: shipment {} is already fully cancelled or returned", orig.id));
    std::int64_t qty = r.kind == EntryKind::kCancellation ? net : r.quantity;
    if (qty > net)
      return Error(ErrorCode::kRefused, fmt::format("refused: return quantity {} exceeds the {} still shipped under shipment {}",
                                                    qty, net, orig.id));
    if (r.date < orig.date)
      return Error(ErrorCode::kRefused, fmt::format("refused: {} date {} is before the ship date {} of shipment {}",
                                                    EntryKindName(r.kind), r.date.ToString(), orig.date.ToString(), orig.id));
    EntryRow row;
    Entry& e = row.entry;
    e = orig;
    e.idempotency_key = r.idempotency_key;
    e.kind = r.kind;
    e.refers_to = orig.id;
    e.quantity = -qty;
    e.value_minor = -*ShipmentValue(qty, orig.unit_price.minor);
    // The returned units' share of the US import value (the duty's base), rounded toward zero.
    __extension__ typedef __int128 Int128;
    e.us_import_value_minor =
        orig.quantity == 0 ? 0
                           : -static_cast<std::int64_t>(static_cast<Int128>(orig.us_import_value_minor) * qty / orig.quantity);
    e.date = r.date;
    e.reason = r.reason;
    e.recorded_at = Now();
    row.request_sha256 = request_sha256;
    if (!orig.licence_number.empty()) {
      auto totals = LoadLicenceTotals(txn, orig.licence_number);
      if (!totals) return totals.error();
      row.licence_quantity_total = totals->first + e.quantity;
      row.licence_value_total = totals->second + e.value_minor;
    }
    AuditAppender audit(txn, actor_.name);
    if (auto s = InsertEntry(txn, audit, row, "compensation"); !s) return s;
    result = e;
    result.replayed = false;
    return Ok{};
  });
  if (!st) return st.error();
  return result;
}

}  // namespace exportctl::ledger
