// The CLI's shared plumbing: global options, output format, as-of dates and exit codes.
//
// Each command group lives in its own file (classify_command.cc, screen_command.cc …) and exposes
// one Register*Commands(CLI::App&, Cli&) function, called from main.cc. A command sets Cli::action;
// main runs it after parsing and returns its exit code. Commands print results on stdout and
// errors on stderr, one clear line each (Cli::Fail).
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include <CLI/CLI.hpp>

#include "exportctl/catalog.h"
#include "exportctl/date.h"
#include "exportctl/engine.h"
#include "exportctl/error.h"

namespace exportctl::cli {

// Documented in README.md ("Exit codes"); scripts gate on them, so never renumber.
enum ExitCode : int {
  kExitOk = 0,               // success; for `check`: no licence required
  kExitError = 1,            // runtime failure: unreadable file, unknown chip, database error
  kExitUsage = 2,            // bad command line or malformed request
  kExitInvalidData = 3,      // a rule set, catalog or list failed validation
  kExitTestsFailed = 4,      // `exportctl test`: at least one golden case failed
  kExitChanges = 5,          // `impact`: at least one answer would change under the candidate rules
  kExitLicenceRequired = 10, // `check`: a licence is required
  kExitLicenceException = 11,// `check`: shippable under a licence exception (with its duties)
  kExitProhibited = 12,      // `check`: prohibited (e.g. presumption of denial with no path)
  kExitHold = 13,            // `check`: hold: a "go" that depends on a missing fact, an open hit or weak evidence
  kExitScreeningHit = 20,    // `screen`: at least one hit at or above the block band
  kExitScreeningReview = 21, // `screen`: hits only in the review band, or letters it cannot read
  kExitRefused = 30,         // ledger: the operation was refused (cap, expiry, destination …)
};

enum class Format { kText, kJson, kCsv, kJsonl };

struct Cli {
  // --data-dir: bundled rule sets, catalog, countries and lists. Default: EXPORTCTL_DATA_DIR env,
  // else the installation's data directory (install_paths.h).
  std::string data_dir;
  // --home: mutable state (imported list versions, saved screenings, SQLite ledger). Default:
  // EXPORTCTL_HOME env, else $XDG_DATA_HOME/exportctl, else ~/.local/share/exportctl.
  std::string home_dir;
  // --token: acts as the token's user (env EXPORTCTL_TOKEN); approvals count only from such a
  // user. Without it the actor is the local operating-system user ("os:NAME"), recorded but never
  // enough to approve.
  std::string token;
  // The chosen subcommand's body; returns an ExitCode.
  std::function<int()> action;

  std::string DataDir() const;
  std::string HomeDir() const;
  // Loads the engine snapshot from DataDir() (rules from `rules_dir` when given); `with_lists`
  // also loads the restricted-party lists (bundled and imported under HomeDir()) for screening.
  Result<std::shared_ptr<const Engine>> LoadEngine(bool with_lists = false, const std::string& rules_dir = {}) const;
};

// The chip a command is about: `--chip NAME` from the catalog or `--spec FILE` (exactly one).
// Adds both options to `cmd`.
struct ChipOptions {
  std::string chip;
  std::string spec;
  void AddTo(CLI::App* cmd);
  // REQUIRES: engine outlives the returned chip; *storage holds a --spec chip.
  Result<const Chip*> Resolve(const Engine& engine, Chip* storage) const;
};

// Adds `--as-of YYYY-MM-DD` to a command. ResolveAsOf turns the option into a Date: the given day,
// or today's UTC date when empty (the only place exportctl reads the clock).
void AddAsOfOption(CLI::App* cmd, std::string* as_of);
Result<Date> ResolveAsOf(const std::string& as_of);

// Adds `--format` with the given choices (the first is the default).
void AddFormatOption(CLI::App* cmd, Format* format, std::initializer_list<Format> allowed);
std::string_view FormatName(Format f);

// Prints "exportctl: <error>" on stderr (every detail on its own line) and returns the exit code
// matching the error's code.
int Fail(const Error& error);
int ExitCodeFor(const Error& error);

// Whether stderr is a terminal (progress bars are drawn only then).
bool StderrIsTerminal();

}  // namespace exportctl::cli
