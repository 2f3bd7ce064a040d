// exportctl nac notify|object|list: NAC notifications (§740.8(c); docs/ledger.md, "NAC"). A
// shipment under NAC names its notification: `ship --basis license_exception --exception NAC
// --nac-confirmation NUMBER`, refused before day 25 or after an objection.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_cli.h"

namespace exportctl::cli {

void RegisterNacCommands(CLI::App& app, Cli& cli) {
  auto* group = app.add_subcommand("nac", "NAC notifications to BIS (§740.8(c)) and their objections")->require_subcommand(1);

  struct NotifyState {
    std::string db, confirmation, sent_on, destination, end_user, consignee;
    std::vector<std::string> items;
    std::int64_t quantity = 0;
    Format format = Format::kText;
  };
  auto n = std::make_shared<NotifyState>();
  auto* notify = group->add_subcommand("notify", "Record a NAC notification sent through SNAP-R");
  AddDbOption(notify, &n->db);
  notify->add_option("--confirmation", n->confirmation, "SNAP-R / STELA confirmation number")->required();
  notify->add_option("--sent-on", n->sent_on, "Date the notification was submitted (YYYY-MM-DD)")->required();
  notify->add_option("--item", n->items, "Chip id covered (repeatable, up to 6)")->required();
  notify->add_option("--destination", n->destination, "Destination, ISO 3166 alpha-2")->required();
  notify->add_option("--end-user", n->end_user, "End user named in the notification")->required();
  notify->add_option("--consignee", n->consignee, "Consignee named in the notification")->required();
  notify->add_option("--quantity", n->quantity, "Units the notification covers")->required();
  AddFormatOption(notify, &n->format, {Format::kText, Format::kJson});
  notify->callback([&cli, n] {
    cli.action = [&cli, n]() -> int {
      NacNotification notification;
      notification.confirmation = n->confirmation;
      auto sent = Date::Parse(n->sent_on);
      if (!sent) return Fail(Error(ErrorCode::kInvalidArgument, "--sent-on: " + sent.error().message()));
      notification.sent_on = *sent;
      notification.items = n->items;
      notification.destination = n->destination;
      notification.end_user = n->end_user;
      notification.consignee = n->consignee;
      notification.quantity = n->quantity;
      auto ledger = OpenLedgerForCommand(cli, n->db);
      if (!ledger) return Fail(ledger.error());
      auto recorded = (*ledger)->RecordNacNotification(notification);
      if (!recorded) return Fail(recorded.error());
      if (n->format == Format::kJson) {
        std::cout << app::NacNotificationToJson(*recorded).dump(2) << '\n';
      } else {
        std::cout << fmt::format("recorded NAC notification `{}` sent {}: first export under it on {} (day 25)\n",
                                 recorded->confirmation, recorded->sent_on.ToString(),
                                 recorded->sent_on.AddDays(25).ToString());
      }
      return kExitOk;
    };
  });

  struct ObjectState { std::string db, confirmation, on, reason; };
  auto o = std::make_shared<ObjectState>();
  auto* object = group->add_subcommand("object", "Record BIS's objection to a NAC notification (a licence is then required)");
  AddDbOption(object, &o->db);
  object->add_option("confirmation", o->confirmation, "Confirmation number of the notification")->required();
  object->add_option("--on", o->on, "Date of the objection (YYYY-MM-DD)")->required();
  object->add_option("--reason", o->reason, "What BIS said");
  object->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto on = Date::Parse(o->on);
      if (!on) return Fail(Error(ErrorCode::kInvalidArgument, "--on: " + on.error().message()));
      auto ledger = OpenLedgerForCommand(cli, o->db);
      if (!ledger) return Fail(ledger.error());
      auto objected = (*ledger)->RecordNacObjection(o->confirmation, *on, o->reason);
      if (!objected) return Fail(objected.error());
      std::cout << fmt::format("recorded BIS's objection of {} to NAC notification `{}`\n", on->ToString(),
                               objected->confirmation);
      return kExitOk;
    };
  });

  struct ListState { std::string db; Format format = Format::kText; };
  auto l = std::make_shared<ListState>();
  auto* list = group->add_subcommand("list", "Every NAC notification, its state and what was shipped under it");
  AddDbOption(list, &l->db);
  AddFormatOption(list, &l->format, {Format::kText, Format::kJson, Format::kCsv});
  list->callback([&cli, l] {
    cli.action = [&cli, l]() -> int {
      auto ledger = OpenLedgerForCommand(cli, l->db);
      if (!ledger) return Fail(ledger.error());
      auto all = (*ledger)->NacNotifications();
      if (!all) return Fail(all.error());
      std::vector<nlohmann::json> objects;
      for (const NacNotification& one : *all) objects.push_back(app::NacNotificationToJson(one));
      PrintTable(Table::Of({"confirmation", "sent_on", "earliest_export", "state", "destination", "consignee", "items",
                            "quantity", "quantity_shipped"},
                           std::move(objects)),
                 l->format, std::cout);
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
