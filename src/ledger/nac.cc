// NAC notifications (§740.8(c), docs/ledger.md "NAC"): recorded and objected to as audited,
// append-only rows; a shipment under exception NAC is checked against its notification inside the
// shipment's write transaction (shipments.cc).
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "ledger/audit_chain.h"
#include "ledger/ledger_impl.h"
#include "ledger/model.h"
#include "ledger/records.h"

namespace exportctl::ledger {
namespace {

using nlohmann::json;

// §740.8(c)(1): at least 25 calendar days before the export; STELA confirms on day 25.
constexpr int kNacWaitDays = 25;
constexpr std::size_t kMaxItems = 6;  // BIS's NAC form: up to 6 items per notification

constexpr std::string_view kNotificationColumns =
    "confirmation, sent_on, items, destination, end_user, consignee, quantity, recorded_at, audit_seq";

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) { return ToUpper(a) == ToUpper(b); }

std::string NotificationPayload(const SqlRow& r) {
  return json{{"confirmation", r.Str(0)}, {"sent_on", r.Str(1)},   {"items", r.Str(2)},
              {"destination", r.Str(3)},  {"end_user", r.Str(4)},  {"consignee", r.Str(5)},
              {"quantity", r.Int(6)},     {"recorded_at", r.Str(7)}}
      .dump();
}

std::string ObjectionPayload(const SqlRow& r) {
  return json{{"confirmation", r.Str(0)}, {"objected_on", r.Str(1)}, {"reason", r.Str(2)}, {"recorded_at", r.Str(3)}}.dump();
}

Result<NacNotification> FromRow(const SqlRow& r) {
  NacNotification n;
  n.confirmation = r.Str(0);
  auto sent = Date::Parse(r.Str(1));
  if (!sent) return Error(ErrorCode::kInvalidData, fmt::format("NAC notification `{}`: bad sent_on", n.confirmation));
  n.sent_on = *sent;
  json items = json::parse(r.Str(2), nullptr, false);
  if (items.is_array())
    for (const json& i : items)
      if (i.is_string()) n.items.push_back(i.get<std::string>());
  n.destination = r.Str(3);
  n.end_user = r.Str(4);
  n.consignee = r.Str(5);
  n.quantity = r.Int(6);
  n.recorded_at = r.Str(7);
  return n;
}

Status Validate(NacNotification& n) {
  std::vector<Error> errors;
  auto fail = [&](const char* field, std::string message) {
    errors.push_back(Invalid(fmt::format("NAC notification: {}", message)).WithField(field));
  };
  if (n.confirmation.empty() || n.confirmation.size() > 64 ||
      !std::all_of(n.confirmation.begin(), n.confirmation.end(), [](char c) { return c > ' ' && c < 127; }))
    fail("confirmation", "the confirmation number is 1 to 64 printable characters without spaces");
  if (!n.sent_on.valid()) fail("sent_on", "the date it was sent (YYYY-MM-DD) is required");
  if (n.items.empty() || n.items.size() > kMaxItems)
    fail("items", fmt::format("a notification names 1 to {} items (chip ids), not {}", kMaxItems, n.items.size()));
  for (const std::string& i : n.items)
    if (i.empty() || i.size() > 128) fail("items", "an item is a chip id");
  n.destination = ToUpper(n.destination);
  if (!IsCountryCode(n.destination)) fail("destination", fmt::format("`{}` is not an ISO 3166 alpha-2 code", n.destination));
  if (n.end_user.empty() || n.end_user.size() > 512) fail("end_user", "the end user is required");
  if (n.consignee.empty() || n.consignee.size() > 512) fail("consignee", "the consignee is required");
  if (n.quantity <= 0) fail("quantity", "the quantity covered must be a positive number of units");
  if (errors.size() == 1) return errors.front();
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
  return Ok{};
}

}  // namespace

Result<NacNotification> LoadNacNotification(SqlTxn& txn, const std::string& confirmation) {
  auto rows = txn.Query(fmt::format("SELECT {} FROM nac_notifications WHERE confirmation = ?", kNotificationColumns),
                        {confirmation});
  if (!rows) return rows.error();
  if (rows->empty()) return Error(ErrorCode::kNotFound, fmt::format("no NAC notification `{}` is recorded", confirmation));
  auto n = FromRow(rows->front());
  if (!n) return n.error();
  auto objection = txn.Query("SELECT objected_on, reason FROM nac_objections WHERE confirmation = ? ORDER BY objected_on LIMIT 1",
                             {confirmation});
  if (!objection) return objection.error();
  if (!objection->empty()) {
    if (auto d = Date::Parse(objection->front().Str(0))) n->objected_on = *d;
    n->objection = objection->front().Str(1);
  }
  auto shipped = txn.Query("SELECT COALESCE(SUM(quantity), 0) FROM entries WHERE nac_confirmation = ?", {confirmation});
  if (!shipped) return shipped.error();
  n->quantity_shipped = shipped->front().Int(0);
  return n;
}

