// One registration function per API area, each defined in its own routes_<area>.cc file. To add an
// area: write routes_<area>.cc with Register<Area>Routes, declare it here, call it from
// Server::Configure, and describe the paths in server/openapi.json.
#pragma once

#include "api.h"
#include "ledger_pool.h"

namespace exportctl::server {

#ifdef EXPORTCTL_HAVE_SCREEN
void RegisterScreenRoutes(Api& api);   // POST /v1/screen, /v1/screen/compare (routes_screen.cc)
#endif

void RegisterSystemRoutes(Api& api);   // GET /health, GET /metrics, POST /v1/admin/reload
void RegisterCatalogRoutes(Api& api);  // GET /v1/catalog, GET /v1/catalog/{id}
void RegisterDecideRoutes(Api& api);   // POST /v1/classify, /v1/check, /v1/check/batch
// GET /v1/rules, /v1/rules/timeline, /v1/rules/files[/{path}], /v1/plot.svg, /v1/plot-data
void RegisterRulesRoutes(Api& api);
// GET /v1/lab/design, /v1/lab/timeline, /v1/lab/timeline.svg, POST /v1/lab/whatif, and the admin's
// POST /v1/admin/impact over the ledger in `pool` (routes_lab.cc)
void RegisterLabRoutes(Api& api, LedgerPool& pool);
// /v1/licences, /v1/shipments, /v1/reports/*, /v1/audit[/verify] (routes_ledger.cc), each request
// on a connection leased from `pool`.
void RegisterLedgerRoutes(Api& api, LedgerPool& pool);
// GET|POST /v1/nac-notifications, POST /v1/nac-notifications/{confirmation}/objection (routes_nac.cc).
void RegisterNacRoutes(Api& api, LedgerPool& pool);
// GET /v1/decisions, /v1/decisions/{seq}: the decision log, viewer token always (routes_decisions.cc).
void RegisterDecisionLogRoutes(Api& api, LedgerPool& pool);
// Four eyes: GET /v1/changes[/{id}], POST /v1/changes/{id}/approve|reject, GET|POST /v1/clearances,
// POST /v1/clearances/{id}/revoke, GET|PUT /v1/settings (routes_approvals.cc).
void RegisterApprovalRoutes(Api& api, LedgerPool& pool);
// A change request as a reply: 201 when it took effect (approvals off), 202 while it awaits a
// second user (routes_approvals.cc; licences are proposed in routes_ledger.cc).
Reply ChangeReply(const ChangeRequest& change);
// GET /openapi.json and the web page at / (static files of web/dist, static_files.h).
void RegisterSiteRoutes(Api& api, HttpServer& http, const std::string& openapi_text);

}  // namespace exportctl::server
