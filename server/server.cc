#include "server.h"

#include <algorithm>
#include <fstream>
#include <thread>
#include <sstream>

#include <fmt/format.h>

#include "api.h"
#include "api_error.h"
#include "app/golden.h"
#include "app/list_screener.h"
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
    // POST /v1/screen uses the engine's own lists: one copy of the index per snapshot.
    if (auto* lists = dynamic_cast<const app::ListScreener*>((*engine)->screener())) snapshot->screener = lists->shared_screener();
#endif
    if (!golden_dir.empty()) {
      auto cases = app::LoadGoldenCases(golden_dir);
      if (!cases.ok()) return cases.error();
      if (smoke_test)
        for (const app::GoldenOutcome& o : app::RunGoldenCases(**engine, *cases))
          if (!o.passed)
            return Error(ErrorCode::kInvalidData, fmt::format("smoke test: golden case `{}` ({}) fails: {}", o.golden->name,
                                                              o.golden->where, o.failure));
      snapshot->golden_cases.cases = std::move(cases).value();
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
  HttpLimits limits;
  limits.max_body_bytes = options_.max_body_bytes;
  limits.header_timeout = limits.body_timeout = std::chrono::seconds(options_.read_timeout_seconds);
  limits.write_timeout = std::chrono::seconds(options_.write_timeout_seconds);
  limits.keep_alive = std::chrono::seconds(options_.keep_alive_seconds);
  limits.keep_alive_max_requests = options_.keep_alive_max_requests;
  limits.max_connections = options_.max_connections;
  metrics_.Add("unmatched");
  // Errors raised by the transport itself (no route, body too large, unreadable request) as JSON too.
  http_ = std::make_unique<HttpServer>(
      limits, [](int, const Error& error, std::string_view field) { return Api::ErrorResponse(error, field); },
      [this](int status) { metrics_.Observe("unmatched", status, 0); });

  Api api(*http_, snapshots_, metrics_, options_, decision_log_.get(), directory_.get());
  RegisterSystemRoutes(api);
  RegisterCatalogRoutes(api);
  RegisterDecideRoutes(api);
  RegisterRulesRoutes(api);
  RegisterLabRoutes(api, *ledger_);
#ifdef EXPORTCTL_HAVE_SCREEN
  RegisterScreenRoutes(api);
#endif
  // Everything on the ledger may wait for a lock or a database round trip: on the workers.
  Api waiting = api.Waiting();
  RegisterLedgerRoutes(waiting, *ledger_);
  RegisterDecisionLogRoutes(waiting, *ledger_);
  RegisterNacRoutes(waiting, *ledger_);
  RegisterApprovalRoutes(waiting, *ledger_);
  RegisterSiteRoutes(api, *http_, openapi);
}

Result<int> Server::Bind() {
  auto port = http_->Bind(options_.host, options_.port);
  if (!port) return port.error();
  port_ = *port;
  return port_;
}

void Server::Run() {
  // The event loop on one thread per core (more only contend); `threads` workers for the handlers
  // that wait, as many as ledger connections.
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  http_->Run(std::clamp(cores, 1, std::max(1, options_.threads)), std::max(1, options_.threads));
}

void Server::Stop() { http_->Stop(); }

std::string Server::Url() const { return fmt::format("http://{}:{}", options_.host, port_); }

}  // namespace exportctl::server
