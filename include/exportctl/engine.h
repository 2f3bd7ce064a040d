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
#include "exportctl/check.h"
#include "exportctl/classify.h"
#include "exportctl/countries.h"
#include "exportctl/error.h"
#include "exportctl/rules.h"

namespace exportctl {

struct EngineOptions {
  // Bundled data: catalog/, rules/, countries/, lists/. Required.
  std::string data_dir;
  // Rule directory to use instead of data_dir/rules (drafts, what-ifs). Default: empty.
  std::string rules_dir;
  // State directory with imported list versions (home_dir/lists); empty: bundled lists only.
  std::string home_dir;
  // Load the restricted-party lists (data_dir/lists and home_dir/lists) for screening end users.
  // Default: true. Classification-only tools may turn it off to start faster.
  bool load_lists = true;
};

class Engine {
 public:
  static Result<std::shared_ptr<const Engine>> Load(const EngineOptions& options);

  const Catalog& catalog() const { return *catalog_; }
  const RuleSet& rules() const { return *rules_; }
  const std::shared_ptr<const RuleSet>& rules_ptr() const { return rules_; }
  const Countries& countries() const { return countries_; }
  // The restricted-party screener used by Check; null when no lists are loaded.
  const EndUserScreener* screener() const { return screener_.get(); }

  // A copy of this engine with another screener (lists reloaded) or rule set (drafts: the same
  // catalog, countries and screener, so only the rules differ). REQUIRES: `rules` non-null, loaded
  // with countries() as its group resolver.
  std::shared_ptr<const Engine> WithScreener(std::shared_ptr<const EndUserScreener> screener) const;
  std::shared_ptr<const Engine> WithRules(std::shared_ptr<const RuleSet> rules) const;

  Result<Decision> Check(const CheckRequest& request, bool explain = false) const;

  // Finds a catalog chip by id or alias; kNotFound names the chip and suggests close aliases.
  Result<const Chip*> FindChip(std::string_view name) const;

 private:
  // A process-unique id, drawn afresh for every Engine, copies included (CheckContext::memo_id).
  struct InstanceId {
    std::uint64_t value = Next();
    InstanceId() = default;
    InstanceId(const InstanceId&) : value(Next()) {}
    InstanceId& operator=(const InstanceId&) {
      value = Next();
      return *this;
    }
    static std::uint64_t Next();
  };

  std::shared_ptr<const Catalog> catalog_;  // shared by copies (assemblies point into it)
  Countries countries_;
  std::shared_ptr<const RuleSet> rules_;
  std::shared_ptr<const EndUserScreener> screener_;
  InstanceId id_;
};

}  // namespace exportctl
