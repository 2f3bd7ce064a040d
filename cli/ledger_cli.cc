#include "ledger_cli.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

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

Result<std::unique_ptr<Ledger>> OpenLedgerForCommand(const Cli& cli, const std::string& url) {
  std::string resolved = ResolveDbUrl(cli, url);
  auto ledger = Ledger::Open(resolved);
  if (!ledger) return ledger;
  auto version = (*ledger)->SchemaVersion();
  if (!version) return version.error();
  if (*version == 0 && (*ledger)->BackendName() == "sqlite") {
    auto applied = (*ledger)->Migrate();
    if (!applied) return applied.error();
    return ledger;
  }
  if (*version < LatestLedgerSchemaVersion())
    return Error(ErrorCode::kInvalidData,
                 fmt::format("the ledger is at schema version {}, this exportctl needs {}: run `exportctl db migrate`",
                             *version, LatestLedgerSchemaVersion()));
  if (*version > LatestLedgerSchemaVersion())
    return Error(ErrorCode::kInvalidData,
                 fmt::format("the ledger is at schema version {}, newer than this exportctl knows ({})", *version,
                             LatestLedgerSchemaVersion()));
  return ledger;
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

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void PrintTable(const Table& t, Format format, std::ostream& out) {
  if (format == Format::kJson || format == Format::kJsonl) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& row : t.rows) {
      nlohmann::json obj = nlohmann::json::object();
      for (std::size_t i = 0; i < t.columns.size(); ++i) obj[t.columns[i]] = row[i];
      if (format == Format::kJsonl) out << obj.dump() << '\n';
      else arr.push_back(std::move(obj));
    }
    if (format == Format::kJson) out << arr.dump(2) << '\n';
    return;
  }
  if (format == Format::kCsv) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << CsvField(t.columns[i]);
    out << "\r\n";
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(CellText(row[i]));
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

nlohmann::json EntryJson(const Entry& e) {
  return {{"id", e.id},
          {"idempotency_key", e.idempotency_key},
          {"kind", EntryKindName(e.kind)},
          {"refers_to", e.refers_to == 0 ? nlohmann::json() : nlohmann::json(e.refers_to)},
          {"basis", ShipmentBasisName(e.basis)},
          {"licence", e.licence_number},
          {"licence_version", e.licence_version},
          {"decision_id", e.decision_id},
          {"decision_sha256", e.decision_sha256},
          {"chip", e.chip},
          {"destination", e.destination},
          {"consignee", e.consignee},
          {"quantity", e.quantity},
          {"unit_price", FormatMinorUnits(e.unit_price.minor)},
          {"value", FormatMinorUnits(e.value_minor)},
          {"currency", e.unit_price.currency},
          {"date", e.date.ToString()},
          {"reason", e.reason},
          {"audit_seq", e.audit_seq},
          {"recorded_at", e.recorded_at},
          {"replayed", e.replayed}};
}

}  // namespace exportctl::cli
