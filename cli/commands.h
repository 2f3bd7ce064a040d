// One registration function per command group; each is defined in its own *_command.cc file.
#pragma once

#include <CLI/CLI.hpp>

#include "cli.h"

namespace exportctl::cli {

void RegisterCatalogCommands(CLI::App& app, Cli& cli);   // catalog list|show|plot
void RegisterClassifyCommands(CLI::App& app, Cli& cli);  // classify
void RegisterRulesCommands(CLI::App& app, Cli& cli);     // rules lint|list|timeline
void RegisterTestCommand(CLI::App& app, Cli& cli);       // test DIR (golden corpus)
void RegisterCheckCommand(CLI::App& app, Cli& cli);      // check (single and --batch)
void RegisterScreenCommands(CLI::App& app, Cli& cli);    // screen NAME|--batch|compare|whitelist
void RegisterListsCommands(CLI::App& app, Cli& cli);     // lists import|status|diff
void RegisterLabCommands(CLI::App& app, Cli& cli);       // whatif|design|timeline|aggregate (policy lab)
void RegisterLedgerCommands(CLI::App& app, Cli& cli);    // licence, ship, ledger report, audit, db, token, approvals
void RegisterServeCommand(CLI::App& app, Cli& cli);      // serve (HTTP API, web page)
void RegisterDocsCommands(CLI::App& app, Cli& cli);      // manpage, completion bash (hidden)

}  // namespace exportctl::cli
