// GET /openapi.json (the hand-written OpenAPI 3 document, server/openapi.json) and the web page:
// the built front end (web/dist) served at /, or a page saying how to build it.
#include <filesystem>

#include <fmt/format.h>

#include "routes.h"
#include "server.h"

namespace exportctl::server {

void RegisterSiteRoutes(Api& api, httplib::Server& http, const std::string& openapi_text) {
  api.Add("GET", "/openapi.json", Access::kPublic, [openapi_text](const Call&) -> Result<Reply> {
    if (openapi_text.empty()) return Error(ErrorCode::kIoError, "the OpenAPI document was not found at start-up");
    return Reply{200, openapi_text, "application/json"};
  });
  const std::string& dir = api.options().web_dir;
  std::error_code ec;
  if (!dir.empty() && std::filesystem::exists(std::filesystem::path(dir) / "index.html", ec)) {
    http.set_mount_point("/", dir);  // files only; API routes are matched when no file exists
    return;
  }
  std::string page = fmt::format(
      "<!doctype html><meta charset=utf-8><title>exportctl</title>"
      "<h1>exportctl API is running</h1><p>The web front end is not built (no <code>{}/index.html</code>). "
      "Build it with <code>cmake --build --preset release --target exportctl_web</code> or "
      "<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, then restart. "
      "The API is described at <a href=\"/openapi.json\">/openapi.json</a>.</p>",
      dir.empty() ? std::string("web/dist") : dir);
  api.Add("GET", "/", Access::kPublic, [page](const Call&) -> Result<Reply> { return Reply{503, page, "text/html; charset=utf-8"}; });
}

}  // namespace exportctl::server