Status CheckAgainstNac(const ShipmentRequest& r, const NacNotification& n) {
  auto refuse = [&](std::string why) {
    return Error(ErrorCode::kRefused, fmt::format("refused: NAC notification `{}`: {}", n.confirmation, why));
  };
  const Date earliest = Date::FromDays(n.sent_on.days() + kNacWaitDays);
  if (r.ship_date < earliest)
    return refuse(fmt::format("sent on {}, so a NAC export may not take place before {} (day {}, §740.8(c)); ship date "
                              "is {}",
                              n.sent_on.ToString(), earliest.ToString(), kNacWaitDays, r.ship_date.ToString()));
  if (n.objected_on && *n.objected_on <= r.ship_date)
    return refuse(fmt::format("BIS objected on {} ({}): a licence is required", n.objected_on->ToString(), n.objection));
  if (std::none_of(n.items.begin(), n.items.end(), [&](const std::string& i) { return EqualsIgnoreCase(i, r.chip); }))
    return refuse(fmt::format("covers {}, not `{}`", fmt::join(n.items, ", "), r.chip));
  if (!EqualsIgnoreCase(n.destination, r.destination))
    return refuse(fmt::format("is for destination {}, not {}", n.destination, r.destination));
  if (!EqualsIgnoreCase(n.consignee, r.consignee))
    return refuse(fmt::format("names consignee `{}`, not `{}`", n.consignee, r.consignee));
  if (r.quantity > n.quantity - n.quantity_shipped)
    return refuse(fmt::format("quantity {} exceeds the {} of its {} units not yet shipped", r.quantity,
                              n.quantity - n.quantity_shipped, n.quantity));
  return Ok{};
}

Result<NacNotification> LedgerImpl::RecordNacNotification(const NacNotification& notification) {
  NacNotification n = notification;
  if (auto s = Validate(n); !s) return s.error();
  n.recorded_at = Now();
  n.objected_on.reset();
  n.objection.clear();
  n.quantity_shipped = 0;
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto known = txn.Query("SELECT 1 FROM nac_notifications WHERE confirmation = ?", {n.confirmation});
    if (!known) return known.error();
    if (!known->empty())
      return Error(ErrorCode::kConflict, fmt::format("NAC notification `{}` is already recorded", n.confirmation));
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    SqlRow row;
    row.columns = {n.confirmation, n.sent_on.ToString(), json(n.items).dump(), n.destination,
                   n.end_user,     n.consignee,          std::to_string(n.quantity), n.recorded_at};
    if (auto s = txn.Exec(fmt::format("INSERT INTO nac_notifications ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      kNotificationColumns),
                          {n.confirmation, n.sent_on.ToString(), json(n.items).dump(), n.destination, n.end_user,
                           n.consignee, n.quantity, n.recorded_at, *seq});
        !s)
      return s;
    return audit.Append("nac_notification", n.confirmation, NotificationPayload(row), n.recorded_at);
  });
  if (!st) return st.error();
  return n;
}

Result<NacNotification> LedgerImpl::RecordNacObjection(const std::string& confirmation, Date objected_on,
                                                       const std::string& reason) {
  if (!objected_on.valid()) return Invalid("an objection needs its date (YYYY-MM-DD)");
  if (reason.size() > 2000) return Invalid("the objection's reason is longer than 2000 bytes");
  NacNotification out;
  const std::string now = Now();
  Status st = store_->Write([&](SqlTxn& txn) -> Status {
    auto n = LoadNacNotification(txn, confirmation);
    if (!n) return n.error();
    if (n->objected_on)
      return Error(ErrorCode::kConflict, fmt::format("BIS's objection to NAC notification `{}` is already recorded ({})",
                                                     confirmation, n->objected_on->ToString()));
    if (objected_on < n->sent_on)
      return Invalid(fmt::format("an objection on {} precedes the notification sent on {}", objected_on.ToString(),
                                 n->sent_on.ToString()));
    AuditAppender audit(txn, actor_.name);
    auto seq = audit.NextSeq();
    if (!seq) return seq.error();
    if (auto s = txn.Exec("INSERT INTO nac_objections (confirmation, objected_on, reason, recorded_at, audit_seq) "
                          "VALUES (?, ?, ?, ?, ?)",
                          {confirmation, objected_on.ToString(), reason, now, *seq});
        !s)
      return s;
    SqlRow row;
    row.columns = {confirmation, objected_on.ToString(), reason, now};
    if (auto s = audit.Append("nac_objection", confirmation, ObjectionPayload(row), now); !s) return s;
    out = std::move(*n);
    out.objected_on = objected_on;
    out.objection = reason;
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<NacNotification>> LedgerImpl::NacNotifications() {
  std::vector<NacNotification> out;
  Status st = store_->Read([&](SqlTxn& txn) -> Status {
    out.clear();
    auto rows = txn.Query("SELECT confirmation FROM nac_notifications ORDER BY sent_on, confirmation");
    if (!rows) return rows.error();
    for (const SqlRow& r : *rows) {
      auto n = LoadNacNotification(txn, r.Str(0));
      if (!n) return n.error();
      out.push_back(std::move(*n));
    }
    return Ok{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<AuditedRow>> NacRows(SqlTxn& txn) {
  std::vector<AuditedRow> out;
  auto notifications = txn.Query(fmt::format("SELECT {} FROM nac_notifications ORDER BY confirmation", kNotificationColumns));
  if (!notifications) return notifications.error();
  for (const SqlRow& r : *notifications)
    out.push_back({r.Int(8), "nac_notification", r.Str(0), NotificationPayload(r),
                   fmt::format("NAC notification `{}`", r.Str(0))});
  auto objections = txn.Query("SELECT confirmation, objected_on, reason, recorded_at, audit_seq FROM nac_objections ORDER BY audit_seq");
  if (!objections) return objections.error();
  for (const SqlRow& r : *objections)
    out.push_back({r.Int(4), "nac_objection", r.Str(0), ObjectionPayload(r), fmt::format("NAC objection to `{}`", r.Str(0))});
  return out;
}

}  // namespace exportctl::ledger
