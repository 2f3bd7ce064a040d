// Route plumbing shared by every routes_*.cc file: registering a handler on the HTTP server with
// its access level, request metrics, the current snapshot and the JSON error contract, so that a
// handler only maps a request to an answer.
//
//   api.Add("POST", "/v1/check", Access::kRead, [](const Call& call) -> Result<Reply> { … });
//
// A handler returns a Reply or an Error; errors become {"error": {…}} with HttpStatusFor(code).
// Exceptions escaping a handler become 500 "internal".
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exportctl/ledger.h"
#include "http_server.h"
#include "metrics.h"
#include "snapshot.h"

namespace exportctl::server {

struct ServerOptions;
}  // namespace exportctl::server
namespace exportctl::app {
class DecisionLogWriter;
}
namespace exportctl::server {

class DirectorySync;  // directory_sync.h

enum class Access {
  kPublic,   // nobody needs a token (health, metrics, the page, the OpenAPI document)
  kRead,     // read and decide: open, unless ServerOptions::require_token_for_reads (then viewer)
  kViewer,   // always a viewer token, even on loopback (the decision log: it names screened people)
  kOfficer,  // licences and shipments
  kAdmin,    // lists, rules, reload, tokens
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  // Text that is not UTF-8 (from a file or list the answer quotes) is replaced, never a 500.
  static Reply Json(const nlohmann::json& j, int status = 200) {
    return {status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json"};
  }
};

// One request being handled, with the snapshot it runs against.
struct Call {
  const HttpRequest& request;
  const Snapshot& snapshot;
  const ServerOptions& options;
  // Who asks: the token's user (authenticated), else "anonymous@<remote address>".
  Actor actor;
  app::DecisionLogWriter* decision_log = nullptr;  // null: the server has no ledger
  DirectorySync* directory = nullptr;              // null: the server has no ledger
  const Engine& engine() const { return *snapshot.engine; }
  // After a change of tokens, clearances or settings: the next request sees it. REQUIRES: no
  // ledger lease held (it takes one).
  void DirectoryChanged() const;
  // Queues a decision-log entry (actor and channel "http" filled in); an error means the answer
  // must not be given. Nothing is logged when the server has no ledger.
  Status Log(DecisionLogEntry entry) const;
  // The body parsed as a JSON object; parse_error (field "body") otherwise.
  Result<nlohmann::json> JsonBody() const;
  // A query parameter, or nullopt.
  std::optional<std::string> Query(const std::string& name) const;
  // `as_of` from the query string or a JSON object, else today's UTC date.
  Result<Date> AsOf(const nlohmann::json* body = nullptr) const;
};

using Handler = std::function<Result<Reply>(const Call&)>;

class Api {
 public:
  Api(HttpServer& http, SnapshotHolder& snapshots, RequestMetrics& metrics, const ServerOptions& options,
      app::DecisionLogWriter* decision_log = nullptr, DirectorySync* directory = nullptr)
      : http_(http), snapshots_(snapshots), metrics_(metrics), options_(options), decision_log_(decision_log),
        directory_(directory) {}

  // The same registrar for handlers that may wait (on the ledger, or for long CPU work): they run
  // on the server's worker threads, never on the event loop (HttpServer::Route).
  Api Waiting() const {
    Api copy = *this;
    copy.waits_ = true;
    return copy;
  }

  // `pattern` is an exact path or a regex over the decoded path ("/v1/catalog/([^/]+)", see
  // HttpServer::Route); `route` labels metrics (defaults to "METHOD pattern").
  void Add(const std::string& method, const std::string& pattern, Access access, Handler handler,
           const std::string& route = {});

  SnapshotHolder& snapshots() { return snapshots_; }
  RequestMetrics& metrics() { return metrics_; }
  const ServerOptions& options() const { return options_; }

  // `error` as the JSON error contract.
  static HttpResponse ErrorResponse(const Error& error, std::string_view field = {});

 private:
  HttpServer& http_;
  SnapshotHolder& snapshots_;
  RequestMetrics& metrics_;
  const ServerOptions& options_;
  app::DecisionLogWriter* decision_log_;
  DirectorySync* directory_;
  bool waits_ = false;
};

// Today's UTC date: the server's only clock read, used when a request has no as_of.
Date Today();

}  // namespace exportctl::server
