// The licence ledger over HTTP (exportctl/ledger.h, docs/ledger.md): licences, shipments and
// their cancellations and returns, reports and the audit chain. Requests and answers go through
// the JSON mapping shared with the CLI (app/ledger_json.h); every database access is the ledger
// library's (bound parameters only), on a connection leased from the LedgerPool for the request.
//
//   GET  /v1/licences                     read     latest versions with balance and revenue share owed
//   GET  /v1/licences/{number}            read     licence, history (every version), balance
//   POST /v1/licences                     officer  body: the licence JSON (LicenceFromJson) -> 201
//   POST /v1/licences/{number}/amend      officer  {licence, reason} -> the new version
//   POST /v1/shipments                    officer  shipment request -> 201 recorded, 200 replayed
//   GET  /v1/shipments                    read     ?party=&licence=&from=&to=
//   POST /v1/shipments/{id}/cancel|return officer  {idempotency_key, date, reason[, quantity]}
//   GET  /v1/reports/balances|revenue-share|volume-ratio   read   [?licence=]
//   GET  /v1/audit/verify                 read     the AuditReport
//   GET  /v1/audit                        admin    ?kind=&actor=&q=&before=&limit= -> a page of the
//                                                  audit log, newest first (AuditLogPageToJson)
// Idempotency keys come from the `Idempotency-Key` header or the body's `idempotency_key`.
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_pool.h"
#include "routes.h"

namespace exportctl::server {

namespace {

using nlohmann::json;

// `error` with its field (and its details' fields) moved under `prefix` ("licence.quantity_cap").
Error UnderField(const Error& error, const std::string& prefix) {
  if (error.details().empty())
    return error.WithField(error.field().empty() ? prefix : prefix + "." + error.field());
  std::vector<Error> details;
  for (const Error& d : error.details()) details.push_back(UnderField(d, prefix));
  return Error::Many(error.code(), std::move(details));
}

// The JSON body with the `Idempotency-Key` header folded in as `idempotency_key`.
Result<json> BodyWithIdempotencyKey(const Call& call) {
  auto body = call.JsonBody();
  if (!body) return body.error();
  std::string header = call.request.Header("Idempotency-Key");
  if (header.empty()) return body;
  for (const char* key : {"idempotency_key", "key"})
    if (body->contains(key) && (*body)[key] != header)
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("the `Idempotency-Key` header and the body's `{}` differ: give one key", key))
          .WithField(key);
  if (!body->contains("key")) (*body)["idempotency_key"] = header;
  return body;
}

Result<Date> QueryDate(const Call& call, const char* name, Date fallback) {
  auto text = call.Query(name);
  if (!text || text->empty()) return fallback;
  auto d = Date::Parse(*text);
  if (!d) return d.error().WithField(name);
  return d;
}

std::string QueryString(const Call& call, const char* name) { return call.Query(name).value_or(""); }

Result<std::int64_t> ShipmentId(const Call& call) {
  const std::string text = call.request.matches[1];
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0)
    return Error(ErrorCode::kNotFound, fmt::format("unknown shipment {}", text));
  return id;
}

Reply EntryReply(const Entry& e) { return Reply::Json(app::EntryToJson(e), e.replayed ? 200 : 201); }

template <typename T, typename Fn>
json ArrayOf(const std::vector<T>& items, Fn&& to_json) {
  json out = json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return out;
}

