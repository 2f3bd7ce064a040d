// The decision log: every check and screening answered, appended in batches (the front ends group
// them: docs/ledger.md), hash-chained on its own so an edit, a deletion or an insertion is found by
// `audit verify`. Entries are never updated; reading them is the same snapshot as any report.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

// Everything an entry says but its place in the chain, canonical (sorted keys, compact).
std::string Payload(const DecisionLogEntry& e) {
  return nlohmann::json{{"actor", e.actor},   {"channel", e.channel}, {"kind", e.kind},
                        {"decision_id", e.decision_id}, {"outcome", e.outcome}, {"as_of", e.as_of},
                        {"chip", e.chip},     {"destination", e.destination}, {"party", e.party},
                        {"ruleset", e.ruleset}, {"lists", e.lists}, {"body", e.body}}
      .dump();
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
    std::int64_t seq = head->empty() ? 0 : head->front().Int(0);
    std::string prev = head->empty() ? std::string(kGenesisHash) : head->front().Str(1);
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
    std::string pattern = "%";
    for (char c : f.party) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    params.push_back(pattern + "%");
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

Status VerifyDecisionLog(SqlTxn& txn, std::vector<std::string>& problems, std::int64_t& entries) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM decision_log ORDER BY seq", kColumns));
  if (!rows) return rows.error();
  std::int64_t expected = 1;
  std::string prev(kGenesisHash);
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
