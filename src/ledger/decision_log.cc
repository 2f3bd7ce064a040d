// The decision log: every check and screening answered, appended in batches (the front ends group
// them: docs/ledger.md), hash-chained on its own so an edit, a deletion or an insertion is found by
// `audit verify`. Entries are never updated; reading them is the same snapshot as any report.
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_writer.h"
#include "ledger/audit_chain.h"
#include "ledger/ledger_impl.h"
#include "ledger/records.h"

namespace exportctl::ledger {
namespace {

constexpr std::string_view kColumns =
    "seq, recorded_at, actor, channel, kind, decision_id, outcome, as_of, chip, destination, party, ruleset, lists, "
    "body, prev_hash, hash";
constexpr std::size_t kColumnCount = 16;
// The chain hashes entries as audit entries of this kind (audit_chain.h), so the log is checked
// by the same code as the audit log, but never mixed with it.
constexpr std::string_view kChainKind = "decision_log";

constexpr int kRetentionYears = 5;  // 15 CFR 762.6: five years from the last export event

std::string PurgePayload(const SqlRow& r) {
  return nlohmann::json{{"through_seq", r.Int(0)}, {"last_hash", r.Str(1)}, {"entries", r.Int(2)},
                        {"cutoff", r.Str(3)},      {"recorded_at", r.Str(4)}}
      .dump();
}

// Where the chain starts after the latest purge: the next seq and the hash it follows.
Result<std::pair<std::int64_t, std::string>> ChainStart(SqlTxn& txn) {
  auto rows = txn.Query("SELECT through_seq, last_hash FROM decision_log_purges ORDER BY through_seq DESC LIMIT 1");
  if (!rows) return rows.error();
  if (rows->empty()) return std::pair<std::int64_t, std::string>{1, std::string(kGenesisHash)};
  return std::pair<std::int64_t, std::string>{rows->front().Int(0) + 1, rows->front().Str(1)};
}


// Everything an entry says but its place in the chain, canonical: a compact JSON object with its
// keys sorted (the bytes nlohmann::json printed when the chain was defined; written directly, as
// this runs for every decision logged).
std::string Payload(const DecisionLogEntry& e) {
  std::string out;
  out.reserve(e.body.size() + e.lists.size() + 512);
  detail::JsonWriter w(&out);
  w.BeginObject();
  for (auto [key, value] : {std::pair<const char*, const std::string*>{"actor", &e.actor}, {"as_of", &e.as_of}, {"body", &e.body},
                            {"channel", &e.channel}, {"chip", &e.chip}, {"decision_id", &e.decision_id},
                            {"destination", &e.destination}, {"kind", &e.kind}, {"lists", &e.lists}, {"outcome", &e.outcome},
                            {"party", &e.party}, {"ruleset", &e.ruleset}})
    w.Key(key).String(*value);
  w.EndObject();
  return out;
}

std::string ChainHash(const DecisionLogEntry& e) {
  return AuditEntryHash(AuditEntry{e.seq, e.recorded_at, std::string(kChainKind), e.decision_id, Payload(e), e.prev_hash, ""});
}

DecisionLogEntry FromRow(const SqlRow& r) {
  DecisionLogEntry e;
  e.seq = r.Int(0);
  e.recorded_at = r.Str(1);
  e.actor = r.Str(2);
  e.channel = r.Str(3);
  e.kind = r.Str(4);
  e.decision_id = r.Str(5);
  e.outcome = r.Str(6);
  e.as_of = r.Str(7);
  e.chip = r.Str(8);
  e.destination = r.Str(9);
  e.party = r.Str(10);
  e.ruleset = r.Str(11);
  e.lists = r.Str(12);
  e.body = r.Str(13);
  e.prev_hash = r.Str(14);
  e.hash = r.Str(15);
  return e;
}

Status Validate(const DecisionLogEntry& e) {
  auto bad = [&](std::string_view what) {
    return Error(ErrorCode::kInvalidArgument, fmt::format("decision log entry `{}`: {}", e.decision_id, what));
  };
  if (e.decision_id.empty()) return bad("no decision id");
  if (e.kind != "check" && e.kind != "screen") return bad("kind is `check` or `screen`");
  if (e.actor.empty()) return bad("no actor");
  if (e.channel.empty()) return bad("no channel");
  return Ok{};
}

}  // namespace

Status LedgerImpl::AppendDecisionLog(std::vector<DecisionLogEntry>& entries) {
  if (entries.empty()) return Ok{};
  for (const DecisionLogEntry& e : entries)
    if (auto s = Validate(e); !s) return s;
  const std::string now = Now();
  return store_->Write([&](SqlTxn& txn) -> Status {
    auto head = txn.Query("SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1");
    if (!head) return head.error();
    auto start = ChainStart(txn);  // an empty log may have been purged: go on from there
    if (!start) return start.error();
    std::int64_t seq = head->empty() ? start->first - 1 : head->front().Int(0);
    std::string prev = head->empty() ? start->second : head->front().Str(1);
    std::vector<std::vector<SqlValue>> rows;
    rows.reserve(entries.size());
    for (DecisionLogEntry& e : entries) {
      e.seq = ++seq;
      e.recorded_at = now;
      e.prev_hash = prev;
      e.hash = ChainHash(e);
      prev = e.hash;
      rows.push_back({e.seq, e.recorded_at, e.actor, e.channel, e.kind, e.decision_id, e.outcome, e.as_of, e.chip,
                      e.destination, e.party, e.ruleset, e.lists, e.body, e.prev_hash, e.hash});
    }
    return InsertMany(txn, fmt::format("decision_log ({})", kColumns), kColumnCount, rows);
  });
}

Result<std::vector<DecisionLogEntry>> LedgerImpl::DecisionLog(const DecisionLogFilter& f) {
  std::string sql = fmt::format("SELECT {} FROM decision_log WHERE seq > ?", kColumns);
  std::vector<SqlValue> params;
  params.reserve(8);  // no reallocation (and GCC 12 sees no "maybe uninitialized" variant move)
  params.emplace_back(f.after_seq);
  if (!f.party.empty()) {
    sql += " AND lower(party) LIKE ? ESCAPE '\\'";
    params.push_back(ContainsPattern(f.party));
  }
  for (auto [column, value] : {std::pair<const char*, const std::string*>{"chip", &f.chip},
                               {"outcome", &f.outcome}, {"kind", &f.kind}})
    if (!value->empty()) {
      sql += fmt::format(" AND {} = ?", column);
      params.push_back(*value);
    }
  // recorded_at is RFC 3339 UTC, so a day's entries sort between "YYYY-MM-DD" and "YYYY-MM-DDU".
  if (f.from != Date::Min()) {
    sql += " AND recorded_at >= ?";
    params.push_back(f.from.ToString());
  }
  if (f.to != Date::Max()) {
    sql += " AND recorded_at < ?";
    params.push_back(f.to.ToString() + "U");
  }
  sql += " ORDER BY seq LIMIT ?";
  params.push_back(std::max<std::int64_t>(0, std::min<std::int64_t>(f.limit, 100000)));
  auto rows = store_->ReadStatement(sql, params);
  if (!rows) return rows.error();
  std::vector<DecisionLogEntry> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<DecisionLogEntry> LedgerImpl::DecisionLogEntryAt(std::int64_t seq) {
  auto rows = store_->ReadStatement(fmt::format("SELECT {} FROM decision_log WHERE seq = ?", kColumns), {seq});
  if (!rows) return rows.error();
  if (rows->empty()) return Error(ErrorCode::kNotFound, fmt::format("no decision log entry {}", seq));
  return FromRow(rows->front());
}

Result<DecisionLogPurge> LedgerImpl::PurgeDecisionLog() {
  if (!actor_.local && !(actor_.authenticated && actor_.role == UserRole::kAdmin))
    return Error(ErrorCode::kForbidden, fmt::format("purging the decision log needs an admin token; `{}` is not one", actor_.name));
  const std::string now = Now();
  auto today = Date::Parse(now.substr(0, 10));
  if (!today) return Error(ErrorCode::kInternal, fmt::format("the ledger's clock gave `{}`", now));
  // The same day five years earlier (29 February: 1 March).
  std::string month_day = now.substr(5, 5) == "02-29" ? "03-01" : now.substr(5, 5);
  DecisionLogPurge out;
  out.cutoff = fmt::format("{:04}-{}", today->year() - kRetentionYears, month_day);
  out.recorded_at = now;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto start = ChainStart(txn);
    if (!start) return start.error();
    // Decisions tied to an export event within the retention period are kept.
    auto tied = txn.Query("SELECT DISTINCT decision_id FROM entries WHERE entry_date >= ? AND decision_id IS NOT NULL",
                          {out.cutoff});
    if (!tied) return tied.error();
    std::set<std::string> keep;
    for (const SqlRow& r : *tied) keep.insert(r.Str(0));
    auto old = txn.Query("SELECT seq, decision_id, hash FROM decision_log WHERE recorded_at < ? ORDER BY seq", {out.cutoff});
    if (!old) return old.error();
    std::int64_t expected = start->first;
    std::string last_hash;
    for (const SqlRow& r : *old) {
      if (r.Int(0) != expected || keep.contains(r.Str(1))) break;
      last_hash = r.Str(2);
      ++expected;
    }
    out.entries = expected - start->first;
    if (out.entries == 0) return Ok{};
    out.through_seq = expected - 1;
    if (auto s = txn.Exec("DELETE FROM decision_log WHERE seq <= ?", {out.through_seq}); !s) return s;
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    SqlRow row;
    row.columns = {std::to_string(out.through_seq), last_hash, std::to_string(out.entries), out.cutoff, now};
    if (auto s = txn.Exec("INSERT INTO decision_log_purges (through_seq, last_hash, entries, cutoff, recorded_at, audit_seq) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          {out.through_seq, last_hash, out.entries, out.cutoff, now, *seq});
        !s)
      return s;
    return audit.Append("decision_log_purge", std::to_string(out.through_seq), PurgePayload(row), now);
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<AuditedRow>> PurgeRows(SqlTxn& txn) {
  std::vector<AuditedRow> out;
  auto rows = txn.Query(
      "SELECT through_seq, last_hash, entries, cutoff, recorded_at, audit_seq FROM decision_log_purges ORDER BY through_seq");
  if (!rows) return rows.error();
  for (const SqlRow& r : *rows)
    out.push_back({r.Int(5), "decision_log_purge", r.Str(0), PurgePayload(r),
                   fmt::format("decision-log purge through entry {}", r.Str(0))});
  return out;
}

Status VerifyDecisionLog(SqlTxn& txn, std::vector<std::string>& problems, std::int64_t& entries) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM decision_log ORDER BY seq", kColumns));
  if (!rows) return rows.error();
  auto start = ChainStart(txn);  // after a purge, the chain goes on from its last hash
  if (!start) return start.error();
  std::int64_t expected = start->first;
  std::string prev = start->second;
  for (const SqlRow& r : *rows) {
    DecisionLogEntry e = FromRow(r);
    const std::string name = fmt::format("decision log entry {} ({} `{}`)", e.seq, e.kind, e.decision_id);
    if (e.seq > expected)
      problems.push_back(e.seq == expected + 1
                             ? fmt::format("decision log entry {} is missing (deleted)", expected)
                             : fmt::format("decision log entries {} to {} are missing (deleted)", expected, e.seq - 1));
    if (e.prev_hash != prev)
      problems.push_back(fmt::format("{}: does not follow the entry before it (deleted, inserted or reordered)", name));
    if (ChainHash(e) != e.hash) problems.push_back(fmt::format("{}: content does not match its hash (edited)", name));
    prev = e.hash;
    expected = e.seq + 1;
  }
  entries = std::int64_t(rows->size());
  return Ok{};
}

}  // namespace exportctl::ledger
