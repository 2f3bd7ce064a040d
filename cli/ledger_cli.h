// Shared plumbing of the ledger command groups (licence, ship, ledger report, audit, db):
// the `--db` option, opening a ledger, and printing tables as text, JSON or CSV.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.h"
#include "exportctl/ledger.h"

namespace exportctl::cli {

// Adds `--db URL`. Default: env EXPORTCTL_DB, else sqlite:<home>/ledger.sqlite.
void AddDbOption(CLI::App* cmd, std::string* url);
std::string ResolveDbUrl(const Cli& cli, const std::string& url);
// Opens the ledger at ResolveDbUrl (app::OpenLedgerForUse, the rule `exportctl serve` follows too):
// a brand-new SQLite file is migrated on the spot, anything else must be at the latest schema
// version (else: "run `exportctl db migrate`"). The ledger acts as the `--token`'s user, else as
// the local operating-system user; an unknown or revoked token fails.
Result<std::unique_ptr<Ledger>> OpenLedgerForCommand(const Cli& cli, const std::string& url);
// The same, with the engine (rules, catalog, lists and the ledger's clearances) deciding every
// shipment and resolving licence items to catalog ids.
Result<std::unique_ptr<Ledger>> OpenDecidingLedger(const Cli& cli, const std::string& url);
// `engine` with the clearances in force in `ledger` applied to its screening.
Result<std::shared_ptr<const Engine>> WithLedgerClearances(std::shared_ptr<const Engine> engine, Ledger& ledger);

// A table whose cells are JSON values (numbers stay numbers in JSON output).
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;
  // When set, JSON output prints these objects (one per row) instead of the columns: the shapes of
  // the shared mapping (app/ledger_json.h), identical to the HTTP API's.
  std::vector<nlohmann::json> objects;
  // A table of `objects` showing `columns` of each (absent keys are empty cells) in text and CSV.
  static Table Of(std::vector<std::string> columns, std::vector<nlohmann::json> objects);
};
// text: aligned columns; json: an array of objects; csv: RFC 4180 with a header row.
void PrintTable(const Table& table, Format format, std::ostream& out);

// Registered by RegisterLedgerCommands, one per file.
void RegisterLicenceCommands(CLI::App& app, Cli& cli);       // licence_command.cc
void RegisterShipCommand(CLI::App& app, Cli& cli);           // ship_command.cc
void RegisterLedgerReportCommands(CLI::App& app, Cli& cli);  // ledger_report_command.cc
void RegisterAuditCommands(CLI::App& app, Cli& cli);         // audit_command.cc
void RegisterDecisionsCommands(CLI::App& app, Cli& cli);     // decisions_command.cc
void RegisterNacCommands(CLI::App& app, Cli& cli);           // nac_command.cc
void RegisterIdentityCommands(CLI::App& app, Cli& cli);      // identity_command.cc: token, approvals, settings
// Clearances of screening hits: `screen whitelist add|import|list|revoke` (whitelist_command.cc).
void RegisterWhitelistCommands(CLI::App* screen, Cli& cli);

// Prints a change request (four eyes) as text or JSON; returns kExitOk (identity_command.cc).
int PrintChange(const ChangeRequest& change, Format format);

}  // namespace exportctl::cli
