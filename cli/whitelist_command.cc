// `exportctl screen whitelist …`: clearances of screening hits judged false, kept in the ledger
// under four eyes (docs/ledger.md "Clearances"):
//   screen whitelist add --party P --list L --entry ID --reason R [--expires YYYY-MM-DD]
//   screen whitelist import FILE.csv      (one change request per row, all or nothing)
//   screen whitelist list [--all] [--as-of D]
//   screen whitelist revoke ID --reason R
// A clearance takes effect when a second user approves it (`exportctl approvals approve ID`).
#include <iostream>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "common/file.h"
#include "ledger_cli.h"
#include "screen/whitelist.h"

namespace exportctl::cli {

void RegisterWhitelistCommands(CLI::App* screen, Cli& cli) {
  CLI::App* wl = screen->add_subcommand("whitelist", "Clearances of screening hits judged false (four eyes, in the ledger)");
  wl->require_subcommand(1);
  struct Options {
    Clearance clearance;
    std::string expires, file, as_of, db, reason;
    std::int64_t id = 0;
    bool all = false;
    Format format = Format::kText;
  };
  auto o = std::make_shared<Options>();

  CLI::App* add = wl->add_subcommand("add", "Request the clearance of one party / list entry pair");
  add->add_option("--party", o->clearance.party, "Party name as screened")->required();
  add->add_option("--list", o->clearance.list, "List id of the hit")->required();
  add->add_option("--entry", o->clearance.entry_id, "Entry id of the hit")->required();
  add->add_option("--reason", o->clearance.reason, "Why this is not the listed party")->required();
  add->add_option("--expires", o->expires, "Last day + 1 of the clearance (YYYY-MM-DD; default: until revoked)");
  AddDbOption(add, &o->db);
  AddFormatOption(add, &o->format, {Format::kText, Format::kJson});
  add->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      if (!o->expires.empty()) {
        auto d = Date::Parse(o->expires);
        if (!d) return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("--expires: {}", d.error().message())));
        o->clearance.expires = *d;
      }
      auto ledger = OpenLedgerForCommand(cli, o->db);
      if (!ledger) return Fail(ledger.error());
      auto changes = (*ledger)->ProposeClearances({o->clearance});
      if (!changes) return Fail(changes.error());
      return PrintChange(changes->front(), o->format);
    };
  });

  CLI::App* import = wl->add_subcommand(
      "import", "Request clearances from a CSV file (party,list,entry_id,reason[,expires]): all rows or none");
  import->add_option("file", o->file, "CSV file")->required();
  AddDbOption(import, &o->db);
  import->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto text = detail::ReadFile(o->file);
      if (!text) return Fail(text.error());
      auto rows = screen::ReadClearancesCsv(*text, o->file);
      if (!rows) return Fail(rows.error());
      std::vector<Clearance> clearances;
      for (const screen::ClearanceRow& r : *rows) {
        Clearance c{.party = r.entry.party, .list = r.entry.list, .entry_id = r.entry.entry_id, .reason = r.entry.reason,
                    .expires = r.entry.expires};
        // Each row checked now, so a bad one is named by its line before anything is written.
        if (auto checked = ClearanceFromJson(ClearanceToJson(c)); !checked)
          return Fail(Error(checked.error().code(), checked.error().message(), SourceLocation{o->file, r.line}));
        clearances.push_back(std::move(c));
      }
      auto ledger = OpenLedgerForCommand(cli, o->db);
      if (!ledger) return Fail(ledger.error());
      auto changes = (*ledger)->ProposeClearances(clearances);
      if (!changes) return Fail(changes.error());
      const bool applied = !changes->empty() && changes->front().state == ChangeState::kApplied;
      std::cout << fmt::format("{} clearance(s) from {}: change requests #{} to #{}, {}\n", changes->size(), o->file,
                               changes->front().id, changes->back().id,
                               applied ? "applied at once (approvals are switched off)"
                                       : "awaiting a second user's approval (`exportctl approvals list`)");
      return kExitOk;
    };
  });

  CLI::App* list = wl->add_subcommand("list", "The clearances in force (all of them with --all)");
  list->add_flag("--all", o->all, "Include revoked and expired clearances");
  AddAsOfOption(list, &o->as_of);
  AddDbOption(list, &o->db);
  AddFormatOption(list, &o->format, {Format::kText, Format::kJson, Format::kCsv});
  list->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto as_of = ResolveAsOf(o->as_of);
      if (!as_of) return Fail(as_of.error());
      auto ledger = OpenLedgerForCommand(cli, o->db);
      if (!ledger) return Fail(ledger.error());
      auto clearances = (*ledger)->Clearances(*as_of, o->all);
      if (!clearances) return Fail(clearances.error());
      std::vector<nlohmann::json> rows;
      for (const Clearance& c : *clearances) rows.push_back(app::ClearanceJson(c));
      PrintTable(Table::Of({"id", "party", "list", "entry_id", "reason", "expires", "requested_by", "approved_by", "revoked"},
                           rows),
                 o->format, std::cout);
      return kExitOk;
    };
  });

  CLI::App* revoke = wl->add_subcommand("revoke", "Revoke a clearance (takes effect at once)");
  revoke->add_option("id", o->id, "Clearance number (`screen whitelist list`)")->required();
  revoke->add_option("--reason", o->reason, "Why it no longer holds")->required();
  AddDbOption(revoke, &o->db);
  revoke->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto ledger = OpenLedgerForCommand(cli, o->db);
      if (!ledger) return Fail(ledger.error());
      auto revoked = (*ledger)->RevokeClearance(o->id, o->reason);
      if (!revoked) return Fail(revoked.error());
      std::cout << fmt::format("clearance #{} of `{}` ({} {}) {}\n", revoked->id, revoked->party, revoked->list,
                               revoked->entry_id, revoked->revocation);
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
