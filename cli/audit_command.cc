// exportctl audit verify|export, and exportctl db migrate.
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_cli.h"

namespace exportctl::cli {

void RegisterAuditCommands(CLI::App& app, Cli& cli) {
  auto* group = app.add_subcommand("audit", "The hash-chained audit log")->require_subcommand(1);

  struct VerifyState { std::string db, expect_head; Format format = Format::kText; };
  auto v = std::make_shared<VerifyState>();
  auto* verify = group->add_subcommand("verify", "Recompute the chain and check every ledger row against it");
  AddDbOption(verify, &v->db);
  verify->add_option("--expect-head", v->expect_head,
                     "A head hash printed by an earlier verify: fail unless it is still in the chain");
  AddFormatOption(verify, &v->format, {Format::kText, Format::kJson});
  verify->callback([&cli, v] {
    cli.action = [&cli, v]() -> int {
      auto ledger = OpenLedgerForCommand(cli, v->db);
      if (!ledger) return Fail(ledger.error());
      auto report = (*ledger)->VerifyAudit();
      if (!report) return Fail(report.error());
      if (!v->expect_head.empty()) {
        auto log = (*ledger)->AuditLog();
        if (!log) return Fail(log.error());
        bool found = false;
        for (const auto& e : *log) found = found || e.hash == v->expect_head;
        if (!found) {
          report->ok = false;
          report->problems.push_back(fmt::format(
              "expected head `{}` is not in the chain: entries were removed or rewritten", v->expect_head));
        }
      }
      if (v->format == Format::kJson) {
        std::cout << app::AuditReportToJson(*report).dump(2) << '\n';
      } else if (report->ok) {
        std::cout << fmt::format("audit log ok: {} entries, head {}; decision log ok: {} entries\n", report->entries, report->head_hash, report->decision_log_entries);
      } else {
        std::cout << fmt::format("audit log FAILED: {} problem(s) in {} entries\n", report->problems.size(),
                                 report->entries);
        for (const auto& p : report->problems) std::cout << "  " << p << '\n';
      }
      return report->ok ? kExitOk : kExitInvalidData;
    };
  });

  struct ExportState { std::string db, output; Format format = Format::kJsonl; };
  auto x = std::make_shared<ExportState>();
  auto* exp = group->add_subcommand("export", "Write the whole audit log for an auditor");
  AddDbOption(exp, &x->db);
  exp->add_option("--output,-o", x->output, "File to write (default: stdout)");
  AddFormatOption(exp, &x->format, {Format::kJsonl, Format::kJson, Format::kCsv});
  exp->callback([&cli, x] {
    cli.action = [&cli, x]() -> int {
      auto ledger = OpenLedgerForCommand(cli, x->db);
      if (!ledger) return Fail(ledger.error());
      auto log = (*ledger)->AuditLog();
      if (!log) return Fail(log.error());
      std::vector<nlohmann::json> entries;
      for (const auto& e : *log) entries.push_back(app::AuditEntryToJson(e));
      Table t = Table::Of({"seq", "recorded_at", "actor", "kind", "subject", "payload", "prev_hash", "hash"}, std::move(entries));
      if (x->output.empty()) {
        PrintTable(t, x->format, std::cout);
        return kExitOk;
      }
      std::ofstream out(x->output, std::ios::binary);
      if (!out) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", x->output)));
      PrintTable(t, x->format, out);
      out.close();
      if (!out) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", x->output)));
      std::cerr << fmt::format("wrote {} audit entries to `{}`\n", log->size(), x->output);
      return kExitOk;
    };
  });

  auto* db = app.add_subcommand("db", "Ledger database administration")->require_subcommand(1);
  auto db_url = std::make_shared<std::string>();
  auto* migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
  AddDbOption(migrate, db_url.get());
  migrate->callback([&cli, db_url] {
    cli.action = [&cli, db_url]() -> int {
      auto ledger = Ledger::Open(ResolveDbUrl(cli, *db_url));
      if (!ledger) return Fail(ledger.error());
      auto applied = (*ledger)->Migrate();
      if (!applied) return Fail(applied.error());
      auto version = (*ledger)->SchemaVersion();
      if (!version) return Fail(version.error());
      if (applied->empty())
        std::cout << fmt::format("{} ledger is up to date (schema version {})\n", (*ledger)->BackendName(), *version);
      else
        std::cout << fmt::format("{} ledger migrated to schema version {} (applied {})\n", (*ledger)->BackendName(),
                                 *version, fmt::join(*applied, ", "));
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
