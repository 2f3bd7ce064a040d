#include "app/ledger_json.h"

#include <charconv>
#include <limits>
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include <fmt/format.h>

namespace exportctl::app {

using nlohmann::json;

json LicenceJson(const Licence& licence) { return json::parse(LicenceToJson(licence)); }

json EntryToJson(const Entry& e) {
  return {{"id", e.id},
          {"idempotency_key", e.idempotency_key},
          {"kind", EntryKindName(e.kind)},
          {"refers_to", e.refers_to == 0 ? json() : json(e.refers_to)},
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
          {"nac_confirmation", e.nac_confirmation.empty() ? json() : json(e.nac_confirmation)},
          {"us_import_value", e.us_import_value_minor == 0 ? json() : json(FormatMinorUnits(e.us_import_value_minor))},
          {"audit_seq", e.audit_seq},
          {"recorded_at", e.recorded_at},
          {"replayed", e.replayed}};
}

json NacNotificationToJson(const NacNotification& n) {
  return {{"confirmation", n.confirmation},
          {"sent_on", n.sent_on.ToString()},
          {"earliest_export", n.sent_on.AddDays(25).ToString()},
          {"items", n.items},
          {"destination", n.destination},
          {"end_user", n.end_user},
          {"consignee", n.consignee},
          {"quantity", n.quantity},
          {"quantity_shipped", n.quantity_shipped},
          {"state", n.objected_on ? "objected" : "notified"},
          {"objected_on", n.objected_on ? json(n.objected_on->ToString()) : json()},
          {"objection", n.objection},
          {"recorded_at", n.recorded_at}};
}


json BalanceToJson(const Balance& b) {
  return {{"licence", b.licence_number},
          {"status", LicenceStatusName(b.status)},
          {"valid_to", b.valid_to.ToString()},
          {"quantity_cap", b.quantity_cap},
          {"quantity_used", b.quantity_used},
          {"quantity_remaining", b.quantity_remaining},
          {"currency", b.value_cap.currency},
          {"value_cap", FormatMinorUnits(b.value_cap.minor)},
          {"value_used", FormatMinorUnits(b.value_used_minor)},
          {"value_remaining", FormatMinorUnits(b.value_remaining_minor)}};
}

json RevenueShareRowToJson(const RevenueShareRow& r) {
  return {{"licence", r.licence_number},
          {"quarter", r.quarter},
          {"currency", r.currency},
          {"quantity", r.quantity},
          {"revenue", FormatMinorUnits(r.revenue_minor)},
          {"revenue_share", FormatPercentBp(r.revenue_share_bp)},
          {"revenue_share_owed", FormatMinorUnits(r.revenue_share_owed_minor)},
          {"duty", FormatPercentBp(r.duty_bp)},
          {"us_import_value", FormatMinorUnits(r.us_import_value_minor)},
          {"duty_owed", FormatMinorUnits(r.duty_owed_minor)}};
}

json VolumeRatioRowToJson(const VolumeRatioRow& r) {
  return {{"licence", r.licence_number},
          {"quarter", r.quarter},
          {"licensed_quantity", r.licensed_quantity},
          {"reference_market", r.reference_market},
          {"reference_quantity", r.reference_quantity},
          {"ratio", r.ratio_bp < 0 ? std::string("n/a") : FormatPercentBp(r.ratio_bp)},
          {"cap", FormatPercentBp(r.cap_bp)},
          {"compliant", r.compliant}};
}

json AuditReportToJson(const AuditReport& r) {
  return {{"ok", r.ok},
          {"entries", r.entries},
          {"head_hash", r.head_hash},
          {"decision_log_entries", r.decision_log_entries},
          {"problems", r.problems}};
}

json AuditEntryToJson(const AuditEntry& e) {
  return {{"seq", e.seq},       {"recorded_at", e.recorded_at}, {"kind", e.kind},
          {"subject", e.subject}, {"payload", e.payload},       {"prev_hash", e.prev_hash},
          {"hash", e.hash},       {"actor", e.actor}};
}

json DecisionLogEntryToJson(const DecisionLogEntry& e, bool with_body) {
  json j = {{"seq", e.seq},
            {"recorded_at", e.recorded_at},
            {"actor", e.actor},
            {"channel", e.channel},
            {"kind", e.kind},
            {"decision_id", e.decision_id},
            {"outcome", e.outcome},
            {"as_of", e.as_of},
            {"chip", e.chip},
            {"destination", e.destination},
            {"party", e.party},
            {"ruleset", e.ruleset},
            {"lists", json::parse(e.lists, nullptr, /*allow_exceptions=*/false)},
            {"prev_hash", e.prev_hash},
            {"hash", e.hash}};
  if (with_body) j["body"] = json::parse(e.body, nullptr, /*allow_exceptions=*/false);
  return j;
}

namespace {

// The problems of a query string's parameters, each naming its parameter.
class QueryProblems {
 public:
  void Fail(const std::string& field, std::string message) {
    errors_.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", field, message)).WithField(field));
  }
  // `text` as a whole number in lo..hi; lo (and a problem) otherwise.
  std::int64_t Integer(const std::string& field, const std::string& text, std::int64_t lo, std::int64_t hi) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
      Fail(field, fmt::format("`{}` is not a whole number in {}..{}", text, lo, hi));
      return lo;
    }
    return v;
  }
  exportctl::Status Status() {
    if (errors_.size() == 1) return errors_.front();
    if (!errors_.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors_));
    return Ok{};
  }

 private:
  std::vector<Error> errors_;
};

}  // namespace

