// The ledger command groups: licence, ship, ledger report, audit, db, decisions, nac.
#include "commands.h"
#include "ledger_cli.h"

namespace exportctl::cli {

void RegisterLedgerCommands(CLI::App& app, Cli& cli) {
  RegisterLicenceCommands(app, cli);
  RegisterShipCommand(app, cli);
  RegisterLedgerReportCommands(app, cli);
  RegisterAuditCommands(app, cli);
  RegisterDecisionsCommands(app, cli);
  RegisterNacCommands(app, cli);
  RegisterIdentityCommands(app, cli);
}

}  // namespace exportctl::cli