Result<Reply> ListLicences(Ledger& ledger) {
  auto licences = ledger.ListLicences();
  if (!licences) return licences.error();
  auto balances = ledger.Balances();
  if (!balances) return balances.error();
  auto shares = ledger.RevenueShare();
  if (!shares) return shares.error();
  std::map<std::string, const Balance*> balance_of;
  for (const Balance& b : *balances) balance_of[b.licence_number] = &b;
  std::map<std::string, std::int64_t> owed;
  for (const RevenueShareRow& r : *shares) owed[r.licence_number] += r.revenue_share_owed_minor;
  json out = json::array();
  for (const Licence& l : *licences) {
    json balance;
    if (auto it = balance_of.find(l.number); it != balance_of.end()) {
      balance = app::BalanceToJson(*it->second);
    } else {  // added between the two reads
      auto one = ledger.Balances(l.number);
      if (!one) return one.error();
      balance = app::BalanceToJson(one->front());
    }
    out.push_back({{"licence", app::LicenceJson(l)},
                   {"balance", std::move(balance)},
                   {"revenue_share_owed", FormatMinorUnits(owed[l.number])}});
  }
  return Reply::Json({{"licences", std::move(out)}});
}

Result<Reply> ShowLicence(Ledger& ledger, const std::string& number) {
  auto latest = ledger.GetLicence(number);
  if (!latest) return latest.error();
  auto history = ledger.LicenceHistory(number);
  if (!history) return history.error();
  auto balance = ledger.Balances(number);
  if (!balance) return balance.error();
  return Reply::Json({{"licence", app::LicenceJson(*latest)},
                      {"history", ArrayOf(*history, app::LicenceJson)},
                      {"balance", app::BalanceToJson(balance->front())}});
}

Result<Reply> AmendLicence(Ledger& ledger, const Call& call, const std::string& number) {
  auto body = call.JsonBody();
  if (!body) return body.error();
  for (const auto& [key, value] : body->items())
    if (key != "licence" && key != "reason")
      return Error(ErrorCode::kInvalidArgument, fmt::format("unknown field `{}`", key)).WithField(key);
  if (!body->contains("reason") || !(*body)["reason"].is_string() || (*body)["reason"].get<std::string>().empty())
    return Error(ErrorCode::kInvalidArgument, "`reason` is required: why the licence changed").WithField("reason");
  if (!body->contains("licence") || !(*body)["licence"].is_object())
    return Error(ErrorCode::kInvalidArgument, "`licence` is required: the whole licence as amended").WithField("licence");
  json changes = (*body)["licence"];
  if (!changes.contains("number")) changes["number"] = number;
  if (changes["number"] != number)
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("`licence.number` {} is not the licence amended (`{}`)", changes["number"].dump(), number))
        .WithField("licence.number");
  auto licence = LicenceFromJson(changes.dump());
  if (!licence) return UnderField(licence.error(), "licence");
  auto change = ledger.ProposeAmendment(*licence, (*body)["reason"].get<std::string>());
  if (!change && !change.error().field().empty() && change.error().field() != "reason")
    return UnderField(change.error(), "licence");  // a bad licence field
  if (!change) return change.error();
  return ChangeReply(*change);
}

Result<Reply> Compensate(LedgerPool& pool, const Call& call, EntryKind kind) {
  auto id = ShipmentId(call);
  if (!id) return id.error();
  auto body = BodyWithIdempotencyKey(call);
  if (!body) return body.error();
  auto request = app::CompensationRequestFromJson(*body, kind, *id);
  if (!request) return request.error();
  return WithLedger(pool, call.actor, [&](Ledger& ledger) -> Result<Reply> {
    auto entry = ledger.Compensate(*request);
    if (!entry) return entry.error();
    return EntryReply(*entry);
  });
}

}  // namespace

