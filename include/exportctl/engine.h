// exportctl::Engine: start here. One immutable snapshot of everything a decision needs — the chip
// catalog, the rule set, country groups (and, when built, the screening lists) — loaded once from
// a data directory and shared read-only by the CLI, the server and tests.
//
// Reloading builds a new Engine and swaps the shared_ptr; requests in flight keep the snapshot they
// started with. Every method is const and thread-safe. The engine never reads the clock: every
// decision takes its as-of date from the caller.
#pragma once

#include <memory>
#include <string>

#include "exportctl/catalog.h"
#include "exportctl/classify.h"
#include "exportctl/error.h"
#include "exportctl/rules.h"

namespace exportctl {

struct EngineOptions {
  // Bundled data: catalog/, rules/, countries/, lists/. Required.
  std::string data_dir;
  // Rule directory to use instead of data_dir/rules (drafts, what-ifs). Default: empty.
  std::string rules_dir;
};

class Engine {
 public:
  static Result<std::shared_ptr<const Engine>> Load(const EngineOptions& options);

  const Catalog& catalog() const { return catalog_; }
  const RuleSet& rules() const { return *rules_; }
  const std::shared_ptr<const RuleSet>& rules_ptr() const { return rules_; }

  // Finds a catalog chip by id or alias; kNotFound names the chip and suggests close aliases.
  Result<const Chip*> FindChip(std::string_view name) const;

 private:
  Catalog catalog_;
  std::shared_ptr<const RuleSet> rules_;
};

}  // namespace exportctl
