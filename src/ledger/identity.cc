// Identity in the ledger (docs/ledger.md "Identity and four eyes"): the actor every audit entry
// names, named users' API tokens (only their SHA-256 is stored), and the ledger's settings — all
// append-only and audited, so every server sharing one database sees the same people.
#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ledger/audit_chain.h"
#include "ledger/ledger_impl.h"

namespace exportctl {

std::string_view UserRoleName(UserRole role) {
  switch (role) {
    case UserRole::kViewer: return "viewer";
    case UserRole::kOfficer: return "officer";
    case UserRole::kAdmin: return "admin";
  }
  return "viewer";
}

Result<UserRole> ParseUserRole(std::string_view name) {
  if (name == "viewer") return UserRole::kViewer;
  if (name == "officer") return UserRole::kOfficer;
  if (name == "admin") return UserRole::kAdmin;
  return Error(ErrorCode::kInvalidArgument, fmt::format("role `{}`: expected viewer, officer or admin", name));
}

namespace ledger {
namespace {

using nlohmann::json;

constexpr std::string_view kApprovalsSetting = "approvals_required";

Error Forbidden(std::string message) { return Error(ErrorCode::kForbidden, std::move(message)); }

// Admin work (tokens, switching four eyes off): an authenticated admin, or the local operator who
// owns the database file anyway.
Status RequireAdmin(const Actor& actor, std::string_view what) {
  if (actor.local || (actor.authenticated && actor.role == UserRole::kAdmin)) return Ok{};
  return Forbidden(fmt::format("{} needs an admin token (or the local operator); `{}` is not one", what, actor.name));
}

// A user name: 1 to 64 of letters, digits and . _ - @ (no colon: "os:…" names local actors).
bool IsUserName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && name != "anonymous" && name != "unknown" &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                  c == '-' || c == '@';
         });
}

Result<std::string> RandomSecret() {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  unsigned char bytes[20];
  if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes))
    return Error(ErrorCode::kIoError, "cannot read /dev/urandom");
  std::string secret = "ect_";
  for (unsigned char b : bytes) secret += fmt::format("{:02x}", b);
  return secret;
}

constexpr std::string_view kTokenColumns = "t.sha256, t.user_name, t.role, t.label, t.recorded_at, t.audit_seq";

std::string TokenPayload(const SqlRow& r) {
  return json{{"sha256", r.Str(0)}, {"user", r.Str(1)}, {"role", r.Str(2)}, {"label", r.Str(3)}, {"recorded_at", r.Str(4)}}
      .dump();
}
std::string RevocationPayload(const SqlRow& r) { return json{{"sha256", r.Str(0)}, {"recorded_at", r.Str(1)}}.dump(); }
std::string SettingPayload(const SqlRow& r) {
  return json{{"name", r.Str(1)}, {"value", r.Str(2)}, {"recorded_at", r.Str(3)}}.dump();
}

Result<ApiToken> TokenFromRow(const SqlRow& r) {
  ApiToken t;
  t.sha256 = r.Str(0);
  t.user = r.Str(1);
  auto role = ParseUserRole(r.Str(2));
  if (!role) return Error(ErrorCode::kInvalidData, fmt::format("token of `{}`: {}", t.user, role.error().message()));
  t.role = *role;
  t.label = r.Str(3);
  t.recorded_at = r.Str(4);
  return t;
}

}  // namespace

Result<std::int64_t> NextId(SqlTxn& txn, std::string_view table, std::string_view column) {
  auto rows = txn.Query(fmt::format("SELECT COALESCE(MAX({}), 0) + 1 FROM {}", column, table));
  if (!rows) return rows.error();
  return rows->front().Int(0);
}

