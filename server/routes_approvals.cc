// Four eyes over HTTP (docs/ledger.md "Identity and four eyes"): change requests (licences,
// amendments, clearances) and their approval by a second user, the clearances in force, and the
// approvals setting. The approver is the token's user; the ledger refuses the requester's own.
//
//   GET  /v1/changes[?state=pending|all]          viewer   change requests (pending by default)
//   GET  /v1/changes/{id}                         viewer   one, with its body
//   POST /v1/changes/{id}/approve                 officer  {note?} -> the change, applied
//   POST /v1/changes/{id}/reject                  officer  {note?} -> the change, rejected
//   GET  /v1/clearances[?all=true&as_of=D]        viewer   clearances in force (they name parties)
//   POST /v1/clearances                           officer  {party, list, entry_id, reason, expires?} -> 202/201
//   POST /v1/clearances/{id}/revoke               officer  {reason} -> the clearance, revoked
//   GET  /v1/settings                             viewer   {approvals_required, changed_by, changed_at}
//   PUT  /v1/settings                             admin    {approvals_required}
#include <fmt/format.h>

#include "app/ledger_json.h"
#include "exportctl/screen.h"
#include "ledger_pool.h"
#include "routes.h"

namespace exportctl::server {
namespace {

Result<std::int64_t> IdIn(const Call& call) {
  const std::string text = call.request.matches[1];
  std::int64_t id = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || id > 1'000'000'000'000) return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is not a number", text));
    id = id * 10 + (c - '0');
  }
  return id;
}