Result<AuditLogFilter> AuditLogFilterFromFields(const std::map<std::string, std::string>& fields) {
  AuditLogFilter f;
  QueryProblems problems;
  auto fail = [&](const std::string& field, std::string message) { problems.Fail(field, std::move(message)); };
  auto integer = [&](const std::string& field, const std::string& text, std::int64_t lo, std::int64_t hi) {
    return problems.Integer(field, text, lo, hi);
  };
  for (const auto& [key, value] : fields) {
    if (value.size() > 512) fail(key, "longer than 512 bytes");
    else if (key == "kind") f.kind = value;
    else if (key == "actor") f.actor = value;
    else if (key == "q") f.text = value;
    else if (key == "before") f.before_seq = value.empty() ? 0 : integer(key, value, 1, std::numeric_limits<std::int64_t>::max());
    else if (key == "limit") f.limit = integer(key, value, 1, 1000);
    else fail(key, "unknown parameter (kind, actor, q, before, limit)");
  }
  if (auto st = problems.Status(); !st) return st.error();
  return f;
}

json AuditLogPageToJson(const AuditLogPage& page, const AuditLogFilter& filter) {
  json entries = json::array();
  for (const AuditEntry& e : page.entries) entries.push_back(AuditEntryToJson(e));
  const bool more = std::int64_t(page.entries.size()) == filter.limit && page.entries.back().seq > 1;
  return {{"entries", std::move(entries)},
          {"matching", page.matching},
          {"total", page.total},
          {"kinds", page.kinds},
          {"next_before", more ? json(page.entries.back().seq) : json(nullptr)}};
}

Result<DecisionLogFilter> DecisionLogFilterFromFields(const std::map<std::string, std::string>& fields) {
  DecisionLogFilter f;
  f.limit = 100;
  QueryProblems problems;
  auto fail = [&](const std::string& field, std::string message) { problems.Fail(field, std::move(message)); };
  auto integer = [&](const std::string& field, const std::string& text, std::int64_t lo, std::int64_t hi) {
    return problems.Integer(field, text, lo, hi);
  };
  for (const auto& [key, value] : fields) {
    if (value.size() > 512) {
      fail(key, "longer than 512 bytes");
      continue;
    }
    if (key == "party") f.party = value;
    else if (key == "chip") f.chip = value;
    else if (key == "outcome") f.outcome = value;
    else if (key == "kind") {
      if (value != "check" && value != "screen" && !value.empty()) fail(key, fmt::format("`{}` is not check or screen", value));
      f.kind = value;
    } else if (key == "from" || key == "to") {
      auto d = Date::Parse(value);
      if (!d) fail(key, d.error().message());
      else (key == "from" ? f.from : f.to) = *d;
    } else if (key == "after") {
      f.after_seq = integer(key, value, 0, std::numeric_limits<std::int64_t>::max());
    } else if (key == "limit") {
      f.limit = integer(key, value, 1, 10000);
    } else {
      fail(key, "unknown parameter (party, chip, outcome, kind, from, to, after, limit)");
    }
  }
  if (auto st = problems.Status(); !st) return st.error();
  return f;
}

