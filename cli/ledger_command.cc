// The ledger command groups (issue #5): licence, ship, ledger report, audit, db.
#include "commands.h"
#include "ledger_cli.h"

namespace exportctl::cli {

void RegisterLedgerCommands(CLI::App& app, Cli& cli) {
  RegisterLicenceCommands(app, cli);
  RegisterShipCommand(app, cli);
  RegisterLedgerReportCommands(app, cli);
  RegisterAuditCommands(app, cli);
}

}  // namespace exportctl::cli
