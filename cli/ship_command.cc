// exportctl ship: one shipment (against a licence, a licence exception or "no licence required"),
// or a compensating entry for an earlier one (--cancel ID, --return ID).
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "common/json_limits.h"
#include "app/ledger_json.h"
#include "ledger_cli.h"

namespace exportctl::cli {
namespace {

struct ShipState {
  std::string batch;
  std::string db, key, licence, basis = "licence", decision_file, chip, eccn, destination, consignee, unit_price,
      currency, date, reason, exception, facts_file, nac_confirmation, us_import_value;
  // The check's facts beyond the shipment's own fields (as `exportctl check` spells them).
  std::string end_user, end_user_country, end_user_hq, end_user_type, origin, us_technology, ship_from, exporter;
  std::optional<double> us_content;
  std::vector<std::string> end_use, owners, via;
  std::int64_t quantity = 0;
  std::int64_t cancel = 0, return_of = 0;
  Format format = Format::kText;
};

Result<std::string> ReadFile(const std::string& path, std::string_view what = "decision") {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIoError, fmt::format("cannot read {} file `{}`", what, path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The facts options (and --facts FILE, which they override) as the ShipmentRequest's facts_json.
Result<std::string> FactsJson(const ShipState& s) {
  nlohmann::json facts = nlohmann::json::object();
  if (!s.facts_file.empty()) {
    auto text = ReadFile(s.facts_file, "facts");
    if (!text) return text.error();
    auto parsed = detail::ParseJsonBounded(*text, s.facts_file);
    if (!parsed) return parsed.error();
    if (!parsed->is_object()) return Error(ErrorCode::kInvalidArgument, fmt::format("{}: expected a JSON object of check-request fields", s.facts_file));
    facts = std::move(parsed).value();
  }
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) facts[key] = v;
  };
  put("end_user", s.end_user);
  put("end_user_country", s.end_user_country);
  put("end_user_hq", s.end_user_hq);
  put("end_user_type", s.end_user_type);
  put("origin", s.origin);
  put("us_technology", s.us_technology);
  put("ship_from", s.ship_from);
  put("exporter", s.exporter);
  if (s.us_content) facts["us_content"] = *s.us_content;
  if (!s.end_use.empty()) facts["end_use"] = s.end_use;
  if (!s.owners.empty()) facts["owners"] = s.owners;
  if (!s.via.empty()) facts["via"] = s.via;
  return facts.empty() ? std::string() : facts.dump();
}

int Print(const Entry& e, Ledger& ledger, Format format) {
  if (format == Format::kJson) {
    std::cout << app::EntryToJson(e).dump(2) << '\n';
    return kExitOk;
  }
  std::string what = e.kind == EntryKind::kShipment
                         ? fmt::format("shipment {}", e.id)
                         : fmt::format("{} {} of shipment {}", EntryKindName(e.kind), e.id, e.refers_to);
  std::cout << fmt::format("{}: {} (key `{}`): {} × {} to {} consignee `{}`, {} {}", e.replayed ? "already recorded" : "accepted",
                           what, e.idempotency_key, e.quantity, e.chip, e.destination, e.consignee,
                           e.unit_price.currency, FormatMinorUnits(e.value_minor));
  if (!e.licence_number.empty()) {
    std::cout << fmt::format(" under licence `{}`", e.licence_number);
    auto b = ledger.Balances(e.licence_number);
    if (b && !b->empty())
      std::cout << fmt::format("; remaining {} units, {} {}", b->front().quantity_remaining,
                               b->front().value_cap.currency, FormatMinorUnits(b->front().value_remaining_minor));
  } else {
    std::cout << fmt::format(" under {} (decision `{}`)", ShipmentBasisName(e.basis), e.decision_id);
  }
  std::cout << '\n';
  return kExitOk;
}

// --batch FILE: one JSON object per line in the shape of app::ShipmentRequestFromJson (`key`,
// `basis`, `licence`, `chip`, `eccn`, `destination`, `consignee`, `quantity`, `unit_price`,
// `currency`, `date`, `decision`) plus `decision_file` (a path read here), recorded with
// Ledger::ShipBatch in one transaction. Prints one JSON line per input line: `line`, `key`,
// `status` (accepted | replayed | refused), `id` or `error`.
int RunBatch(const Cli& cli, const ShipState& s) {
  std::ifstream in(s.batch);
  if (!in) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot read batch file `{}`", s.batch)));
  std::vector<ShipmentRequest> requests;
  std::vector<int> lines;
  std::vector<std::pair<int, Error>> bad;
  int number = 0;
  for (std::string text; std::getline(in, text);) {
    ++number;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json row = nlohmann::json::value_t::discarded;
    if (auto parsed = detail::ParseJsonBounded(text, "the row"); parsed.ok()) row = std::move(parsed).value();
    auto fail = [&](const Error& why) {
      const std::vector<Error> each = why.details().empty() ? std::vector<Error>{why} : why.details();
      for (const Error& e : each)
        bad.emplace_back(number, Error(ErrorCode::kInvalidArgument, fmt::format("{}:{}: {}", s.batch, number, e.message())));
    };
    if (!row.is_object()) {
      fail(Error(ErrorCode::kInvalidArgument, "not a JSON object"));
      continue;
    }
    std::string decision_file;
    if (row.contains("decision_file")) {
      if (!row["decision_file"].is_string()) {
        fail(Error(ErrorCode::kInvalidArgument, "`decision_file` must be a path"));
        continue;
      }
      decision_file = row["decision_file"].get<std::string>();
      row.erase("decision_file");
    }
    auto r = app::ShipmentRequestFromJson(row);
    if (!r) {
      fail(r.error());
      continue;
    }
    if (!decision_file.empty()) {
      auto text_or = ReadFile(decision_file, "decision");
      if (!text_or) {
        fail(text_or.error());
        continue;
      }
      r->decision_json = std::move(*text_or);
    }
    requests.push_back(std::move(*r));
    lines.push_back(number);
  }
  if (!bad.empty()) {
    std::vector<Error> errors;
    for (auto& [line, e] : bad) errors.push_back(e);
    return Fail(Error::Many(ErrorCode::kInvalidArgument, std::move(errors)));
  }
  auto ledger = OpenDecidingLedger(cli, s.db);
  if (!ledger) return Fail(ledger.error());
  auto results = (*ledger)->ShipBatch(requests);
  if (!results) return Fail(results.error());
  bool refused = false;
  for (std::size_t i = 0; i < results->size(); ++i) {
    const auto& r = (*results)[i];
    nlohmann::json out = {{"line", lines[i]}, {"key", requests[i].idempotency_key}};
    if (r) {
      out["status"] = r->replayed ? "replayed" : "accepted";
      out["id"] = r->id;
    } else {
      refused = true;
      out["status"] = "refused";
      out["error"] = r.error().message();
    }
    std::cout << out.dump() << '\n';
  }
  return refused ? kExitRefused : kExitOk;
}

int Run(const Cli& cli, const ShipState& s) {
  if (!s.batch.empty()) return RunBatch(cli, s);
  if (s.cancel != 0 || s.return_of != 0) {
    CompensationRequest c;
    c.idempotency_key = s.key;
    c.kind = s.cancel != 0 ? EntryKind::kCancellation : EntryKind::kReturn;
    c.shipment_id = s.cancel != 0 ? s.cancel : s.return_of;
    c.quantity = s.quantity;
    c.reason = s.reason;
    auto date = Date::Parse(s.date);
    if (!date) return Fail(Error(ErrorCode::kInvalidArgument, "--date: " + date.error().message()));
    c.date = *date;
    auto ledger = OpenLedgerForCommand(cli, s.db);
    if (!ledger) return Fail(ledger.error());
    auto e = (*ledger)->Compensate(c);
    if (!e) return Fail(e.error());
    return Print(*e, **ledger, s.format);
  }
  ShipmentRequest r;
  auto basis = ParseShipmentBasis(s.basis);
  if (!basis) return Fail(basis.error());
  r.basis = *basis;
  r.idempotency_key = s.key;
  r.licence_number = s.licence;
  r.chip = s.chip;
  r.eccn = s.eccn;
  r.destination = s.destination;
  r.consignee = s.consignee;
  r.quantity = s.quantity;
  auto price = ParseMinorUnits(s.unit_price);
  if (!price) return Fail(Error(ErrorCode::kInvalidArgument, "--unit-price: " + price.error().message()));
  r.unit_price = Money{*price, s.currency};
  auto date = Date::Parse(s.date);
  if (!date) return Fail(Error(ErrorCode::kInvalidArgument, "--date: " + date.error().message()));
  r.ship_date = *date;
  r.licence_exception = s.exception;
  r.nac_confirmation = s.nac_confirmation;
  if (!s.us_import_value.empty()) {
    auto value = ParseMinorUnits(s.us_import_value);
    if (!value) return Fail(Error(ErrorCode::kInvalidArgument, "--us-import-value: " + value.error().message()));
    r.us_import_value = Money{*value, s.currency};
  }
  auto facts = FactsJson(s);
  if (!facts) return Fail(facts.error());
  r.facts_json = std::move(*facts);
  if (!s.decision_file.empty()) {
    auto text = ReadFile(s.decision_file);
    if (!text) return Fail(text.error());
    r.decision_json = std::move(*text);
  }
  auto ledger = OpenDecidingLedger(cli, s.db);
  if (!ledger) return Fail(ledger.error());
  auto e = (*ledger)->Ship(r);
  if (!e) return Fail(e.error());
  return Print(*e, **ledger, s.format);
}

}  // namespace

void RegisterShipCommand(CLI::App& app, Cli& cli) {
  auto s = std::make_shared<ShipState>();
  auto* cmd = app.add_subcommand("ship", "Record a shipment (re-checked against its licence or decision), or undo one");
  AddDbOption(cmd, &s->db);
  auto* batch = cmd->add_option("--batch", s->batch,
                                "JSON-lines file of shipments, recorded in one transaction (see docs/ledger.md)");
  auto* key = cmd->add_option("--key", s->key, "Idempotency key: retrying with the same key never records twice");
  batch->excludes(key);
  cmd->add_option("--licence,--license", s->licence, "Licence shipped under (basis license)");
  cmd->add_option("--basis", s->basis, "license (default), license_exception or no_license_required (the former spelling licence_exception … is accepted)");
  cmd->add_option("--exception", s->exception, "The licence exception shipped under (basis license_exception), e.g. NAC");
  cmd->add_option("--us-import-value", s->us_import_value,
                  "Value declared on import into the US, for all the units (the Section 232 duty's base; same currency)");
  cmd->add_option("--nac-confirmation", s->nac_confirmation,
                  "Exception NAC: the confirmation number of the notification (`exportctl nac notify`)");
  cmd->add_option("--decision", s->decision_file,
                  "JSON decision of `exportctl check --format json`: a claim the ledger compares with its own "
                  "decision (its `request` supplies the facts unless given below)");
  cmd->add_option("--facts", s->facts_file, "JSON file of check-request facts (end_user_hq, end_use …)");
  cmd->add_option("--end-user", s->end_user, "End user (default: the consignee), screened");
  cmd->add_option("--end-user-country", s->end_user_country, "Where the end user is located (default: the destination)");
  cmd->add_option("--end-user-hq", s->end_user_hq, "Where the end user or its ultimate parent is headquartered");
  cmd->add_option("--end-user-type", s->end_user_type, "individual, independent_ngo, commercial or government");
  cmd->add_option("--end-use", s->end_use, "End-use tag (as for `check`); repeatable");
  cmd->add_option("--owner", s->owners, "An owner of the end user as NAME=SHARE; repeatable");
  cmd->add_option("--via", s->via, "Transit country; repeatable");
  cmd->add_option("--origin", s->origin, "Country where the item was produced (default: the catalog's)");
  cmd->add_option("--us-content", s->us_content, "Foreign-made item: % of controlled US-origin content (0-100)");
  cmd->add_option("--us-technology", s->us_technology, "Foreign-made item: direct product of US technology (yes|no)")
      ->check(CLI::IsMember({"yes", "no"}));
  cmd->add_option("--ship-from", s->ship_from, "Country the goods ship from (default US)");
  cmd->add_option("--exporter", s->exporter, "Exporting company (default: the chip's vendor)");
  cmd->add_option("--chip", s->chip, "Chip id");
  cmd->add_option("--eccn", s->eccn, "ECCN of the chip (matches licences that list ECCNs)");
  cmd->add_option("--destination", s->destination, "Destination, ISO 3166 alpha-2");
  cmd->add_option("--consignee", s->consignee, "Consignee");
  cmd->add_option("--quantity", s->quantity, "Units (for --return: units returned)");
  cmd->add_option("--unit-price", s->unit_price, "Unit price, e.g. 12000.00");
  cmd->add_option("--currency", s->currency, "Currency of the unit price (ISO 4217)");
  cmd->add_option("--date", s->date, "Ship date (or date of the cancellation / return), YYYY-MM-DD");
  auto* cancel = cmd->add_option("--cancel", s->cancel, "Cancel shipment ID (compensating entry)");
  auto* ret = cmd->add_option("--return", s->return_of, "Record a return against shipment ID (needs --quantity)");
  cancel->excludes(ret);
  cmd->add_option("--reason", s->reason, "Reason for a cancellation or return");
  AddFormatOption(cmd, &s->format, {Format::kText, Format::kJson});
  cmd->callback([&cli, s] {
    cli.action = [&cli, s]() -> int {
      if (s->batch.empty() && (s->key.empty() || s->date.empty()))
        return Fail(Error(ErrorCode::kInvalidArgument, "`ship` needs `--key` and `--date` (or `--batch FILE`)"));
      return Run(cli, *s);
    };
  });
}

}  // namespace exportctl::cli