json ShipmentRequestToJson(const ShipmentRequest& r) {
  json j = {{"idempotency_key", r.idempotency_key},
            {"basis", ShipmentBasisName(r.basis)},
            {"chip", r.chip},
            {"destination", r.destination},
            {"consignee", r.consignee},
            {"quantity", r.quantity},
            {"unit_price", FormatMinorUnits(r.unit_price.minor)},
            {"currency", r.unit_price.currency},
            {"date", r.ship_date.ToString()}};
  if (!r.licence_number.empty()) j["licence"] = r.licence_number;
  if (!r.eccn.empty()) j["eccn"] = r.eccn;
  if (!r.licence_exception.empty()) j["exception"] = r.licence_exception;
  if (!r.nac_confirmation.empty()) j["nac_confirmation"] = r.nac_confirmation;
  if (r.us_import_value.minor != 0) j["us_import_value"] = FormatMinorUnits(r.us_import_value.minor);
  if (!r.facts_json.empty()) j["facts"] = json::parse(r.facts_json, nullptr, /*allow_exceptions=*/false);
  if (!r.decision_json.empty()) j["decision"] = r.decision_json;
  return j;
}

namespace {

// Reads the fields of one JSON object, collecting every problem with the field it is about.
class FieldReader {
 public:
  FieldReader(const json& j, std::set<std::string> known) : j_(j) {
    for (const auto& [key, value] : j.items())
      if (!known.contains(key)) Fail(key, fmt::format("unknown field `{}`", key));
  }

  void Fail(const std::string& field, std::string message) {
    errors_.push_back(Error(ErrorCode::kInvalidArgument, std::move(message)).WithField(field));
  }

  bool Has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }

  // A string field; "" when absent. `required`: absent or blank is an error.
  std::string String(const char* key, bool required) {
    if (!Has(key)) {
      if (required) Fail(key, fmt::format("`{}` is required", key));
      return "";
    }
    if (!j_[key].is_string()) {
      Fail(key, fmt::format("`{}` must be a string", key));
      return "";
    }
    std::string v = j_[key].get<std::string>();
    if (required && v.find_first_not_of(" \t\r\n") == std::string::npos) Fail(key, fmt::format("`{}` is empty", key));
    return v;
  }

  // A positive integer given as a JSON integer or a string of digits.
  std::int64_t PositiveInteger(const char* key) {
    if (!Has(key)) {
      Fail(key, fmt::format("`{}` is required", key));
      return 0;
    }
    const json& v = j_[key];
    std::int64_t n = 0;
    bool ok = false;
    if (v.is_number_integer()) {
      n = v.get<std::int64_t>();
      ok = true;
    } else if (v.is_string()) {
      const std::string s = v.get<std::string>();
      ok = !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (ok) n = std::stoll(s);
    }
    if (!ok || n <= 0) {
      Fail(key, fmt::format("{} `{}` is not a positive integer", key, v.is_string() ? v.get<std::string>() : v.dump()));
      return 0;
    }
    return n;
  }