Result<LedgerSettings> LoadSettings(SqlTxn& txn) {
  auto rows = txn.Query(
      "SELECT s.value, s.recorded_at, a.actor FROM ledger_settings s LEFT JOIN audit_log a ON a.seq = s.audit_seq "
      "WHERE s.name = ? ORDER BY s.audit_seq DESC LIMIT 1",
      {std::string(kApprovalsSetting)});
  if (!rows) return rows.error();
  LedgerSettings settings;
  if (!rows->empty()) {
    settings.approvals_required = rows->front().Str(0) != "off";
    settings.changed_at = rows->front().Str(1);
    settings.changed_by = rows->front().Str(2);
  }
  return settings;
}

Result<LedgerSettings> LedgerImpl::Settings() {
  LedgerSettings out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto s = LoadSettings(txn);
    if (!s) return s.error();
    out = std::move(*s);
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<LedgerSettings> LedgerImpl::SetApprovalsRequired(bool required) {
  if (!required)
    if (auto s = RequireAdmin(actor_, "switching approvals off"); !s) return s.error();
  if (required && !actor_.local && !actor_.authenticated)
    return Error(ErrorCode::kUnauthorized, "switching approvals on needs a token");
  const std::string now = Now();
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    SqlRow row;
    row.columns = {std::to_string(*seq), std::string(kApprovalsSetting), required ? "on" : "off", now};
    if (auto s = txn.Exec("INSERT INTO ledger_settings (audit_seq, name, value, recorded_at) VALUES (?, ?, ?, ?)",
                          {*seq, row.Str(1), row.Str(2), now});
        !s)
      return s;
    return audit.Append("setting", row.Str(1), SettingPayload(row), now);
  });
  if (!st) return st.error();
  return Settings();
}

Result<std::string> LedgerImpl::CreateToken(const std::string& user, UserRole role, const std::string& label) {
  if (auto s = RequireAdmin(actor_, "creating a token"); !s) return s.error();
  if (!IsUserName(user))
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("user `{}`: a user name is 1 to 64 letters, digits, `.`, `_`, `-` or `@`", user))
        .WithField("user");
  if (label.size() > 200 || label.find_first_of("\r\n") != std::string::npos)
    return Error(ErrorCode::kInvalidArgument, "a token's label is one line of at most 200 bytes").WithField("label");
  auto secret = RandomSecret();
  if (!secret) return secret.error();
  const std::string hash = Sha256Hex(*secret), now = Now();
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    SqlRow row;
    row.columns = {hash, user, std::string(UserRoleName(role)), label, now};
    if (auto s = txn.Exec("INSERT INTO api_tokens (sha256, user_name, role, label, recorded_at, audit_seq) "
                          "VALUES (?, ?, ?, ?, ?, ?)",
                          {hash, user, row.Str(2), label, now, *seq});
        !s)
      return s;
    return audit.Append("token", hash, TokenPayload(row), now);
  });
  if (!st) return st.error();
  return *secret;
}

