// exportctl: the command-line front end. Parses the command line with CLI11, then runs the chosen
// command; every command group registers itself from its own file.
#include <iostream>

#include "cli.h"
#include "commands.h"

int main(int argc, char** argv) {
  using namespace exportctl::cli;
  CLI::App app{"exportctl: export-control compliance for AI accelerator chips"};
  app.set_version_flag("--version", std::string("exportctl ") + EXPORTCTL_VERSION);
  app.require_subcommand(1);
  Cli cli;
  app.add_option("--data-dir", cli.data_dir, "Bundled data (rules, catalog, countries, lists); env EXPORTCTL_DATA_DIR");
  app.add_option("--home", cli.home_dir, "State directory (imported lists, ledger); env EXPORTCTL_HOME");
  app.add_option("--token", cli.token, "Act as this API token's user (approvals need one); env EXPORTCTL_TOKEN")
      ->envname("EXPORTCTL_TOKEN");

  // Command groups, one per file.
  RegisterCatalogCommands(app, cli);
  RegisterClassifyCommands(app, cli);
  RegisterRulesCommands(app, cli);
  RegisterTestCommand(app, cli);
  RegisterCheckCommand(app, cli);
  RegisterScreenCommands(app, cli);
  RegisterListsCommands(app, cli);
  RegisterLabCommands(app, cli);
  RegisterLedgerCommands(app, cli);
  RegisterServeCommand(app, cli);
  RegisterDocsCommands(app, cli);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (!cli.action) return kExitUsage;
  return cli.action();
}
