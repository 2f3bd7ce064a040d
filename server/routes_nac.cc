// NAC notifications over HTTP (§740.8(c); docs/ledger.md, "NAC"): what was notified to BIS, when
// it may be used (day 25), and BIS's objections. Shipments under NAC name a notification by its
// confirmation number (POST /v1/shipments `nac_confirmation`).
//
//   GET  /v1/nac-notifications                             read     every notification and its state
//   POST /v1/nac-notifications                             officer  {confirmation, sent_on, items, destination,
//                                                                    end_user, consignee, quantity} -> 201
//   POST /v1/nac-notifications/{confirmation}/objection    officer  {objected_on, reason} -> the notification
#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_pool.h"
#include "routes.h"

namespace exportctl::server {

void RegisterNacRoutes(Api& api, LedgerPool& pool) {
  api.Add("GET", "/v1/nac-notifications", Access::kRead, [&pool](const Call& call) -> Result<Reply> {
    return WithLedger(pool, call.actor, [&](Ledger& ledger) -> Result<Reply> {
      auto all = ledger.NacNotifications();
      if (!all) return all.error();
      nlohmann::json out = nlohmann::json::array();
      for (const NacNotification& n : *all) out.push_back(app::NacNotificationToJson(n));
      return Reply::Json({{"notifications", std::move(out)}});
    });
  });
  api.Add("POST", "/v1/nac-notifications", Access::kOfficer, [&pool](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body) return body.error();
    auto n = app::NacNotificationFromJson(*body);
    if (!n) return n.error();
    return WithLedger(pool, call.actor, [&](Ledger& ledger) -> Result<Reply> {
      auto recorded = ledger.RecordNacNotification(*n);
      if (!recorded) return recorded.error();
      return Reply::Json(app::NacNotificationToJson(*recorded), 201);
    });
  });
  api.Add(
      "POST", "/v1/nac-notifications/([^/]{1,64})/objection", Access::kOfficer,
      [&pool](const Call& call) -> Result<Reply> {
        const std::string confirmation = call.request.matches[1];
        auto body = call.JsonBody();
        if (!body) return body.error();
        for (const auto& [key, value] : body->items())
          if (key != "objected_on" && key != "reason")
            return Error(ErrorCode::kInvalidArgument, fmt::format("unknown field `{}`", key)).WithField(key);
        if (!body->contains("objected_on") || !(*body)["objected_on"].is_string())
          return Error(ErrorCode::kInvalidArgument, "`objected_on` (YYYY-MM-DD) is required").WithField("objected_on");
        auto on = Date::Parse((*body)["objected_on"].get<std::string>());
        if (!on) return on.error().WithField("objected_on");
        std::string reason = body->value("reason", std::string());
        return WithLedger(pool, call.actor, [&](Ledger& ledger) -> Result<Reply> {
          auto n = ledger.RecordNacObjection(confirmation, *on, reason);
          if (!n) return n.error();
          return Reply::Json(app::NacNotificationToJson(*n));
        });
      },
      "POST /v1/nac-notifications/{confirmation}/objection");
}

}  // namespace exportctl::server
