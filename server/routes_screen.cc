// POST /v1/screen and POST /v1/screen/compare: restricted-party screening (exportctl/screen.h).
// Compiled only when the screening library is present (routes.h: EXPORTCTL_HAVE_SCREEN); the
// screener is part of the snapshot, so a reload also reloads the lists.
#include "routes.h"

#ifdef EXPORTCTL_HAVE_SCREEN

#include <fmt/format.h>

#include "screen/hit_json.h"
#include "app/decision_log.h"
#include "common/text_limits.h"

namespace exportctl::server {

namespace {

Result<std::string> NameField(const nlohmann::json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_string())
    return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is required: the party name to screen", key));
  std::string name = body[key].get<std::string>();
  if (auto text = detail::CheckText(name, key, detail::kMaxNameBytes); !text.ok()) return text.error();
  if (name.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is empty; give the party name to screen", key));
  return name;
}

Result<screen::ScreenOptions> Options(const nlohmann::json& body) {
  screen::ScreenOptions opts;
  opts.explain = body.value("explain", true);
  if (body.contains("type")) {
    if (!body["type"].is_string()) return Error(ErrorCode::kInvalidArgument, "`type` must be person, entity, vessel or aircraft");
    auto type = screen::ParsePartyType(body["type"].get<std::string>());
    if (!type.ok()) return type.error();
    opts.type = *type;
  }
  if (body.contains("country")) {
    if (!body["country"].is_string()) return Error(ErrorCode::kInvalidArgument, "`country` must be an ISO country code");
    opts.country = body["country"].get<std::string>();
  }
  if (body.contains("lists")) {
    if (!body["lists"].is_array()) return Error(ErrorCode::kInvalidArgument, "`lists` must be a list of list ids");
    for (const auto& l : body["lists"]) {
      if (!l.is_string()) return Error(ErrorCode::kInvalidArgument, "`lists` must be a list of list ids");
      opts.lists.push_back(l.get<std::string>());
    }
  }
  if (body.contains("min_score")) {
    if (!body["min_score"].is_number() || body["min_score"].get<double>() < 0 || body["min_score"].get<double>() > 1)
      return Error(ErrorCode::kInvalidArgument, fmt::format("min_score `{}` is not in [0, 1]", body["min_score"].dump()));
    opts.min_score = body["min_score"].get<double>();
  }
  if (body.contains("limit")) {
    if (!body["limit"].is_number_integer() || body["limit"].get<int>() < 1 || body["limit"].get<int>() > 100)
      return Error(ErrorCode::kInvalidArgument, fmt::format("limit `{}` is not in 1..100", body["limit"].dump()));
    opts.limit = body["limit"].get<int>();
  }
  return opts;
}

}  // namespace

void RegisterScreenRoutes(Api& api) {
  api.Add("POST", "/v1/screen", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body.ok()) return body.error();
    auto name = NameField(*body, "name");
    if (!name.ok()) return name.error();
    auto opts = Options(*body);
    if (!opts.ok()) return opts.error();
    if (!call.snapshot.screener) return Error(ErrorCode::kIoError, "no restricted-party lists are loaded");
    if (auto known = call.snapshot.screener->CheckOptions(*opts); !known.ok()) return known.error();
    const Date today = Today();
    std::vector<screen::ScreeningHit> hits = call.snapshot.screener->Screen(*name, *opts);
    if (call.snapshot.clearances) call.snapshot.clearances->Apply(*name, hits, today);
    nlohmann::json answer = screen::ScreenAnswerJson(*name, hits, screen::FindUnreadLetters(*name));
    if (Status logged = call.Log(app::ScreenLogEntry(*name, *opts, hits, call.snapshot.screener->lists(), answer,
                                                     "", "", today));
        !logged)
      return logged.error();
    return Reply::Json(answer);
  });
  api.Add("POST", "/v1/screen/compare", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body.ok()) return body.error();
    auto a = NameField(*body, "a");
    if (!a.ok()) return a.error();
    auto b = NameField(*body, "b");
    if (!b.ok()) return b.error();
    auto opts = Options(*body);
    if (!opts.ok()) return opts.error();
    nlohmann::json j = screen::CompareNames(*a, *b, opts->type);
    j["a"] = *a;
    j["b"] = *b;
    return Reply::Json(j);
  });
}

}  // namespace exportctl::server

#endif  // EXPORTCTL_HAVE_SCREEN
