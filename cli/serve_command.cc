// exportctl serve: the HTTP API and web page (server/). Its users and tokens live in the ledger
// (`exportctl token create`, identity_command.cc).
// The ledger database is chosen as by every ledger command (`--db`, else EXPORTCTL_DB, else
// sqlite:<home>/ledger.sqlite).
// SIGHUP reloads the data (a new immutable snapshot); SIGINT/SIGTERM stop the server.
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "auth.h"
#include "commands.h"
#include "install_paths.h"
#include "ledger_cli.h"
#include "server.h"

namespace exportctl::cli {

namespace {


int Serve(const Cli& cli, server::ServerOptions options, std::string golden_dir, bool smoke) {
  // Signals are taken by one thread with sigwait; block them before any worker thread exists.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A shell starts background jobs with SIGINT ignored, and an ignored signal never reaches sigwait.
  for (int sig : {SIGHUP, SIGINT, SIGTERM}) signal(sig, SIG_DFL);

  // The golden corpus is the smoke test, and what-if (POST /v1/lab/whatif) runs it under both rule
  // sets; without the smoke test a missing corpus only leaves what-if with the catalog.
  if (!smoke && !std::filesystem::is_directory(golden_dir)) golden_dir.clear();
  auto loader = server::MakeSnapshotLoader(EngineOptions{cli.DataDir(), {}, cli.HomeDir()}, cli.HomeDir(), golden_dir, smoke);
  auto created = server::Server::Create(std::move(options), std::move(loader));
  if (!created.ok()) return Fail(created.error());
  server::Server& srv = **created;
  auto port = srv.Bind();
  if (!port.ok()) return Fail(port.error());
  auto snap = srv.Current();
  std::cout << "listening on " << srv.Url() << '\n'
            << fmt::format("rule set {} revision {}, {} chips{}; SIGHUP reloads, Ctrl-C stops", snap->engine->rules().id(),
                           snap->engine->rules().revision(), snap->engine->catalog().chips().size(),
                           smoke ? ", golden corpus passed" : "")
            << std::endl;

  std::thread signal_thread([&srv, signals] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        Status s = srv.Reload();
        if (s.ok()) std::cerr << "exportctl: reloaded (snapshot " << srv.Current()->generation << ")" << std::endl;
        else std::cerr << "exportctl: reload failed, keeping the current snapshot: " << s.error().ToString() << std::endl;
        continue;
      }
      srv.Stop();
      return;
    }
  });
  srv.Run();
  signal_thread.join();
  return kExitOk;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, Cli& cli) {
  struct ServeOptions {
    server::ServerOptions server;
    std::string db, golden_dir = Installed().cases();
    bool no_smoke = false;
  };
  auto opts = std::make_shared<ServeOptions>();
  opts->server.web_dir = Installed().web();
  opts->server.openapi_path = Installed().openapi();
  CLI::App* serve = app.add_subcommand("serve", "Serve the HTTP API (/v1, /openapi.json) and the web page on loopback");
  serve->add_option("--host", opts->server.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", opts->server.port, "Port (0: any free port)")->capture_default_str();
  serve->add_option("--threads", opts->server.threads,
                    "Threads answering requests (and ledger connections); a waiting connection holds none")
      ->capture_default_str()->check(CLI::Range(1, 1024));
  serve->add_option("--max-connections", opts->server.max_connections, "Open connections at most (beyond: closed at once)")
      ->capture_default_str()->check(CLI::Range(1, 1000000));
  serve->add_option("--max-whatif", opts->server.max_whatif, "What-if runs at once (beyond: 503 busy)")
      ->capture_default_str()->check(CLI::Range(1, 64));
  serve->add_option("--max-body", opts->server.max_body_bytes, "Largest request body in bytes (larger: 413)")->capture_default_str();
  serve->add_option("--timeout", opts->server.read_timeout_seconds,
                    "Seconds for a request's header (and again for its body) to arrive, and for an answer to be sent")
      ->capture_default_str()->check(CLI::Range(1, 3600));
  serve->add_option("--max-batch", opts->server.max_batch, "Most requests in one POST /v1/check/batch")->capture_default_str();
  serve->add_flag("--auth-reads", opts->server.require_token_for_reads, "Reads and decisions need a viewer token too");
  serve->add_option("--web-dir", opts->server.web_dir, "The built web front end")->capture_default_str();
  serve->add_option("--openapi", opts->server.openapi_path, "The OpenAPI document served at /openapi.json")->capture_default_str();
  serve->add_flag("--no-smoke", opts->no_smoke, "Skip the golden-corpus smoke test at start-up and reload");
  serve->add_option("--golden-dir", opts->golden_dir, "Golden case corpus: the smoke test, and the cases what-if runs")
      ->capture_default_str();
  AddDbOption(serve, &opts->db);
  serve->callback([&cli, opts] {
    cli.action = [&cli, opts]() -> int {
      opts->server.write_timeout_seconds = opts->server.read_timeout_seconds;
      opts->server.ledger_url = ResolveDbUrl(cli, opts->db);
      return Serve(cli, opts->server, opts->golden_dir, !opts->no_smoke);
    };
  });

}

}  // namespace exportctl::cli