void RegisterLedgerRoutes(Api& api, LedgerPool& pool) {
  LedgerPool* p = &pool;
  api.Add("GET", "/v1/licences", Access::kRead, [p](const Call& call) { return WithLedger(*p, call.actor, ListLicences); });
  api.Add("GET", R"(/v1/licences/(.+))", Access::kRead, [p](const Call& call) {
    return WithLedger(*p, call.actor, [&](Ledger& l) { return ShowLicence(l, call.request.matches[1]); });
  }, "GET /v1/licences/{number}");
  api.Add("POST", "/v1/licences", Access::kOfficer, [p](const Call& call) -> Result<Reply> {
    auto body = call.JsonBody();
    if (!body) return body.error();
    auto licence = LicenceFromJson(call.request.body);
    if (!licence) return licence.error();
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto change = l.ProposeLicence(*licence);
      if (!change) return change.error();
      return ChangeReply(*change);
    });
  });
  api.Add("POST", R"(/v1/licences/(.+)/amend)", Access::kOfficer, [p](const Call& call) {
    return WithLedger(*p, call.actor, [&](Ledger& l) { return AmendLicence(l, call, call.request.matches[1]); });
  }, "POST /v1/licences/{number}/amend");

  api.Add("POST", "/v1/shipments", Access::kOfficer, [p](const Call& call) -> Result<Reply> {
    auto body = BodyWithIdempotencyKey(call);
    if (!body) return body.error();
    auto request = app::ShipmentRequestFromJson(*body);
    if (!request) return request.error();
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto entry = l.Ship(*request);
      if (!entry) return entry.error();
      return EntryReply(*entry);
    });
  });
  api.Add("GET", "/v1/shipments", Access::kRead, [p](const Call& call) -> Result<Reply> {
    EntryFilter filter;
    filter.party = QueryString(call, "party");
    filter.licence_number = QueryString(call, "licence");
    auto from = QueryDate(call, "from", Date::Min());
    if (!from) return from.error();
    auto to = QueryDate(call, "to", Date::Max());
    if (!to) return to.error();
    filter.from = *from;
    filter.to = *to;
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto entries = l.Entries(filter);
      if (!entries) return entries.error();
      return Reply::Json({{"shipments", ArrayOf(*entries, app::EntryToJson)}});
    });
  });
  api.Add("POST", R"(/v1/shipments/([^/]+)/cancel)", Access::kOfficer, [p](const Call& call) {
    return Compensate(*p, call, EntryKind::kCancellation);
  }, "POST /v1/shipments/{id}/cancel");
  api.Add("POST", R"(/v1/shipments/([^/]+)/return)", Access::kOfficer, [p](const Call& call) {
    return Compensate(*p, call, EntryKind::kReturn);
  }, "POST /v1/shipments/{id}/return");

  api.Add("GET", "/v1/reports/balances", Access::kRead, [p](const Call& call) {
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto rows = l.Balances(QueryString(call, "licence"));
      if (!rows) return rows.error();
      return Reply::Json({{"balances", ArrayOf(*rows, app::BalanceToJson)}});
    });
  });
  api.Add("GET", "/v1/reports/revenue-share", Access::kRead, [p](const Call& call) {
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto rows = l.RevenueShare(QueryString(call, "licence"));
      if (!rows) return rows.error();
      return Reply::Json({{"revenue_share", ArrayOf(*rows, app::RevenueShareRowToJson)}});
    });
  });
  api.Add("GET", "/v1/reports/volume-ratio", Access::kRead, [p](const Call& call) {
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto rows = l.VolumeRatio(QueryString(call, "licence"));
      if (!rows) return rows.error();
      return Reply::Json({{"volume_ratio", ArrayOf(*rows, app::VolumeRatioRowToJson)}});
    });
  });

  api.Add("GET", "/v1/audit/verify", Access::kRead, [p](const Call& call) {
    return WithLedger(*p, call.actor, [](Ledger& l) -> Result<Reply> {
      auto report = l.VerifyAudit();
      if (!report) return report.error();
      return Reply::Json(app::AuditReportToJson(*report));
    });
  });
  api.Add("GET", "/v1/audit", Access::kAdmin, [p](const Call& call) -> Result<Reply> {
    std::map<std::string, std::string> fields(call.request.params.begin(), call.request.params.end());
    auto filter = app::AuditLogFilterFromFields(fields);
    if (!filter) return filter.error();
    return WithLedger(*p, call.actor, [&](Ledger& l) -> Result<Reply> {
      auto page = l.SearchAuditLog(*filter);
      if (!page) return page.error();
      return Reply::Json(app::AuditLogPageToJson(*page, *filter));
    });
  });
}

}  // namespace exportctl::server
