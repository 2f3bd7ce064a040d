// exportctl licence add|amend|show|list
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_cli.h"

namespace exportctl::cli {
namespace {

// Licence fields given as options; each overrides the file (or, for amend, the current version).
struct LicenceOptions {
  std::string file;
  std::string number, holder, authority, currency, value_cap, valid_from, valid_to, status;
  std::vector<std::string> items, destinations, consignees, notifications;
  std::optional<std::int64_t> quantity_cap;
  std::string revenue_share, duty, volume_ratio_cap, volume_reference;
};

void AddLicenceOptions(CLI::App* cmd, LicenceOptions& o, bool with_number) {
  cmd->add_option("--file", o.file, "Licence file (.toml or .json); options override its fields");
  if (with_number) cmd->add_option("--number", o.number, "Licence number, e.g. D123456");
  cmd->add_option("--holder", o.holder, "Licence holder (the exporter)");
  cmd->add_option("--authority", o.authority, "Issuing authority, e.g. BIS");
  cmd->add_option("--item", o.items, "Covered chip id or ECCN (repeatable)");
  cmd->add_option("--destination", o.destinations, "Covered destination, ISO 3166 alpha-2 (repeatable)");
  cmd->add_option("--consignee", o.consignees, "Named consignee or end user (repeatable)");
  cmd->add_option("--quantity-cap", o.quantity_cap, "Quantity cap (units)");
  cmd->add_option("--value-cap", o.value_cap, "Value cap, e.g. 25000000.00");
  cmd->add_option("--currency", o.currency, "Currency of the value cap (ISO 4217)");
  cmd->add_option("--valid-from", o.valid_from, "First valid day (YYYY-MM-DD)");
  cmd->add_option("--valid-to", o.valid_to, "Last valid day (YYYY-MM-DD)");
  cmd->add_option("--status", o.status, "active, suspended, revoked or expired");
  cmd->add_option("--revenue-share", o.revenue_share, "Revenue share owed, e.g. 15%");
  cmd->add_option("--duty", o.duty, "Duty on shipped value, e.g. 25%");
  cmd->add_option("--volume-ratio-cap", o.volume_ratio_cap, "Licensed / reference-market volume cap, e.g. 50%");
  cmd->add_option("--volume-reference", o.volume_reference, "Reference market of the volume ratio (default US)");
  cmd->add_option("--notify", o.notifications, "Notification duty (repeatable)");
}

Status Overlay(const LicenceOptions& o, Licence& l) {
  if (!o.number.empty()) l.number = o.number;
  if (!o.holder.empty()) l.holder = o.holder;
  if (!o.authority.empty()) l.authority = o.authority;
  if (!o.items.empty()) l.items = o.items;
  if (!o.destinations.empty()) l.destinations = o.destinations;
  if (!o.consignees.empty()) l.consignees = o.consignees;
  if (!o.notifications.empty()) l.conditions.notifications = o.notifications;
  if (o.quantity_cap) l.quantity_cap = *o.quantity_cap;
  if (!o.currency.empty()) l.value_cap.currency = o.currency;
  if (!o.value_cap.empty()) {
    auto v = ParseMinorUnits(o.value_cap);
    if (!v) return Error(ErrorCode::kInvalidArgument, "--value-cap: " + v.error().message());
    l.value_cap.minor = *v;
  }
  for (auto [text, out, name] : {std::tuple{&o.valid_from, &l.valid_from, "--valid-from"},
                                 {&o.valid_to, &l.valid_to, "--valid-to"}}) {
    if (text->empty()) continue;
    auto d = Date::Parse(*text);
    if (!d) return Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", name, d.error().message()));
    *out = *d;
  }
  if (!o.status.empty()) {
    auto s = ParseLicenceStatus(o.status);
    if (!s) return s.error();
    l.status = *s;
  }
  for (auto [text, out, name] : {std::tuple{&o.revenue_share, &l.conditions.revenue_share_bp, "--revenue-share"},
                                 {&o.duty, &l.conditions.duty_bp, "--duty"},
                                 {&o.volume_ratio_cap, &l.conditions.volume_ratio_cap_bp, "--volume-ratio-cap"}}) {
    if (text->empty()) continue;
    auto bp = ParsePercentBp(*text);
    if (!bp) return Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", name, bp.error().message()));
    *out = *bp;
  }
  if (!o.volume_reference.empty()) l.conditions.volume_reference = o.volume_reference;
  return Ok{};
}

// Text and CSV: one row per licence with caps and percentages formatted; JSON: the licences in the
// shared mapping (app::LicenceJson, as `licence show --format json` and GET /v1/licences/{number}).
Table LicenceTable(const std::vector<Licence>& licences) {
  Table t{{"number", "version", "holder", "authority", "status", "items", "destinations", "consignees",
           "quantity_cap", "value_cap", "currency", "valid_from", "valid_to", "revenue_share", "duty",
           "volume_ratio_cap", "amendment_reason", "recorded_at"},
          {},
          {}};
  for (const Licence& l : licences) {
    t.rows.push_back({l.number, l.version, l.holder, l.authority, std::string(LicenceStatusName(l.status)), l.items,
                      l.destinations, l.consignees, l.quantity_cap, FormatMinorUnits(l.value_cap.minor),
                      l.value_cap.currency, l.valid_from.ToString(), l.valid_to.ToString(),
                      FormatPercentBp(l.conditions.revenue_share_bp), FormatPercentBp(l.conditions.duty_bp),
                      FormatPercentBp(l.conditions.volume_ratio_cap_bp), l.amendment_reason, l.recorded_at});
    t.objects.push_back(app::LicenceJson(l));
  }
  return t;
}

void PrintLicenceText(const Licence& l, std::ostream& out) {
  out << fmt::format("licence {} (version {}, {})\n", l.number, l.version, LicenceStatusName(l.status));
  out << fmt::format("  holder:       {}\n  authority:    {}\n", l.holder, l.authority);
  out << fmt::format("  items:        {}\n", fmt::join(l.items, ", "));
  out << fmt::format("  destinations: {}\n", fmt::join(l.destinations, ", "));
  out << fmt::format("  consignees:   {}\n", fmt::join(l.consignees, ", "));
  out << fmt::format("  caps:         {} units, {} {}\n", l.quantity_cap, l.value_cap.currency,
                     FormatMinorUnits(l.value_cap.minor));
  out << fmt::format("  valid:        {} to {}\n", l.valid_from.ToString(), l.valid_to.ToString());
  const auto& c = l.conditions;
  if (c.revenue_share_bp) out << fmt::format("  revenue share owed: {}\n", FormatPercentBp(c.revenue_share_bp));
  if (c.duty_bp) out << fmt::format("  duty: {}\n", FormatPercentBp(c.duty_bp));
  if (c.volume_ratio_cap_bp)
    out << fmt::format("  volume cap: {} of {} volume\n", FormatPercentBp(c.volume_ratio_cap_bp), c.volume_reference);
  for (const auto& n : c.notifications) out << fmt::format("  notify: {}\n", n);
  if (!l.amendment_reason.empty()) out << fmt::format("  amended: {} ({})\n", l.amendment_reason, l.recorded_at);
}

}  // namespace

void RegisterLicenceCommands(CLI::App& app, Cli& cli) {
  auto* group = app.add_subcommand("licence", "Licences: add, amend, show, list")->require_subcommand(1);
  group->alias("license");

  struct AddState { std::string db; LicenceOptions o; Format format = Format::kText; };
  auto add_state = std::make_shared<AddState>();
  auto* add = group->add_subcommand("add", "Record a granted licence (takes effect when a second user approves)");
  AddDbOption(add, &add_state->db);
  AddLicenceOptions(add, add_state->o, true);
  AddFormatOption(add, &add_state->format, {Format::kText, Format::kJson});
  add->callback([&cli, add_state] {
    cli.action = [&cli, add_state]() -> int {
      Licence l;
      if (!add_state->o.file.empty()) {
        auto loaded = LoadLicenceFile(add_state->o.file);
        if (!loaded) return Fail(loaded.error());
        l = std::move(*loaded);
      }
      if (auto s = Overlay(add_state->o, l); !s) return Fail(s.error());
      auto ledger = OpenDecidingLedger(cli, add_state->db);
      if (!ledger) return Fail(ledger.error());
      // Four eyes: a change request, applied when a second user approves it (at once when
      // approvals are switched off).
      auto change = (*ledger)->ProposeLicence(l);
      if (!change) return Fail(change.error());
      return PrintChange(*change, add_state->format);
    };
  });

  struct AmendState { std::string db, number, reason; LicenceOptions o; Format format = Format::kText; };
  auto amend_state = std::make_shared<AmendState>();
  auto* amend = group->add_subcommand("amend", "Record an amendment (a new version once approved; history is kept)");
  amend->add_option("number", amend_state->number, "Licence number")->required();
  amend->add_option("--reason", amend_state->reason, "Why the licence changed")->required();
  AddDbOption(amend, &amend_state->db);
  AddLicenceOptions(amend, amend_state->o, false);
  AddFormatOption(amend, &amend_state->format, {Format::kText, Format::kJson});
  amend->callback([&cli, amend_state] {
    cli.action = [&cli, amend_state]() -> int {
      auto ledger = OpenDecidingLedger(cli, amend_state->db);
      if (!ledger) return Fail(ledger.error());
      Licence l;
      if (!amend_state->o.file.empty()) {
        auto loaded = LoadLicenceFile(amend_state->o.file);
        if (!loaded) return Fail(loaded.error());
        l = std::move(*loaded);
      } else {
        auto current = (*ledger)->GetLicence(amend_state->number);
        if (!current) return Fail(current.error());
        l = std::move(*current);
      }
      if (auto s = Overlay(amend_state->o, l); !s) return Fail(s.error());
      if (l.number != amend_state->number)
        return Fail(Error(ErrorCode::kInvalidArgument,
                          fmt::format("the file is for licence `{}`, not `{}`", l.number, amend_state->number)));
      auto change = (*ledger)->ProposeAmendment(l, amend_state->reason);
      if (!change) return Fail(change.error());
      return PrintChange(*change, amend_state->format);
    };
  });

  struct ShowState { std::string db, number; bool history = false; Format format = Format::kText; };
  auto show_state = std::make_shared<ShowState>();
  auto* show = group->add_subcommand("show", "Show a licence (latest version, or its whole history)");
  show->add_option("number", show_state->number, "Licence number")->required();
  show->add_flag("--history", show_state->history, "Show every version");
  AddDbOption(show, &show_state->db);
  AddFormatOption(show, &show_state->format, {Format::kText, Format::kJson});
  show->callback([&cli, show_state] {
    cli.action = [&cli, show_state]() -> int {
      auto ledger = OpenLedgerForCommand(cli, show_state->db);
      if (!ledger) return Fail(ledger.error());
      std::vector<Licence> versions;
      if (show_state->history) {
        auto h = (*ledger)->LicenceHistory(show_state->number);
        if (!h) return Fail(h.error());
        versions = std::move(*h);
      } else {
        auto l = (*ledger)->GetLicence(show_state->number);
        if (!l) return Fail(l.error());
        versions.push_back(std::move(*l));
      }
      if (show_state->format == Format::kJson) {
        if (show_state->history) {
          std::cout << "[\n";
          for (std::size_t i = 0; i < versions.size(); ++i)
            std::cout << LicenceToJson(versions[i]) << (i + 1 < versions.size() ? ",\n" : "\n");
          std::cout << "]\n";
        } else {
          std::cout << LicenceToJson(versions.front()) << '\n';
        }
        return kExitOk;
      }
      auto balance = (*ledger)->Balances(show_state->number);
      for (const Licence& l : versions) PrintLicenceText(l, std::cout);
      if (balance && !balance->empty()) {
        const Balance& b = balance->front();
        std::cout << fmt::format("  remaining:    {} units, {} {}\n", b.quantity_remaining, b.value_cap.currency,
                                 FormatMinorUnits(b.value_remaining_minor));
      }
      return kExitOk;
    };
  });

  struct ListState { std::string db; Format format = Format::kText; };
  auto list_state = std::make_shared<ListState>();
  auto* list = group->add_subcommand("list", "List licences (latest versions)");
  AddDbOption(list, &list_state->db);
  AddFormatOption(list, &list_state->format, {Format::kText, Format::kJson, Format::kCsv});
  list->callback([&cli, list_state] {
    cli.action = [&cli, list_state]() -> int {
      auto ledger = OpenLedgerForCommand(cli, list_state->db);
      if (!ledger) return Fail(ledger.error());
      auto licences = (*ledger)->ListLicences();
      if (!licences) return Fail(licences.error());
      PrintTable(LicenceTable(*licences), list_state->format, std::cout);
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
