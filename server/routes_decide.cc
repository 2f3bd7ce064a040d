// POST /v1/classify, /v1/check and /v1/check/batch: decisions, through the one request and JSON
// mapping shared with the CLI (app/request_mapping.h, app/json_mapping.h).
#include <fmt/format.h>

#include "api_error.h"
#include "app/decision_log.h"
#include "app/json_mapping.h"
#include "app/request_mapping.h"
#include "routes.h"
#include "server.h"

namespace exportctl::server {

namespace {

Result<bool> ExplainFlag(const nlohmann::json& body) {
  if (!body.contains("explain") || body["explain"].is_null()) return false;
  if (!body["explain"].is_boolean()) return Error(ErrorCode::kInvalidArgument, "`explain` must be true or false");
  return body["explain"].get<bool>();
}

Result<nlohmann::json> Classify(const Engine& engine, const nlohmann::json& body, Date today) {
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "chip" && it.key() != "spec" && it.key() != "as_of" && it.key() != "explain")
      return Error(ErrorCode::kInvalidArgument, fmt::format("unknown field `{}`", it.key()));
  auto explain = ExplainFlag(body);
  if (!explain.ok()) return explain.error();
  Date as_of = today;
  if (body.contains("as_of") && !body["as_of"].is_null()) {
    if (!body["as_of"].is_string()) return Error(ErrorCode::kInvalidArgument, "`as_of` must be a date string YYYY-MM-DD");
    auto d = Date::Parse(body["as_of"].get<std::string>());
    if (!d.ok()) return d.error();
    as_of = *d;
  }
  Chip spec;
  auto chip = app::ChipOrSpecFromJson(engine, body, &spec);
  if (!chip.ok()) return chip.error();
  return app::ClassificationToJson(exportctl::Classify(engine.rules(), **chip, as_of, *explain), engine.rules(), *explain);
}

// One check request (fields of app/request_mapping.h plus `explain`) to its decision JSON, logged
// (no answer is given that the log could not take).
Result<std::string> CheckOne(const Call& call, nlohmann::json body, Date today, bool default_explain) {
  const Engine& engine = call.engine();
  if (!body.is_object()) return Error(ErrorCode::kInvalidArgument, "a check request is a JSON object");
  auto explain = ExplainFlag(body);
  if (!explain.ok()) return explain.error();
  bool with_trace = body.contains("explain") ? *explain : default_explain;
  body.erase("explain");
  Chip spec;
  auto request = app::CheckRequestFromJson(engine, body, today, &spec);
  if (!request.ok()) return request.error();
  auto decision = engine.Check(*request, with_trace);
  if (!decision.ok()) return decision.error();
  if (Status logged = call.Log(app::CheckLogEntry(*decision, engine.rules(), app::DecisionRecordJson(*decision, engine.rules()), "", ""));
      !logged)
    return logged.error();
  return app::DecisionJson(*decision, engine.rules(), with_trace);
}

}  // namespace

void RegisterDecideRoutes(Api& api) {
  api.Add("POST", "/v1/classify", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body.ok()) return body.error();
    auto out = Classify(call.engine(), *body, Today());
    if (!out.ok()) return out.error();
    return Reply::Json(*out);
  });
  api.Add("POST", "/v1/check", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body.ok()) return body.error();
    auto out = CheckOne(call, std::move(body).value(), Today(), false);
    if (!out.ok()) return out.error();
    return Reply{200, std::move(out).value()};
  });
  // Up to max_batch decisions (tens of milliseconds): on the workers, not the event loop.
  api.Waiting().Add("POST", "/v1/check/batch", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body.ok()) return body.error();
    if (!body->contains("requests") || !(*body)["requests"].is_array())
      return Error(ErrorCode::kInvalidArgument, "`requests` must be a list of check requests");
    const nlohmann::json& requests = (*body)["requests"];
    if (requests.size() > call.options.max_batch)
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("`requests` has {} items; the limit is {}", requests.size(), call.options.max_batch));
    auto explain = ExplainFlag(*body);
    if (!explain.ok()) return explain.error();
    Date today = Today();
    std::string text;
    detail::JsonWriter w(&text);
    w.BeginObject().Key("results").BeginArray();
    std::size_t failed = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      auto out = CheckOne(call, requests[i], today, *explain);
      w.BeginObject();
      if (out.ok()) {
        w.Key("decision").Raw(*out);
      } else {
        ++failed;
        w.Key("error").Raw(ErrorToJson(out.error())["error"].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      }
      w.Key("index").Int(static_cast<std::int64_t>(i)).EndObject();
    }
    w.EndArray().Key("count").Int(static_cast<std::int64_t>(requests.size())).Key("failed").Int(static_cast<std::int64_t>(failed)).EndObject();
    return Reply{200, std::move(text)};
  });
}

}  // namespace exportctl::server
