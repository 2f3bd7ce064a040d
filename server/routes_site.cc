// GET /openapi.json (the hand-written OpenAPI 3 document, server/openapi.json) and the web page:
// the built front end (web/dist) served at / from memory, or a page saying how to build it (or why
// it could not be loaded).
#include <filesystem>

#include <fmt/format.h>

#include "routes.h"
#include "server.h"
#include "static_files.h"

namespace exportctl::server {

void RegisterSiteRoutes(Api& api, HttpServer& http, const std::string& openapi_text) {
  api.Add("GET", "/openapi.json", Access::kPublic, [openapi_text](const Call&) -> Result<Reply> {
    if (openapi_text.empty()) return Error(ErrorCode::kIoError, "the OpenAPI document was not found at start-up");
    return Reply{200, openapi_text, "application/json"};
  });
  const std::string& dir = api.options().web_dir;
  std::error_code ec;
  std::string problem = fmt::format("The web front end is not built (no <code>{}/index.html</code>).",
                                    dir.empty() ? std::string("web/dist") : dir);
  if (!dir.empty() && std::filesystem::exists(std::filesystem::path(dir) / "index.html", ec)) {
    auto files = StaticFiles::Load(dir);
    if (files.ok()) {
      // Files are looked up after the API routes, for a GET no route matched.
      auto shared = std::make_shared<const StaticFiles>(std::move(files).value());
      http.SetFallback([shared](HttpRequest& request) { return shared->Serve(request); });
      return;
    }
    problem = "The web front end could not be loaded: " + files.error().ToString();
  }
  std::string page = fmt::format(
      "<!doctype html><meta charset=utf-8><title>exportctl</title>"
      "<h1>exportctl API is running</h1><p>{} "
      "Build it with <code>cmake --build --preset release --target exportctl_web</code> or "
      "<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, then restart. "
      "The API is described at <a href=\"/openapi.json\">/openapi.json</a>.</p>",
      problem);
  api.Add("GET", "/", Access::kPublic, [page](const Call&) -> Result<Reply> { return Reply{503, page, "text/html; charset=utf-8"}; });
}

}  // namespace exportctl::server
