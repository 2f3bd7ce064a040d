#include "api.h"

#include "app/decision_log.h"

#include <fmt/format.h>

#include "api_error.h"
#include "directory_sync.h"
#include "common/json_limits.h"
#include "server.h"

namespace exportctl::server {

Date Today() {
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::FromDays(int(today.time_since_epoch().count()));
}

Result<nlohmann::json> Call::JsonBody() const {
  if (request.body.empty()) return Error(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  auto parsed = detail::ParseJsonBounded(request.body, "the request body");
  if (!parsed.ok()) return parsed.error();
  nlohmann::json& j = *parsed;
  if (!j.is_object()) return Error(ErrorCode::kInvalidArgument, "the request body must be a JSON object");
  return j;
}

std::optional<std::string> Call::Query(const std::string& name) const {
  if (!request.HasParam(name)) return std::nullopt;
  return request.Param(name);
}

Result<Date> Call::AsOf(const nlohmann::json* body) const {
  if (body && body->contains("as_of") && !(*body)["as_of"].is_null()) {
    if (!(*body)["as_of"].is_string())
      return Error(ErrorCode::kInvalidArgument, "`as_of` must be a date string YYYY-MM-DD");
    return Date::Parse((*body)["as_of"].get<std::string>());
  }
  if (auto q = Query("as_of"); q && !q->empty()) return Date::Parse(*q);
  return Today();
}

void Call::DirectoryChanged() const {
  if (directory) (void)directory->Refresh();  // an error keeps the last directory; MaybeRefresh retries
}

Status Call::Log(DecisionLogEntry entry) const {
  if (!decision_log) return Ok{};
  entry.actor = actor.name;
  entry.channel = "http";
  return decision_log->Add(std::move(entry));
}

HttpResponse Api::ErrorResponse(const Error& error, std::string_view field) {
  HttpResponse response{.status = HttpStatusFor(error.code()), .body = ErrorToJson(error, field).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
  if (error.code() == ErrorCode::kUnauthorized) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (error.code() == ErrorCode::kBusy) response.headers.emplace_back("Retry-After", "1");
  return response;
}

void Api::Add(const std::string& method, const std::string& pattern, Access access, Handler handler,
              const std::string& route_label) {
  std::string route = route_label.empty() ? method + " " + pattern : route_label;
  metrics_.Add(route);
  // The Api object is short-lived (it exists while routes are registered): capture what it points to.
  auto wrapped = [snapshots = &snapshots_, metrics = &metrics_, options = &options_, decision_log = decision_log_,
                  directory = directory_, access, route,
                  handler = std::move(handler)](const HttpRequest& req) {
    auto start = std::chrono::steady_clock::now();
    if (directory) directory->MaybeRefresh();  // tokens and clearances changed by another server
    std::shared_ptr<const Snapshot> snapshot = snapshots->Current();  // kept to the end: reloads don't affect us
    Status allowed = Ok{};
    const std::string auth = req.Header("Authorization");
    switch (access) {
      case Access::kPublic: break;
      case Access::kRead:
        if (options->require_token_for_reads) allowed = snapshot->tokens.Authorize(auth, Role::kViewer);
        break;
      case Access::kViewer: allowed = snapshot->tokens.Authorize(auth, Role::kViewer); break;
      case Access::kOfficer: allowed = snapshot->tokens.Authorize(auth, Role::kOfficer); break;
      case Access::kAdmin: allowed = snapshot->tokens.Authorize(auth, Role::kAdmin); break;
    }
    HttpResponse res;
    if (!allowed.ok()) {
      res = ErrorResponse(allowed.error(), "token");
    } else {
      Result<Reply> reply = [&]() -> Result<Reply> {
        try {
          Actor actor = snapshot->tokens.Identify(auth).value_or(Actor{"anonymous@" + req.remote_addr});
          return handler(Call{req, *snapshot, *options, std::move(actor), decision_log, directory});
        } catch (const std::exception& e) {
          return Error(ErrorCode::kInternal, fmt::format("internal error: {}", e.what()));
        }
      }();
      if (reply.ok()) {
        res.status = reply->status;
        res.body = std::move(reply->body);
        res.content_type = std::move(reply->content_type);
      } else {
        res = ErrorResponse(reply.error());
      }
    }
    metrics->Observe(route, res.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return res;
  };
  http_.Route(method, pattern, std::move(wrapped), waits_);
}

}  // namespace exportctl::server
