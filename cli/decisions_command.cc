// exportctl decisions list|show|export|purge|escalate|escalations: the decision log (docs/ledger.md,
// "Decision log") — every check and screening answered, with who asked and when, read from the
// ledger database — and the escalations of held decisions (docs/ledger.md, "Escalations").
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_cli.h"

namespace exportctl::cli {
namespace {

struct FilterOptions {
  std::string db, party, chip, outcome, kind, from, to, after, limit;
  void AddTo(CLI::App* cmd) {
    AddDbOption(cmd, &db);
    cmd->add_option("--party", party, "Entries whose party (end user or name screened) contains this text");
    cmd->add_option("--chip", chip, "Entries for this chip id");
    cmd->add_option("--outcome", outcome, "Entries with this outcome (license_required, hold, block …)");
    cmd->add_option("--kind", kind, "check or screen");
    cmd->add_option("--from", from, "Recorded on or after this day (YYYY-MM-DD, UTC)");
    cmd->add_option("--to", to, "Recorded on or before this day (YYYY-MM-DD, UTC)");
    cmd->add_option("--after", after, "Entries after this sequence number (paging)");
  }
  Result<DecisionLogFilter> Filter(std::int64_t default_limit) const {
    std::map<std::string, std::string> fields;
    for (auto [key, value] : {std::pair<const char*, const std::string*>{"party", &party}, {"chip", &chip},
                              {"outcome", &outcome}, {"kind", &kind}, {"from", &from}, {"to", &to},
                              {"after", &after}, {"limit", &limit}})
      if (!value->empty()) fields[key] = *value;
    if (!fields.contains("limit")) fields["limit"] = std::to_string(default_limit);
    return app::DecisionLogFilterFromFields(fields);
  }
};

const std::vector<std::string> kColumns = {"seq", "recorded_at", "actor", "channel", "kind", "decision_id",
                                           "outcome", "as_of", "chip", "destination", "party"};

}  // namespace

void RegisterDecisionsCommands(CLI::App& app, Cli& cli) {
  auto* group = app.add_subcommand("decisions", "The decision log: every check and screening, who asked, when")
                    ->require_subcommand(1);

  struct ListState : FilterOptions { Format format = Format::kText; };
  auto l = std::make_shared<ListState>();
  auto* list = group->add_subcommand("list", "List decision-log entries, oldest first");
  l->AddTo(list);
  list->add_option("--limit", l->limit, "At most this many (default 100, at most 10000)");
  AddFormatOption(list, &l->format, {Format::kText, Format::kJson, Format::kCsv});
  list->callback([&cli, l] {
    cli.action = [&cli, l]() -> int {
      auto filter = l->Filter(100);
      if (!filter) return Fail(filter.error());
      auto ledger = OpenLedgerForCommand(cli, l->db);
      if (!ledger) return Fail(ledger.error());
      auto entries = (*ledger)->DecisionLog(*filter);
      if (!entries) return Fail(entries.error());
      std::vector<nlohmann::json> objects;
      for (const DecisionLogEntry& e : *entries) objects.push_back(app::DecisionLogEntryToJson(e, false));
      PrintTable(Table::Of(kColumns, std::move(objects)), l->format, std::cout);
      return kExitOk;
    };
  });

  struct ShowState { std::string db; std::int64_t seq = 0; };
  auto s = std::make_shared<ShowState>();
  auto* show = group->add_subcommand("show", "One entry with the whole answer, as JSON");
  AddDbOption(show, &s->db);
  show->add_option("seq", s->seq, "Sequence number (from `decisions list`)")->required();
  show->callback([&cli, s] {
    cli.action = [&cli, s]() -> int {
      auto ledger = OpenLedgerForCommand(cli, s->db);
      if (!ledger) return Fail(ledger.error());
      auto entry = (*ledger)->DecisionLogEntryAt(s->seq);
      if (!entry) return Fail(entry.error());
      std::cout << app::DecisionLogEntryToJson(*entry, true).dump(2) << '\n';
      return kExitOk;
    };
  });

  struct ExportState : FilterOptions { std::string output; Format format = Format::kJsonl; };
  auto x = std::make_shared<ExportState>();
  auto* exp = group->add_subcommand("export", "Write every matching entry, answers included, for an auditor");
  x->AddTo(exp);
  exp->add_option("--output,-o", x->output, "File to write (default: stdout)");
  AddFormatOption(exp, &x->format, {Format::kJsonl, Format::kCsv});
  exp->callback([&cli, x] {
    cli.action = [&cli, x]() -> int {
      auto filter = x->Filter(10000);
      if (!filter) return Fail(filter.error());
      auto ledger = OpenLedgerForCommand(cli, x->db);
      if (!ledger) return Fail(ledger.error());
      std::ofstream file;
      if (!x->output.empty()) {
        file.open(x->output, std::ios::binary | std::ios::trunc);
        if (!file) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", x->output)));
      }
      std::ostream& out = x->output.empty() ? std::cout : file;
      std::vector<std::string> columns = kColumns;
      columns.insert(columns.end(), {"ruleset", "lists", "hash", "body"});
      bool header = true;
      std::int64_t written = 0;
      // Page through the log by seq, so an export of years of entries never holds them all.
      for (;;) {
        auto entries = (*ledger)->DecisionLog(*filter);
        if (!entries) return Fail(entries.error());
        std::vector<nlohmann::json> objects;
        for (const DecisionLogEntry& e : *entries) {
          nlohmann::json j = app::DecisionLogEntryToJson(e, true);
          if (x->format == Format::kJsonl) out << j.dump() << '\n';
          else objects.push_back(std::move(j));
        }
        if (x->format == Format::kCsv) {
          Table t = Table::Of(columns, std::move(objects));
          std::ostringstream page;
          PrintTable(t, Format::kCsv, page);
          std::string text = page.str();
          if (!header) text.erase(0, text.find('\n') + 1);
          out << text;
        }
        header = false;
        written += std::int64_t(entries->size());
        if (std::int64_t(entries->size()) < filter->limit) break;
        filter->after_seq = entries->back().seq;
      }
      out.flush();
      if (!out) return Fail(Error(ErrorCode::kIoError, "the export could not be written"));
      std::cerr << fmt::format("{} decision-log entries written\n", written);
      return kExitOk;
    };
  });

  struct EscalateState { std::string db; Escalation escalation; };
  auto e = std::make_shared<EscalateState>();
  auto* escalate = group->add_subcommand("escalate", "Hand a held decision (or one hit of it) to someone to settle; recorded and audited");
  AddDbOption(escalate, &e->db);
  escalate->add_option("seq", e->escalation.decision_seq, "Sequence number of the decision-log entry")->required();
  escalate->add_option("--to", e->escalation.escalated_to, "Who is to settle it: a name, role or e-mail")->required();
  escalate->add_option("--reason", e->escalation.reason, "What they are to decide, and why")->required();
  escalate->add_option("--party", e->escalation.party, "With --entry: the one screening hit escalated (its party)");
  escalate->add_option("--entry", e->escalation.entry_id, "With --party: the hit's list entry id");
  escalate->callback([&cli, e] {
    cli.action = [&cli, e]() -> int {
      auto ledger = OpenLedgerForCommand(cli, e->db);
      if (!ledger) return Fail(ledger.error());
      auto recorded = (*ledger)->Escalate(e->escalation);
      if (!recorded) return Fail(recorded.error());
      std::cout << fmt::format("escalation #{}: decision {} (`{}`) to {}, by {}\n", recorded->id, recorded->decision_seq,
                               recorded->decision_id, recorded->escalated_to, recorded->escalated_by);
      return kExitOk;
    };
  });

  struct EscalationsState { std::string db; std::int64_t seq = 0; Format format = Format::kText; };
  auto es = std::make_shared<EscalationsState>();
  auto* escalations = group->add_subcommand("escalations", "List escalations, oldest first");
  AddDbOption(escalations, &es->db);
  escalations->add_option("--decision", es->seq, "Only those of this decision-log entry");
  AddFormatOption(escalations, &es->format, {Format::kText, Format::kJson, Format::kCsv});
  escalations->callback([&cli, es] {
    cli.action = [&cli, es]() -> int {
      auto ledger = OpenLedgerForCommand(cli, es->db);
      if (!ledger) return Fail(ledger.error());
      auto rows = (*ledger)->Escalations(es->seq);
      if (!rows) return Fail(rows.error());
      std::vector<nlohmann::json> objects;
      for (const Escalation& escalation : *rows) objects.push_back(app::EscalationJson(escalation));
      PrintTable(Table::Of({"id", "decision_seq", "decision_id", "party", "entry_id", "escalated_to", "reason", "escalated_by",
                            "recorded_at"},
                           std::move(objects)),
                 es->format, std::cout);
      return kExitOk;
    };
  });

  auto purge_db = std::make_shared<std::string>();
  auto* purge = group->add_subcommand(
      "purge", "Remove entries past retention (five years from the last export event; admin; audited)");
  AddDbOption(purge, purge_db.get());
  purge->callback([&cli, purge_db] {
    cli.action = [&cli, purge_db]() -> int {
      auto ledger = OpenLedgerForCommand(cli, *purge_db);
      if (!ledger) return Fail(ledger.error());
      auto purged = (*ledger)->PurgeDecisionLog();
      if (!purged) return Fail(purged.error());
      if (purged->entries == 0)
        std::cout << fmt::format("nothing to purge: no entry recorded before {} is free of a later export event\n",
                                 purged->cutoff);
      else
        std::cout << fmt::format("purged {} decision-log entries (through entry {}, recorded before {}); the purge is in "
                                 "the audit log\n",
                                 purged->entries, purged->through_seq, purged->cutoff);
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
