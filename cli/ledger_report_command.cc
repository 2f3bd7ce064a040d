// exportctl ledger report balance|revenue-share|volume-ratio|shipments
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_cli.h"

namespace exportctl::cli {
namespace {

struct ReportState {
  std::string db, licence, party, from, to;
  Format format = Format::kText;
};

Result<Table> BuildReport(Ledger& ledger, std::string_view which, const ReportState& s) {
  std::vector<nlohmann::json> objects;
  if (which == "balance") {
    auto rows = ledger.Balances(s.licence);
    if (!rows) return rows.error();
    for (const Balance& b : *rows) objects.push_back(app::BalanceToJson(b));
    return Table::Of({"licence", "status", "valid_to", "quantity_cap", "quantity_used", "quantity_remaining", "currency",
                      "value_cap", "value_used", "value_remaining"},
                     std::move(objects));
  }
  if (which == "revenue-share") {
    auto rows = ledger.RevenueShare(s.licence);
    if (!rows) return rows.error();
    for (const RevenueShareRow& r : *rows) objects.push_back(app::RevenueShareRowToJson(r));
    return Table::Of({"licence", "quarter", "currency", "quantity", "revenue", "revenue_share", "revenue_share_owed",
                      "us_import_value", "duty", "duty_owed"},
                     std::move(objects));
  }
  if (which == "volume-ratio") {
    auto rows = ledger.VolumeRatio(s.licence);
    if (!rows) return rows.error();
    for (const VolumeRatioRow& r : *rows) objects.push_back(app::VolumeRatioRowToJson(r));
    return Table::Of({"licence", "quarter", "licensed_quantity", "reference_market", "reference_quantity", "ratio", "cap",
                      "compliant"},
                     std::move(objects));
  }
  EntryFilter f;
  f.party = s.party;
  f.licence_number = s.licence;
  for (auto [text, out, name] : {std::tuple{&s.from, &f.from, "--from"}, {&s.to, &f.to, "--to"}}) {
    if (text->empty()) continue;
    auto d = Date::Parse(*text);
    if (!d) return Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", name, d.error().message()));
    *out = *d;
  }
  auto rows = ledger.Entries(f);
  if (!rows) return rows.error();
  for (const Entry& e : *rows) objects.push_back(app::EntryToJson(e));
  return Table::Of({"id", "kind", "refers_to", "date", "basis", "licence", "decision_id", "chip", "destination",
                    "consignee", "quantity", "unit_price", "value", "currency", "idempotency_key", "audit_seq"},
                   std::move(objects));
}

}  // namespace

void RegisterLedgerReportCommands(CLI::App& app, Cli& cli) {
  auto* group = app.add_subcommand("ledger", "Ledger reports")->require_subcommand(1);
  auto* report = group->add_subcommand("report", "Balances, revenue share, volume ratio, shipments")->require_subcommand(1);
  const std::pair<const char*, const char*> kReports[] = {
      {"balance", "Remaining quantity and value per licence"},
      {"revenue-share", "Revenue share and duty owed per licence and quarter"},
      {"volume-ratio", "Licensed volume against the reference market, per licence and quarter"},
      {"shipments", "Shipments and compensating entries, by party, licence or date range"}};
  for (auto [name, help] : kReports) {
    auto s = std::make_shared<ReportState>();
    auto* cmd = report->add_subcommand(name, help);
    AddDbOption(cmd, &s->db);
    cmd->add_option("--licence,--license", s->licence, "Only this licence");
    if (std::string_view(name) == "shipments") {
      cmd->add_option("--party", s->party, "Only entries for this consignee");
      cmd->add_option("--from", s->from, "First day (YYYY-MM-DD)");
      cmd->add_option("--to", s->to, "Last day (YYYY-MM-DD)");
    }
    AddFormatOption(cmd, &s->format, {Format::kText, Format::kJson, Format::kCsv});
    std::string which = name;
    cmd->callback([&cli, s, which] {
      cli.action = [&cli, s, which]() -> int {
        auto ledger = OpenLedgerForCommand(cli, s->db);
        if (!ledger) return Fail(ledger.error());
        auto table = BuildReport(**ledger, which, *s);
        if (!table) return Fail(table.error());
        PrintTable(*table, s->format, std::cout);
        return kExitOk;
      };
    });
  }
}

}  // namespace exportctl::cli