Result<std::vector<ApiToken>> LedgerImpl::Tokens() {
  std::vector<ApiToken> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    out.clear();
    auto rows = txn.Query(fmt::format("SELECT {}, a.actor, r.sha256 FROM api_tokens t "
                                      "LEFT JOIN audit_log a ON a.seq = t.audit_seq "
                                      "LEFT JOIN token_revocations r ON r.sha256 = t.sha256 ORDER BY t.audit_seq",
                                      kTokenColumns));
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) {
      auto t = TokenFromRow(r);
      if (!t) return t.error();
      t->created_by = r.Str(6);
      t->revoked = !r.IsNull(7);
      out.push_back(std::move(*t));
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<ApiToken> LedgerImpl::RevokeToken(const std::string& prefix) {
  if (auto s = RequireAdmin(actor_, "revoking a token"); !s) return s.error();
  if (prefix.size() < 8 || prefix.size() > 64 ||
      !std::all_of(prefix.begin(), prefix.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
    return Error(ErrorCode::kInvalidArgument, "name the token by at least 8 lower-case hex digits of its SHA-256 (`token list`)");
  auto tokens = Tokens();
  if (!tokens) return tokens.error();
  std::vector<ApiToken> matches;
  for (const ApiToken& t : *tokens)
    if (t.sha256.starts_with(prefix)) matches.push_back(t);
  if (matches.empty()) return Error(ErrorCode::kNotFound, fmt::format("no token `{}`", prefix));
  if (matches.size() > 1) return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` names {} tokens: give more digits", prefix, matches.size()));
  ApiToken token = matches.front();
  if (token.revoked) return Error(ErrorCode::kConflict, fmt::format("token {} of `{}` is already revoked", prefix, token.user));
  const std::string now = Now();
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    SqlRow row;
    row.columns = {token.sha256, now};
    if (auto s = txn.Exec("INSERT INTO token_revocations (sha256, recorded_at, audit_seq) VALUES (?, ?, ?)",
                          {token.sha256, now, *seq});
        !s)
      return s;
    return audit.Append("token_revocation", token.sha256, RevocationPayload(row), now);
  });
  if (!st) return st.error();
  token.revoked = true;
  return token;
}

Result<Actor> LedgerImpl::Authenticate(const std::string& secret) {
  if (secret.size() > 256) return Error(ErrorCode::kUnauthorized, "unknown or revoked API token");
  const std::string hash = Sha256Hex(secret);
  Actor actor;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    auto rows = txn.Query(fmt::format("SELECT {} FROM api_tokens t WHERE t.sha256 = ? "
                                      "AND NOT EXISTS (SELECT 1 FROM token_revocations r WHERE r.sha256 = t.sha256)",
                                      kTokenColumns),
                          {hash});
    if (!rows) return rows.error();
    if (rows->empty()) return Error(ErrorCode::kUnauthorized, "unknown or revoked API token");
    auto t = TokenFromRow(rows->front());
    if (!t) return t.error();
    actor = Actor{t->user, true, t->role};
    return Ok{};
  });
  if (!st) return st.error();
  return actor;
}

Result<std::int64_t> LedgerImpl::DirectoryVersion() {
  std::int64_t version = 0;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    // The tables are append-only, so the sum of their sizes grows with every change.
    auto rows = txn.Query(
        "SELECT (SELECT COUNT(*) FROM api_tokens) + (SELECT COUNT(*) FROM token_revocations) + "
        "(SELECT COUNT(*) FROM ledger_settings) + (SELECT COUNT(*) FROM clearances) + "
        "(SELECT COUNT(*) FROM clearance_revocations)");
    if (!rows) return rows.error();
    version = rows->front().Int(0);
    return Ok{};
  });
  if (!st) return st.error();
  return version;
}

Result<std::vector<AuditedRow>> IdentityRows(SqlTxn& txn) {
  std::vector<AuditedRow> out;
  auto tokens = txn.Query(fmt::format("SELECT {} FROM api_tokens t ORDER BY t.audit_seq", kTokenColumns));
  if (!tokens) return tokens.error();
  for (const SqlRow& r : *tokens)
    out.push_back({r.Int(5), "token", r.Str(0), TokenPayload(r), fmt::format("token of `{}`", r.Str(1))});
  auto revocations = txn.Query("SELECT sha256, recorded_at, audit_seq FROM token_revocations ORDER BY audit_seq");
  if (!revocations) return revocations.error();
  for (const SqlRow& r : *revocations)
    out.push_back({r.Int(2), "token_revocation", r.Str(0), RevocationPayload(r),
                   fmt::format("revocation of token {}", r.Str(0).substr(0, 12))});
  auto settings = txn.Query("SELECT audit_seq, name, value, recorded_at FROM ledger_settings ORDER BY audit_seq");
  if (!settings) return settings.error();
  for (const SqlRow& r : *settings)
    out.push_back({r.Int(0), "setting", r.Str(1), SettingPayload(r), fmt::format("setting `{}`", r.Str(1))});
  return out;
}

}  // namespace ledger
}  // namespace exportctl
