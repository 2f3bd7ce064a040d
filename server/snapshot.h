// Hot reload: the server's view of the world is one immutable Snapshot (the Engine, where it was
// loaded from, the golden corpus, and the ledger's directory: API tokens and clearances), held in a
// SnapshotHolder and replaced as a whole. A request takes the current snapshot once (Current) and
// keeps it to the end, so a reload never changes an answer in flight; the old snapshot is freed
// when its last request finishes.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "app/golden.h"
#include "auth.h"
#include "exportctl/engine.h"

// The screening library (exportctl/screen.h) is optional until it is merged: its routes and the
// snapshot's screener are compiled only when the header exists.
#if __has_include("exportctl/screen.h")
#include "exportctl/screen.h"
#include "screen/whitelist.h"
#define EXPORTCTL_HAVE_SCREEN 1
#endif

namespace exportctl::server {

struct Snapshot {
  std::shared_ptr<const Engine> engine;
  // What the engine was loaded from: the rule directory is served read-only (GET
  // /v1/rules/files/...) and is the base of what-if drafts.
  EngineOptions engine_options;
  // The golden corpus (empty when the server has none), run by what-if under both rule sets.
  GoldenCorpus golden_cases;
  TokenStore tokens;  // from the ledger (directory_sync.h); empty without one
#ifdef EXPORTCTL_HAVE_SCREEN
  std::shared_ptr<const screen::Screener> screener;  // the engine's restricted-party lists (bundled + imported)
  // The ledger's clearances in force (directory_sync.h), applied to POST /v1/screen as the CLI's
  // `screen` applies them and the engine's screener applies them to checks. Null: none.
  std::shared_ptr<const screen::Whitelist> clearances;
#endif
  long generation = 0;  // 1 for the first load, +1 per successful reload

  // engine_options.rules_dir, else data_dir/rules.
  std::string RulesDir() const {
    return engine_options.rules_dir.empty() ? engine_options.data_dir + "/rules" : engine_options.rules_dir;
  }
};

// Builds a fresh snapshot (engine from the data dir).
using SnapshotLoader = std::function<Result<std::shared_ptr<const Snapshot>>()>;
// Completes a snapshot before it is swapped in (the server adds the ledger's tokens and clearances).
using SnapshotDecorator = std::function<void(Snapshot&)>;

class SnapshotHolder {
 public:
  explicit SnapshotHolder(SnapshotLoader loader) : loader_(std::move(loader)) {}

  // Set before serving: applied to every snapshot swapped in from then on.
  void SetDecorator(SnapshotDecorator decorator);
  // Loads a new snapshot and swaps it in; on error the current one stays. Reloads are serialised.
  Status Reload();
  // Swaps in a copy of the current snapshot, decorated again (the ledger's directory changed).
  void Redecorate();
  std::shared_ptr<const Snapshot> Current() const;

 private:
  SnapshotLoader loader_;
  SnapshotDecorator decorator_;   // guarded by reload_mu_
  std::mutex reload_mu_;          // one reload (or redecoration) at a time
  mutable std::mutex mu_;         // guards current_ (held only to copy the pointer)
  std::shared_ptr<const Snapshot> current_;
};

}  // namespace exportctl::server
