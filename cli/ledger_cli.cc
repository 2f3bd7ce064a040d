#include "ledger_cli.h"

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "app/decision_log.h"
#include "app/ledger_open.h"
#include "app/list_screener.h"
#include "app/shipment_decider.h"
#include "common/csv.h"

namespace exportctl::cli {

void AddDbOption(CLI::App* cmd, std::string* url) {
  cmd->add_option("--db", *url,
                  "Ledger database: sqlite:PATH or postgresql://… (default: env EXPORTCTL_DB, else "
                  "sqlite:<home>/ledger.sqlite)");
}

std::string ResolveDbUrl(const Cli& cli, const std::string& url) {
  if (!url.empty()) return url;
  if (const char* env = std::getenv("EXPORTCTL_DB"); env && *env) return env;
  return "sqlite:" + cli.HomeDir() + "/ledger.sqlite";
}

namespace {

Result<std::unique_ptr<Ledger>> OpenAsActor(const Cli& cli, const std::string& url, LedgerOptions options) {
  auto ledger = app::OpenLedgerForUse(ResolveDbUrl(cli, url), std::move(options));
  if (!ledger) return ledger.error();
  if (cli.token.empty()) {
    Actor local{app::OsActor()};
    local.local = true;
    (*ledger)->SetActor(std::move(local));
  } else {
    auto actor = (*ledger)->Authenticate(cli.token);
    if (!actor) return Error(actor.error().code(), fmt::format("--token: {}", actor.error().message()));
    (*ledger)->SetActor(std::move(*actor));
  }
  return ledger;
}

}  // namespace

Result<std::unique_ptr<Ledger>> OpenLedgerForCommand(const Cli& cli, const std::string& url) {
  return OpenAsActor(cli, url, {});
}

Result<std::shared_ptr<const Engine>> WithLedgerClearances(std::shared_ptr<const Engine> engine, Ledger& ledger) {
  // Every clearance not revoked; the screener applies each one's expiry as of the decision's date.
  auto clearances = ledger.Clearances(Date::Min(), /*include_ended=*/false);
  if (!clearances) return clearances.error();
  auto settings = ledger.Settings();
  if (!settings) return settings.error();
  return app::EngineWithClearances(engine, app::WhitelistOf(*clearances, *settings));
}

Result<std::unique_ptr<Ledger>> OpenDecidingLedger(const Cli& cli, const std::string& url) {
  auto engine = cli.LoadEngine(/*with_lists=*/true);
  if (!engine) return engine.error();
  // The decider reads the engine through `current`, set once the ledger's clearances are known.
  auto current = std::make_shared<std::shared_ptr<const Engine>>(*engine);
  auto ledger = OpenAsActor(cli, url, app::EngineLedgerOptions([current] { return *current; }));
  if (!ledger) return ledger.error();
  auto cleared = WithLedgerClearances(*engine, **ledger);
  if (!cleared) return cleared.error();
  *current = std::move(*cleared);
  return ledger;
}

Table Table::Of(std::vector<std::string> columns, std::vector<nlohmann::json> objects) {
  Table t;
  t.columns = std::move(columns);
  for (const nlohmann::json& o : objects) {
    std::vector<nlohmann::json> row;
    for (const std::string& c : t.columns) row.push_back(o.contains(c) ? o[c] : nlohmann::json());
    t.rows.push_back(std::move(row));
  }
  t.objects = std::move(objects);
  return t;
}

namespace {

std::string CellText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  if (v.is_array()) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + CellText(x);
    return out;
  }
  return v.dump();
}

}  // namespace

void PrintTable(const Table& t, Format format, std::ostream& out) {
  if (format == Format::kJson || format == Format::kJsonl) {
    nlohmann::json arr = nlohmann::json::array();
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      nlohmann::json obj = nlohmann::json::object();
      if (r < t.objects.size()) obj = t.objects[r];
      else for (std::size_t i = 0; i < t.columns.size(); ++i) obj[t.columns[i]] = t.rows[r][i];
      if (format == Format::kJsonl) out << obj.dump() << '\n';
      else arr.push_back(std::move(obj));
    }
    if (format == Format::kJson) out << arr.dump(2) << '\n';
    return;
  }
  if (format == Format::kCsv) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << detail::CsvEscape(t.columns[i]);
    out << "\r\n";
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << detail::CsvEscape(CellText(row[i]));
      out << "\r\n";
    }
    return;
  }
  std::vector<std::size_t> width(t.columns.size());
  for (std::size_t i = 0; i < t.columns.size(); ++i) width[i] = t.columns[i].size();
  for (const auto& row : t.rows)
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], CellText(row[i]).size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      s += cells[i];
      if (i + 1 < cells.size()) s += std::string(width[i] - cells[i].size() + 2, ' ');
    }
    out << s << '\n';
  };
  line(t.columns);
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(CellText(c));
    line(cells);
  }
}

}  // namespace exportctl::cli
