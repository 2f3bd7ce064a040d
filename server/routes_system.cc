// GET /health, GET /metrics and POST /v1/admin/reload: the server's own state.
#include "app/json_mapping.h"
#include "routes.h"

namespace exportctl::server {

void RegisterSystemRoutes(Api& api) {
  api.Add("GET", "/health", Access::kPublic, [](const Call& call) -> Result<Reply> {
    return Reply::Json({{"status", "ok"},
                        {"version", EXPORTCTL_VERSION},
                        {"ruleset", app::RuleSetToJson(call.engine().rules())},
                        {"chips", call.engine().catalog().chips().size()},
                        {"snapshot", call.snapshot.generation}});
  });
  RequestMetrics* metrics = &api.metrics();
  api.Add("GET", "/metrics", Access::kPublic, [metrics](const Call&) -> Result<Reply> {
    return Reply{200, metrics->Render(), "text/plain; version=0.0.4"};
  });
  SnapshotHolder* snapshots = &api.snapshots();
  api.Waiting().Add("POST", "/v1/admin/reload", Access::kAdmin, [snapshots](const Call&) -> Result<Reply> {
    if (Status s = snapshots->Reload(); !s.ok()) return s.error();
    auto now = snapshots->Current();
    return Reply::Json({{"reloaded", true}, {"snapshot", now->generation}, {"ruleset", app::RuleSetToJson(now->engine->rules())}});
  });
}

}  // namespace exportctl::server
