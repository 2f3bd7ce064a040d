// exportctl ship: one shipment (against a licence, a licence exception or "no licence required"),
// or a compensating entry for an earlier one (--cancel ID, --return ID).
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "ledger_cli.h"

namespace exportctl::cli {
namespace {

struct ShipState {
  std::string db, key, licence, basis = "licence", decision_file, chip, eccn, destination, consignee, unit_price,
      currency, date, reason;
  std::int64_t quantity = 0;
  std::int64_t cancel = 0, return_of = 0;
  Format format = Format::kText;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIoError, fmt::format("cannot read decision file `{}`", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int Print(const Entry& e, Ledger& ledger, Format format) {
  if (format == Format::kJson) {
    std::cout << EntryJson(e).dump(2) << '\n';
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

int Run(const Cli& cli, const ShipState& s) {
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
  if (!s.decision_file.empty()) {
    auto text = ReadFile(s.decision_file);
    if (!text) return Fail(text.error());
    r.decision_json = std::move(*text);
  }
  auto ledger = OpenLedgerForCommand(cli, s.db);
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
  cmd->add_option("--key", s->key, "Idempotency key: retrying with the same key never records twice")->required();
  cmd->add_option("--licence,--license", s->licence, "Licence shipped under (basis licence)");
  cmd->add_option("--basis", s->basis, "licence (default), licence_exception or no_licence_required");
  cmd->add_option("--decision", s->decision_file,
                  "JSON decision of `exportctl check --format json` (required for licence_exception and "
                  "no_licence_required)");
  cmd->add_option("--chip", s->chip, "Chip id");
  cmd->add_option("--eccn", s->eccn, "ECCN of the chip (matches licences that list ECCNs)");
  cmd->add_option("--destination", s->destination, "Destination, ISO 3166 alpha-2");
  cmd->add_option("--consignee", s->consignee, "Consignee");
  cmd->add_option("--quantity", s->quantity, "Units (for --return: units returned)");
  cmd->add_option("--unit-price", s->unit_price, "Unit price, e.g. 12000.00");
  cmd->add_option("--currency", s->currency, "Currency of the unit price (ISO 4217)");
  cmd->add_option("--date", s->date, "Ship date (or date of the cancellation / return), YYYY-MM-DD")->required();
  auto* cancel = cmd->add_option("--cancel", s->cancel, "Cancel shipment ID (compensating entry)");
  auto* ret = cmd->add_option("--return", s->return_of, "Record a return against shipment ID (needs --quantity)");
  cancel->excludes(ret);
  cmd->add_option("--reason", s->reason, "Reason for a cancellation or return");
  AddFormatOption(cmd, &s->format, {Format::kText, Format::kJson});
  cmd->callback([&cli, s] { cli.action = [&cli, s] { return Run(cli, *s); }; });
}

}  // namespace exportctl::cli