  // An amount: "12000.50" (at most two decimals) or a whole number; minor units.
  std::int64_t Amount(const char* key) {
    if (!Has(key)) {
      Fail(key, fmt::format("`{}` is required", key));
      return 0;
    }
    const json& v = j_[key];
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() <= INT64_MAX / 100)
      return v.get<std::int64_t>() * 100;
    if (v.is_string()) {
      auto minor = ParseMinorUnits(v.get<std::string>());
      if (minor) return *minor;
      Fail(key, fmt::format("{} `{}`: {}", key, v.get<std::string>(), minor.error().message()));
      return 0;
    }
    Fail(key, fmt::format("{} `{}` is not an amount: give a string such as \"12000.50\"", key, v.dump()));
    return 0;
  }

  // A date YYYY-MM-DD.
  Date DateField(const char* key) {
    std::string text = String(key, true);
    if (text.empty()) return Date{};
    auto d = Date::Parse(text);
    if (!d) {
      Fail(key, fmt::format("{}: {}", key, d.error().message()));
      return Date{};
    }
    return *d;
  }

  // The idempotency key: `idempotency_key` or its alias `key` (not two different ones).
  std::string IdempotencyKey() {
    bool has_long = Has("idempotency_key"), has_short = Has("key");
    std::string key = String(has_short && !has_long ? "key" : "idempotency_key", true);
    if (has_long && has_short && j_["key"] != j_["idempotency_key"])
      Fail("key", "`key` and `idempotency_key` differ: give one idempotency key");
    if (key.size() > 200) Fail("idempotency_key", "`idempotency_key` is longer than 200 characters");
    return key;
  }

  Status Finish() {
    if (errors_.empty()) return Ok{};
    return Error::Many(ErrorCode::kInvalidArgument, std::move(errors_));
  }

 private:
  const json& j_;
  std::vector<Error> errors_;
};