// The optional `note` (or required `reason`) of a body; unknown fields are errors.
Result<std::string> TextField(const Call& call, const char* name, bool required) {
  if (call.request.body.empty() && !required) return std::string();
  auto body = call.JsonBody();
  if (!body) return body.error();
  for (const auto& [key, value] : body->items())
    if (key != name) return Error(ErrorCode::kInvalidArgument, fmt::format("unknown field `{}`", key)).WithField(key);
  if (!body->contains(name)) {
    if (required) return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is required", name)).WithField(name);
    return std::string();
  }
  if (!(*body)[name].is_string()) return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` must be a string", name)).WithField(name);
  return (*body)[name].get<std::string>();
}

}  // namespace

Reply ChangeReply(const ChangeRequest& change) {
  return Reply::Json(app::ChangeRequestToJson(change), change.state == ChangeState::kApplied ? 201 : 202);
}

void RegisterApprovalRoutes(Api& api, LedgerPool& pool) {
  LedgerPool* p = &pool;
  api.Add("GET", "/v1/changes", Access::kViewer, [p](const Call& call) -> Result<Reply> {
    const std::string state = call.Query("state").value_or("pending");
    if (state != "pending" && state != "all")
      return Error(ErrorCode::kInvalidArgument, "`state` is pending or all").WithField("state");
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto changes = l.Changes(state == "pending");
      if (!changes) return changes.error();
      nlohmann::json out = nlohmann::json::array();
      for (const ChangeRequest& c : *changes) out.push_back(app::ChangeRequestToJson(c));
      return Reply::Json({{"changes", std::move(out)}});
    });
  });
  api.Add("GET", R"(/v1/changes/([0-9]{1,18}))", Access::kViewer, [p](const Call& call) -> Result<Reply> {
    auto id = IdIn(call);
    if (!id) return id.error();
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto change = l.Change(*id);
      if (!change) return change.error();
      return Reply::Json(app::ChangeRequestToJson(*change));
    });
  }, "GET /v1/changes/{id}");
  for (const char* verb : {"approve", "reject"}) {
    const bool approve = std::string_view(verb) == "approve";
    api.Add("POST", fmt::format(R"(/v1/changes/([0-9]{{1,18}})/{})", verb), Access::kOfficer,
            [p, approve](const Call& call) -> Result<Reply> {
              auto id = IdIn(call);
              if (!id) return id.error();
              auto note = TextField(call, "note", false);
              if (!note) return note.error();
              auto change = WithLedger(*p, call.actor, [&](Ledger& l) {
                return approve ? l.Approve(*id, *note) : l.Reject(*id, *note);
              });
              if (!change) return change.error();
              if (change->clearance) call.DirectoryChanged();
              return Reply::Json(app::ChangeRequestToJson(*change));
            },
            fmt::format("POST /v1/changes/{{id}}/{}", verb));
  }

  api.Add("GET", "/v1/clearances", Access::kViewer, [p](const Call& call) -> Result<Reply> {
    auto as_of = call.AsOf();
    if (!as_of) return as_of.error();
    const bool all = call.Query("all").value_or("") == "true";
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto clearances = l.Clearances(*as_of, all);
      if (!clearances) return clearances.error();
      nlohmann::json out = nlohmann::json::array();
      for (const Clearance& c : *clearances) out.push_back(app::ClearanceJson(c));
      return Reply::Json({{"clearances", std::move(out)}});
    });
  });
  api.Add("POST", "/v1/clearances", Access::kOfficer, [p](const Call& call) -> Result<Reply> {
    if (auto body = call.JsonBody(); !body) return body.error();
    auto clearance = ClearanceFromJson(call.request.body);
    if (!clearance) return clearance.error();
    // A clearance names a loaded list by its id ("entity-list-curated", not the kind
    // "entity_list"): one naming no loaded list would never match a hit, so it is refused.
    if (call.snapshot.screener) {
      screen::ScreenOptions named;
      named.lists = {clearance->list};
      if (auto known = call.snapshot.screener->CheckOptions(named); !known.ok()) {
        return Error(ErrorCode::kInvalidArgument, known.error().message()).WithField("list");
      }
    }
    auto changes = WithLedger(*p, call.actor, [&](Ledger& l) { return l.ProposeClearances({*clearance}); });
    if (!changes) return changes.error();
    if (changes->front().clearance) call.DirectoryChanged();  // approvals off: in force now
    return ChangeReply(changes->front());
  });
  api.Add("POST", R"(/v1/clearances/([0-9]{1,18})/revoke)", Access::kOfficer, [p](const Call& call) -> Result<Reply> {
    auto id = IdIn(call);
    if (!id) return id.error();
    auto reason = TextField(call, "reason", true);
    if (!reason) return reason.error();
    auto revoked = WithLedger(*p, call.actor, [&](Ledger& l) { return l.RevokeClearance(*id, *reason); });
    if (!revoked) return revoked.error();
    call.DirectoryChanged();
    return Reply::Json(app::ClearanceJson(*revoked));
  }, "POST /v1/clearances/{id}/revoke");

  api.Add("GET", "/v1/settings", Access::kViewer, [p](const Call& call) -> Result<Reply> {
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto settings = l.Settings();
      if (!settings) return settings.error();
      return Reply::Json(app::LedgerSettingsToJson(*settings));
    });
  });
  api.Add("PUT", "/v1/settings", Access::kAdmin, [p](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body) return body.error();
    for (const auto& [key, value] : body->items())
      if (key != "approvals_required") return Error(ErrorCode::kInvalidArgument, fmt::format("unknown field `{}`", key)).WithField(key);
    if (!body->contains("approvals_required") || !(*body)["approvals_required"].is_boolean())
      return Error(ErrorCode::kInvalidArgument, "`approvals_required` (true or false) is required").WithField("approvals_required");
    auto settings = WithLedger(*p, call.actor, [&](Ledger& l) {
      return l.SetApprovalsRequired((*body)["approvals_required"].get<bool>());
    });
    if (!settings) return settings.error();
    call.DirectoryChanged();  // decisions say when approvals are off
    return Reply::Json(app::LedgerSettingsToJson(*settings));
  });
}

}  // namespace exportctl::server
