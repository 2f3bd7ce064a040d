// exportctl::server::Server: the HTTP API and web page of `exportctl serve`.
//
// Listens on 127.0.0.1 by default (HttpServer: Boost.Beast, a fixed number of threads that no idle
// or slow connection holds); every request runs against
// the snapshot (engine, tokens, clearances) current when it arrived, and Reload swaps in a new one (SIGHUP in
// `exportctl serve`, or POST /v1/admin/reload). Routes live in one routes_*.cc file per area
// (routes.h). Bodies larger than max_body_bytes get 413 while they are read; slow clients are cut
// off by deadlines (http_server.h). The ledger routes
// lease connections from a LedgerPool of at most `threads` connections to `ledger_url`; every
// check and screening is appended to that ledger's decision log within 50 ms (group commit, one
// connection of its own), and the log is flushed when the server is destroyed. Users' tokens and
// screening clearances are read from the ledger and followed within a second (directory_sync.h).
#pragma once

#include <memory>
#include <string>

#include "app/decision_log.h"
#include "directory_sync.h"
#include "http_server.h"
#include "exportctl/engine.h"
#include "ledger_pool.h"
#include "metrics.h"
#include "snapshot.h"

namespace exportctl::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                  // 0: any free port (see Bind)
  int threads = 8;                  // threads answering requests; a waiting connection holds none
  std::size_t max_body_bytes = 1 << 20;
  // A request's header must arrive within read_timeout (its body within another read_timeout);
  // an open connection may wait keep_alive for its next request.
  int read_timeout_seconds = 5, write_timeout_seconds = 5, keep_alive_seconds = 5;
  std::size_t keep_alive_max_requests = 100000;  // requests per connection before it is closed
  std::size_t max_connections = 10000;           // beyond: a new connection is closed at once
  int max_whatif = 1;               // POST /v1/lab/whatif running at once (each ~100 ms of CPU)
  std::size_t max_batch = 1000;     // items per POST /v1/check/batch
  bool require_token_for_reads = false;  // reads and decisions need a viewer token too
  std::string web_dir;              // the built front end (web/dist); when missing, / explains how to build it
  std::string openapi_path;         // server/openapi.json
  // The licence ledger (Ledger::Open URL, resolved: `exportctl serve --db`, default as the CLI's).
  // A brand-new SQLite file is migrated; any other database must be at the current schema.
  std::string ledger_url;
};

// The usual loader: the engine from `engine_options` (and, with the screening library, the
// restricted-party lists from the data and home dirs). When
// `golden_dir` is set, the golden corpus (app/golden.h) is loaded into the snapshot (what-if runs
// it under both rule sets) and, with `smoke_test`, runs against every new engine: a snapshot
// failing any case is refused (a reload then keeps the current one).
SnapshotLoader MakeSnapshotLoader(EngineOptions engine_options, std::string home_dir, std::string golden_dir = {},
                                  bool smoke_test = true);

class Server {
 public:
  // Loads the first snapshot and opens one ledger connection; fails when the data, the ledger or
  // its users and clearances cannot be read (or the ledger's schema is not current).
  static Result<std::unique_ptr<Server>> Create(ServerOptions options, SnapshotLoader loader);

  // Binds host:port and returns the port (the chosen one when port was 0).
  Result<int> Bind();
  // Serves until Stop. REQUIRES: Bind succeeded.
  void Run();
  // Stops accepting and returns once Run has finished its requests. Thread-safe.
  void Stop();
  // Swaps in a freshly loaded snapshot; on error the current one stays.
  Status Reload() { return snapshots_.Reload(); }
  std::shared_ptr<const Snapshot> Current() const { return snapshots_.Current(); }
  std::string Url() const;

 private:
  Server(ServerOptions options, SnapshotLoader loader);
  void Configure();

  ServerOptions options_;
  SnapshotHolder snapshots_;
  RequestMetrics metrics_;
  std::unique_ptr<LedgerPool> ledger_;
  std::unique_ptr<DirectorySync> directory_;  // null without a ledger
  // Every check and screening answered, appended to the ledger in batches (null without a ledger).
  // Declared before http_ so that it outlives the request handlers and flushes last.
  std::unique_ptr<app::DecisionLogWriter> decision_log_;
  std::unique_ptr<HttpServer> http_;
  int port_ = 0;
};

}  // namespace exportctl::server