bool IsUpperAlpha(const std::string& s, std::size_t size) {
  return s.size() == size && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string Upper(std::string s) {
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<ShipmentRequest> ShipmentRequestFromJson(const json& j) {
  if (!j.is_object()) return Error(ErrorCode::kInvalidArgument, "a shipment request is a JSON object").WithField("body");
  FieldReader f(j, {"idempotency_key", "key", "basis", "licence", "chip", "eccn", "destination", "consignee",
                    "quantity", "unit_price", "currency", "date", "decision", "exception", "facts",
                    "nac_confirmation", "us_import_value"});
  ShipmentRequest r;
  r.idempotency_key = f.IdempotencyKey();
  if (std::string basis = f.String("basis", false); !basis.empty()) {
    auto b = ParseShipmentBasis(basis);
    if (b) r.basis = *b;
    else f.Fail("basis", b.error().message());
  }
  r.licence_number = f.String("licence", r.basis == ShipmentBasis::kLicence);
  if (r.basis != ShipmentBasis::kLicence && !r.licence_number.empty())
    f.Fail("licence", fmt::format("a shipment under basis `{}` names no `licence`", ShipmentBasisName(r.basis)));
  r.chip = f.String("chip", true);
  r.eccn = f.String("eccn", false);
  r.destination = Upper(f.String("destination", true));
  if (!r.destination.empty() && !IsUpperAlpha(r.destination, 2))
    f.Fail("destination", fmt::format("destination `{}` is not an ISO 3166 alpha-2 code", r.destination));
  r.consignee = f.String("consignee", true);
  r.quantity = f.PositiveInteger("quantity");
  r.unit_price.minor = f.Amount("unit_price");
  r.unit_price.currency = Upper(f.String("currency", true));
  if (!r.unit_price.currency.empty() && !IsUpperAlpha(r.unit_price.currency, 3))
    f.Fail("currency", fmt::format("currency `{}` is not an ISO 4217 code such as USD", r.unit_price.currency));
  r.ship_date = f.DateField("date");
  r.licence_exception = Upper(f.String("exception", r.basis == ShipmentBasis::kLicenceException));
  r.nac_confirmation = f.String("nac_confirmation", r.licence_exception == "NAC");
  if (f.Has("us_import_value")) {
    r.us_import_value.minor = f.Amount("us_import_value");
    r.us_import_value.currency = r.unit_price.currency;
  }
  if (f.Has("facts")) {
    if (j["facts"].is_object()) r.facts_json = j["facts"].dump();
    else f.Fail("facts", "`facts` must be an object of check-request fields (end_user_hq, end_use …)");
  }
  if (f.Has("decision")) {
    const json& d = j["decision"];
    if (d.is_string()) r.decision_json = d.get<std::string>();
    else if (d.is_object()) r.decision_json = d.dump();
    else f.Fail("decision", "`decision` must be the decision JSON of `check` (an object or its text)");
  }
  if (Status s = f.Finish(); !s) return s.error();
  return r;
}

Result<NacNotification> NacNotificationFromJson(const json& j) {
  if (!j.is_object()) return Error(ErrorCode::kInvalidArgument, "a NAC notification is a JSON object").WithField("body");
  FieldReader f(j, {"confirmation", "sent_on", "items", "destination", "end_user", "consignee", "quantity"});
  NacNotification n;
  n.confirmation = f.String("confirmation", true);
  n.sent_on = f.DateField("sent_on");
  if (!j.contains("items") || !j["items"].is_array() || j["items"].empty()) {
    f.Fail("items", "`items` is a list of chip ids");
  } else {
    for (const json& i : j["items"]) {
      if (i.is_string()) n.items.push_back(i.get<std::string>());
      else f.Fail("items", "`items` is a list of chip ids");
    }
  }
  n.destination = Upper(f.String("destination", true));
  n.end_user = f.String("end_user", true);
  n.consignee = f.String("consignee", true);
  n.quantity = f.PositiveInteger("quantity");
  if (Status s = f.Finish(); !s) return s.error();
  return n;
}

Result<CompensationRequest> CompensationRequestFromJson(const json& j, EntryKind kind, std::int64_t shipment_id) {
  if (!j.is_object()) return Error(ErrorCode::kInvalidArgument, "a cancellation or return is a JSON object").WithField("body");
  bool is_return = kind == EntryKind::kReturn;
  FieldReader f(j, {"idempotency_key", "key", "date", "reason", "quantity"});
  CompensationRequest c;
  c.kind = kind;
  c.shipment_id = shipment_id;
  c.idempotency_key = f.IdempotencyKey();
  c.date = f.DateField("date");
  c.reason = f.String("reason", false);
  if (is_return) c.quantity = f.PositiveInteger("quantity");
  else if (f.Has("quantity"))
    f.Fail("quantity", "a cancellation undoes everything still shipped and takes no `quantity`: record a return for part");
  if (Status s = f.Finish(); !s) return s.error();
  return c;
}

nlohmann::json ChangeRequestToJson(const ChangeRequest& c) {
  auto body = nlohmann::json::parse(c.body, nullptr, false);
  nlohmann::json j = {{"id", c.id},
                      {"kind", ChangeKindName(c.kind)},
                      {"subject", c.subject},
                      {"state", ChangeStateName(c.state)},
                      {"without_approval", c.without_approval},
                      {"requested_by", c.requested_by},
                      {"requested_at", c.requested_at},
                      {"decided_by", c.decided_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.decided_by)},
                      {"decided_at", c.decided_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.decided_at)},
                      {"note", c.note},
                      {"reason", c.reason},
                      {"body", body.is_discarded() ? nlohmann::json(c.body) : body}};
  if (c.licence) j["licence"] = LicenceJson(*c.licence);
  if (c.clearance) j["clearance"] = ClearanceJson(*c.clearance);
  return j;
}

nlohmann::json ClearanceJson(const Clearance& c) { return nlohmann::json::parse(ClearanceToJson(c)); }
nlohmann::json EscalationJson(const Escalation& e) { return nlohmann::json::parse(EscalationToJson(e)); }

nlohmann::json ApiTokenToJson(const ApiToken& t) {
  return {{"sha256_prefix", t.sha256.substr(0, 12)}, {"user", t.user},
          {"role", UserRoleName(t.role)},             {"label", t.label},
          {"created_by", t.created_by},               {"recorded_at", t.recorded_at},
          {"revoked", t.revoked}};
}

nlohmann::json LedgerSettingsToJson(const LedgerSettings& s) {
  return {{"approvals_required", s.approvals_required},
          {"changed_by", s.changed_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.changed_by)},
          {"changed_at", s.changed_at.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.changed_at)}};
}

}  // namespace exportctl::app
