#include "server.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "api.h"
#include "api_error.h"
#include "app/golden.h"
#include "app/ledger_open.h"
#include "app/shipment_decider.h"
#include "routes.h"

namespace exportctl::server {

SnapshotLoader MakeSnapshotLoader(EngineOptions engine_options, std::string home_dir, std::string golden_dir,
                                  bool smoke_test) {
  return [engine_options, home_dir, golden_dir, smoke_test]() -> Result<std::shared_ptr<const Snapshot>> {
    auto engine = Engine::Load(engine_options);
    if (!engine.ok()) return engine.error();
    auto snapshot = std::make_shared<Snapshot>();
#ifdef EXPORTCTL_HAVE_SCREEN
    auto screener = screen::Screener::Load(engine_options.data_dir, home_dir);
    if (!screener.ok()) return screener.error();
    snapshot->screener = std::move(screener).value();
#endif
    if (!golden_dir.empty()) {
      auto cases = app::LoadGoldenCases(golden_dir);
      if (!cases.ok()) return cases.error();
      if (smoke_test)
        for (const app::GoldenOutcome& o : app::RunGoldenCases(**engine, *cases))
          if (!o.passed)
            return Error(ErrorCode::kInvalidData, fmt::format("smoke test: golden case `{}` ({}) fails: {}", o.golden->name,
                                                              o.golden->where, o.failure));
      snapshot->golden_cases = std::move(cases).value();
    }
    snapshot->engine = std::move(engine).value();
    snapshot->engine_options = engine_options;
    return std::shared_ptr<const Snapshot>(std::move(snapshot));
  };
}

Server::Server(ServerOptions options, SnapshotLoader loader)
    : options_(std::move(options)), snapshots_(std::move(loader)) {}

Result<std::unique_ptr<Server>> Server::Create(ServerOptions options, SnapshotLoader loader) {
  std::unique_ptr<Server> server(new Server(std::move(options), std::move(loader)));
  if (Status loaded = server->snapshots_.Reload(); !loaded.ok()) return loaded.error();
  std::string url = server->options_.ledger_url;
  Server* self = server.get();
  server->ledger_ = std::make_unique<LedgerPool>(
      [url, self]() -> Result<std::unique_ptr<Ledger>> {
        if (url.empty()) return Error(ErrorCode::kIoError, "this server was started without a ledger database (`--db`)");
        // Each shipment is decided (and each licence's items resolved) with the snapshot current then.
        return app::OpenLedgerForUse(url, app::EngineLedgerOptions([self] { return self->Current()->engine; }));
      },
      static_cast<std::size_t>(std::max(1, server->options_.threads)));
  // Open (and, for a new SQLite file, migrate) the ledger now: a bad URL or an old schema stops the
  // start-up instead of failing the first ledger request. The connection stays in the pool.
  if (!url.empty()) {
    auto first = server->ledger_->Acquire();
    if (!first) return first.error();
    server->decision_log_ = std::make_unique<app::DecisionLogWriter>(
        [url] { return app::OpenLedgerForUse(url); }, app::DecisionLogWriter::Options{});
    // Users, tokens and clearances come from the ledger, shared by every server using it.
    server->directory_ = std::make_unique<DirectorySync>(*server->ledger_, server->snapshots_);
    DirectorySync* directory = server->directory_.get();
    server->snapshots_.SetDecorator([directory](Snapshot& s) { directory->Decorate(s); });
    if (Status read = server->directory_->Refresh(); !read) return read.error();
  }
  server->Configure();
  return server;
}

void Server::Configure() {
  std::string openapi;
  if (std::ifstream in(options_.openapi_path); in) {
    std::stringstream text;
    text << in.rdbuf();
    openapi = text.str();
  }
  const int threads = std::max(1, options_.threads);
  http_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  http_.set_payload_max_length(options_.max_body_bytes);
  http_.set_read_timeout(options_.read_timeout_seconds, 0);
  http_.set_write_timeout(options_.write_timeout_seconds, 0);
  http_.set_keep_alive_timeout(options_.keep_alive_seconds);
  // httplib closes a keep-alive connection after 5 requests by default: a new TCP connection (and
  // a trip through the task queue) every 5 requests costs a third of the throughput.
  http_.set_keep_alive_max_count(options_.keep_alive_max_requests);
  http_.set_tcp_nodelay(true);
  metrics_.Add("unmatched");

  // Errors raised by httplib itself (no route, body too large, unreadable request) as JSON too.
  http_.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a route's own error
    std::string field;
    Error error(ErrorCode::kInvalidArgument, "bad request");
    if (res.status == 404) {
      error = Error(ErrorCode::kNotFound, fmt::format("no such endpoint `{} {}`", req.method, req.path));
    } else if (res.status == 413) {
      error = Error(ErrorCode::kInvalidArgument, fmt::format("the request body exceeds the limit of {} bytes", options_.max_body_bytes));
      field = "body";
    } else if (res.status == 405) {
      error = Error(ErrorCode::kInvalidArgument, fmt::format("method `{}` is not allowed on `{}`", req.method, req.path));
    } else if (res.status == 400) {
      error = Error(ErrorCode::kInvalidArgument,
                    "the request could not be read (a POST needs a `Content-Length` header, 0 for no body, or a chunked body)");
    } else if (res.status >= 500) {
      error = Error(ErrorCode::kInternal, "internal error");
    }
    int status = res.status;
    Api::WriteError(res, error, field);
    res.status = status;
    metrics_.Observe("unmatched", status, 0);
    return httplib::Server::HandlerResponse::Handled;
  }));
  http_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    Api::WriteError(res, Error(ErrorCode::kInternal, "internal error"));
  });

  Api api(http_, snapshots_, metrics_, options_, decision_log_.get(), directory_.get());
  RegisterSystemRoutes(api);
  RegisterCatalogRoutes(api);
  RegisterDecideRoutes(api);
  RegisterRulesRoutes(api);
  RegisterLabRoutes(api);
#ifdef EXPORTCTL_HAVE_SCREEN
  RegisterScreenRoutes(api);
#endif
  RegisterLedgerRoutes(api, *ledger_);
  RegisterDecisionLogRoutes(api, *ledger_);
  RegisterNacRoutes(api, *ledger_);
  RegisterApprovalRoutes(api, *ledger_);
  RegisterSiteRoutes(api, http_, openapi);
}

Result<int> Server::Bind() {
  if (options_.port == 0) {
    port_ = http_.bind_to_any_port(options_.host);
    if (port_ <= 0) return Error(ErrorCode::kIoError, fmt::format("cannot listen on `{}`", options_.host));
  } else {
    if (!http_.bind_to_port(options_.host, options_.port))
      return Error(ErrorCode::kIoError, fmt::format("cannot listen on `{}:{}` (in use?)", options_.host, options_.port));
    port_ = options_.port;
  }
  return port_;
}

void Server::Run() { http_.listen_after_bind(); }

void Server::Stop() { http_.stop(); }

std::string Server::Url() const { return fmt::format("http://{}:{}", options_.host, port_); }

}  // namespace exportctl::server
