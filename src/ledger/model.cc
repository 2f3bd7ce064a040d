#include "ledger/model.h"

#include "common/iso_codes.h"
#include "common/json_limits.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace exportctl {

using nlohmann::json;

std::string_view ShipmentBasisName(ShipmentBasis b) {
  switch (b) {
    case ShipmentBasis::kLicence: return "license";
    case ShipmentBasis::kLicenceException: return "license_exception";
    case ShipmentBasis::kNoLicenceRequired: return "no_license_required";
  }
  return "license";
}

namespace ledger {
bool OneLine(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\0'; });
}

std::string_view StoredShipmentBasisName(ShipmentBasis b) {
  switch (b) {
    case ShipmentBasis::kLicence: return "licence";
    case ShipmentBasis::kLicenceException: return "licence_exception";
    case ShipmentBasis::kNoLicenceRequired: return "no_licence_required";
  }
  return "licence";
}
}  // namespace ledger

Result<ShipmentBasis> ParseShipmentBasis(std::string_view text) {
  if (text == "licence" || text == "license") return ShipmentBasis::kLicence;
  if (text == "licence_exception" || text == "license_exception" || text == "exception")
    return ShipmentBasis::kLicenceException;
  if (text == "no_licence_required" || text == "no_license_required" || text == "nlr")
    return ShipmentBasis::kNoLicenceRequired;
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("unknown shipment basis `{}`: expected license, license_exception or no_license_required", text));
}

std::string_view EntryKindName(EntryKind k) {
  switch (k) {
    case EntryKind::kShipment: return "shipment";
    case EntryKind::kCancellation: return "cancellation";
    case EntryKind::kReturn: return "return";
  }
  return "shipment";
}

std::string_view LicenceStatusName(LicenceStatus s) {
  switch (s) {
    case LicenceStatus::kActive: return "active";
    case LicenceStatus::kSuspended: return "suspended";
    case LicenceStatus::kRevoked: return "revoked";
    case LicenceStatus::kExpired: return "expired";
  }
  return "active";
}

Result<LicenceStatus> ParseLicenceStatus(std::string_view text) {
  for (auto s : {LicenceStatus::kActive, LicenceStatus::kSuspended, LicenceStatus::kRevoked, LicenceStatus::kExpired})
    if (text == LicenceStatusName(s)) return s;
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("unknown licence status `{}`: expected active, suspended, revoked or expired", text));
}

namespace {

// "123.45" with at most `decimals` decimals -> value * 10^decimals. Non-negative only.
Result<std::int64_t> ParseFixed(std::string_view text, int decimals, std::string_view what) {
  auto bad = [&] {
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("invalid {} `{}`: expected a non-negative number with at most {} decimals", what, text,
                             decimals));
  };
  if (text.empty()) return bad();
  std::int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  bool seen_dot = false, seen_digit = false;
  for (char c : text) {
    if (c == '.') {
      if (seen_dot) return bad();
      seen_dot = true;
    } else if (c == ',' && !seen_dot) {
      continue;  // thousands separator
    } else if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (seen_dot) {
        if (++frac_digits > decimals) return bad();
        frac = frac * 10 + (c - '0');
      } else {
        if (whole > (INT64_MAX / 1000 - 9) / 10) return bad();
        whole = whole * 10 + (c - '0');
      }
    } else {
      return bad();
    }
  }
  if (!seen_digit) return bad();
  for (int i = frac_digits; i < decimals; ++i) frac *= 10;
  std::int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  if (whole > INT64_MAX / scale - 1) return bad();
  return whole * scale + frac;
}

}  // namespace

Result<std::int64_t> ParsePercentBp(std::string_view text) {
  std::string_view t = text;
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  if (!t.empty() && t.back() == '%') t.remove_suffix(1);
  auto v = ParseFixed(t, 2, "percentage");
  if (!v) return v;
  if (*v > 10000)
    return Error(ErrorCode::kInvalidArgument, fmt::format("invalid percentage `{}`: more than 100%", text));
  return v;
}

std::string FormatPercentBp(std::int64_t bp) {
  std::string s = fmt::format("{}.{:02}", bp / 100, bp % 100);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

Result<std::int64_t> ParseMinorUnits(std::string_view text) { return ParseFixed(text, 2, "amount"); }

std::string FormatMinorUnits(std::int64_t minor) {
  std::string sign = minor < 0 ? "-" : "";
  std::uint64_t m = minor < 0 ? std::uint64_t(-(minor + 1)) + 1 : std::uint64_t(minor);
  return fmt::format("{}{}.{:02}", sign, m / 100, m % 100);
}

namespace {

Error Bad(std::string message) { return Error(ErrorCode::kInvalidArgument, "licence: " + std::move(message)); }
// The same, naming the licence field at fault (the HTTP API reports it as `field`).
Error Bad(std::string_view field, std::string message) { return Bad(std::move(message)).WithField(std::string(field)); }

Result<std::vector<std::string>> StringList(const json& j, std::string_view key) {
  std::vector<std::string> out;
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
    return out;
  }
  if (!j.is_array()) return Bad(key, fmt::format("`{}` must be a list of strings", key));
  for (const auto& v : j) {
    if (!v.is_string()) return Bad(key, fmt::format("`{}` must be a list of strings", key));
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<std::int64_t> Integer(const json& j, std::string_view key) {
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_string()) {
    auto v = ParseFixed(j.get<std::string>(), 0, std::string(key));
    if (v) return v;
  }
  return Bad(key, fmt::format("`{}` must be a non-negative integer", key));
}

// A percentage given as "15%", "12.5", 15, or in basis points under the `_bp` key.
Result<std::int64_t> Percent(const json& obj, std::string_view key) {
  std::string bp_key = std::string(key) + "_bp";
  if (obj.contains(bp_key)) return Integer(obj[bp_key], bp_key);
  if (!obj.contains(key)) return std::int64_t{0};
  const json& v = obj[std::string(key)];
  std::string text;
  if (v.is_string()) text = v.get<std::string>();
  else if (v.is_number_integer()) text = std::to_string(v.get<std::int64_t>());
  else if (v.is_number()) text = fmt::format("{}", v.get<double>());
  else return Bad(key, fmt::format("`{}` must be a percentage", key));
  auto r = ParsePercentBp(text);
  if (!r) return Bad(key, fmt::format("`{}`: {}", key, r.error().message()));
  return r;
}

Result<Date> DateField(const json& obj, std::string_view key) {
  if (!obj.contains(key)) return Bad(key, fmt::format("missing `{}`", key));
  const json& v = obj[std::string(key)];
  if (!v.is_string()) return Bad(key, fmt::format("`{}` must be a date YYYY-MM-DD", key));
  auto d = Date::Parse(v.get<std::string>());
  if (!d) return Bad(key, fmt::format("`{}`: {}", key, d.error().message()));
  return d;
}

}  // namespace

Result<Licence> LicenceFromJson(const std::string& json_text) {
  auto parsed = detail::ParseJsonBounded(json_text, "licence");
  if (!parsed.ok()) return parsed.error();
  json j = std::move(parsed).value();
  if (!j.is_object()) return Bad("expected an object");
  static const std::vector<std::string> kKnown = {
      "number", "holder", "authority", "items", "destinations", "consignees", "quantity_cap", "value_cap",
      "value_cap_minor", "currency", "valid_from", "valid_to", "status", "conditions",
      "version", "amendment_reason", "recorded_at"};
  for (const auto& [key, value] : j.items())
    if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end()) return Bad(key, fmt::format("unknown field `{}`", key));
  Licence l;
  auto str = [&](const char* key, std::string& out) -> Status {
    if (!j.contains(key)) return Ok{};
    if (!j[key].is_string()) return Bad(key, fmt::format("`{}` must be a string", key));
    out = j[key].get<std::string>();
    return Ok{};
  };
  for (auto [key, out] : {std::pair{"number", &l.number}, {"holder", &l.holder}, {"authority", &l.authority},
                          {"currency", &l.value_cap.currency}})
    if (auto s = str(key, *out); !s) return s.error();
  for (auto [key, out] : {std::pair{"items", &l.items}, {"destinations", &l.destinations},
                          {"consignees", &l.consignees}}) {
    if (!j.contains(key)) continue;
    auto list = StringList(j[key], key);
    if (!list) return list.error();
    *out = std::move(*list);
  }
  if (j.contains("quantity_cap")) {
    auto v = Integer(j["quantity_cap"], "quantity_cap");
    if (!v) return v.error();
    l.quantity_cap = *v;
  }
  if (j.contains("value_cap_minor")) {
    auto v = Integer(j["value_cap_minor"], "value_cap_minor");
    if (!v) return v.error();
    l.value_cap.minor = *v;
  } else if (j.contains("value_cap")) {
    const json& v = j["value_cap"];
    Result<std::int64_t> minor = v.is_number_integer() ? Result<std::int64_t>(v.get<std::int64_t>() * 100)
                                 : v.is_string()        ? ParseMinorUnits(v.get<std::string>())
                                                        : Bad("value_cap", "`value_cap` must be an amount such as \"1000000.00\"");
    if (!minor) return Bad("value_cap", fmt::format("`value_cap`: {}", minor.error().message()));
    l.value_cap.minor = *minor;
  }
  auto from = DateField(j, "valid_from");
  if (!from) return from.error();
  auto to = DateField(j, "valid_to");
  if (!to) return to.error();
  l.valid_from = *from;
  l.valid_to = *to;
  if (j.contains("status")) {
    if (!j["status"].is_string()) return Bad("status", "`status` must be a string");
    auto s = ParseLicenceStatus(j["status"].get<std::string>());
    if (!s) return Bad("status", s.error().message());
    l.status = *s;
  }
  if (j.contains("conditions")) {
    const json& c = j["conditions"];
    if (!c.is_object()) return Bad("conditions", "`conditions` must be a table");
    static const std::vector<std::string> kKnownConditions = {
        "revenue_share", "revenue_share_bp", "duty", "duty_bp", "volume_ratio_cap", "volume_ratio_cap_bp",
        "volume_reference", "notifications"};
    for (const auto& [key, value] : c.items())
      if (std::find(kKnownConditions.begin(), kKnownConditions.end(), key) == kKnownConditions.end())
        return Bad("conditions." + key, fmt::format("unknown condition `{}`", key));
    for (auto [key, out] : {std::pair{"revenue_share", &l.conditions.revenue_share_bp},
                            {"duty", &l.conditions.duty_bp}, {"volume_ratio_cap", &l.conditions.volume_ratio_cap_bp}}) {
      auto v = Percent(c, key);
      if (!v) return v.error();
      *out = *v;
    }
    if (c.contains("volume_reference")) {
      if (!c["volume_reference"].is_string()) return Bad("conditions.volume_reference", "`volume_reference` must be a country code");
      l.conditions.volume_reference = c["volume_reference"].get<std::string>();
    }
    if (c.contains("notifications")) {
      auto list = StringList(c["notifications"], "notifications");
      if (!list) return list.error();
      l.conditions.notifications = std::move(*list);
    }
  }
  return l;
}

namespace ledger {

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsCurrencyCode(std::string_view s) { return detail::IsIsoCurrencyCode(s); }

bool IsEccn(std::string_view s) {
  if (s == "EAR99") return true;
  // 5 characters (digit, category letter A-E, three digits), then paragraphs: ".a", ".a.1", ".z.2" …
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() < 5 || !digit(s[0]) || s[1] < 'A' || s[1] > 'E' || !digit(s[2]) || !digit(s[3]) || !digit(s[4])) return false;
  for (std::size_t i = 5; i < s.size(); ++i) {
    if (s[i] != '.' || i + 1 >= s.size()) return false;
    std::size_t j = i + 1;
    while (j < s.size() && s[j] != '.' && (digit(s[j]) || (s[j] >= 'a' && s[j] <= 'z'))) ++j;
    if (j == i + 1 || (j < s.size() && s[j] != '.')) return false;
    i = j - 1;
  }
  return true;
}

bool IsChipId(std::string_view s) {
  return !s.empty() && s.size() <= 128 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
}

bool IsCountryCode(std::string_view s) { return detail::IsIsoCountryCode(s); }

std::string FormatMoney(std::int64_t minor, std::string_view currency) {
  std::string digits = FormatMinorUnits(minor < 0 ? -minor : minor);
  std::string whole = digits.substr(0, digits.size() - 3), grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return fmt::format("{} {}{}{}", currency, minor < 0 ? "-" : "", grouped, digits.substr(digits.size() - 3));
}

std::string QuarterOf(const std::string& ymd) {
  int month = (ymd[5] - '0') * 10 + (ymd[6] - '0');
  return ymd.substr(0, 4) + "Q" + std::to_string((month - 1) / 3 + 1);
}

namespace {
std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}
bool IsLicenceNumber(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/';
  });
}
}  // namespace

Status NormalizeLicence(Licence& l) {
  l.number = Trimmed(l.number);
  l.holder = Trimmed(l.holder);
  l.authority = Trimmed(l.authority);
  if (!IsLicenceNumber(l.number))
    return Bad("number", fmt::format("invalid licence number `{}`: use letters, digits and - _ . / (at most 64)", l.number));
  if (l.holder.empty()) return Bad("holder", "missing `holder`");
  if (l.authority.empty()) return Bad("authority", "missing `authority`");
  if (l.items.empty()) return Bad("items", "no `items`: list the chip ids or ECCNs the licence covers");
  for (auto& item : l.items) {
    item = Trimmed(item);
    if (item.empty()) return Bad("items", "empty item");
    if (!IsEccn(item))  // catalog ids are lower case
      std::transform(item.begin(), item.end(), item.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (!IsEccn(item) && !IsChipId(item))
      return Bad("items", fmt::format("item `{}` is neither an ECCN (3A090.a, 4A090, 3A991.p, EAR99 …) nor a catalog chip "
                                      "id (nvidia-h20 …)",
                                      item));
  }
  if (l.destinations.empty()) return Bad("destinations", "no `destinations`");
  for (auto& d : l.destinations) {
    d = ToUpper(Trimmed(d));
    if (!IsCountryCode(d)) return Bad("destinations", fmt::format("invalid destination `{}`: expected an ISO 3166 alpha-2 code", d));
  }
  if (l.consignees.empty()) return Bad("consignees", "no `consignees`: name the consignees and end users");
  for (auto& c : l.consignees) {
    c = Trimmed(c);
    if (c.empty()) return Bad("consignees", "empty consignee");
  }
  if (l.quantity_cap <= 0) return Bad("quantity_cap", "`quantity_cap` must be a positive integer");
  l.value_cap.currency = ToUpper(Trimmed(l.value_cap.currency));
  if (!IsCurrencyCode(l.value_cap.currency))
    return Bad("currency", fmt::format("invalid currency `{}`: expected an ISO 4217 code such as USD", l.value_cap.currency));
  if (l.value_cap.minor <= 0) return Bad("value_cap", "`value_cap` must be positive");
  if (!l.valid_from.valid() || !l.valid_to.valid()) return Bad(l.valid_from.valid() ? "valid_to" : "valid_from", "missing `valid_from` or `valid_to`");
  if (l.valid_to < l.valid_from)
    return Bad("valid_to", fmt::format("`valid_to` {} is before `valid_from` {}", l.valid_to.ToString(), l.valid_from.ToString()));
  auto& c = l.conditions;
  for (auto [name, bp] : {std::pair{"revenue_share", c.revenue_share_bp}, {"duty", c.duty_bp},
                          {"volume_ratio_cap", c.volume_ratio_cap_bp}})
    if (bp < 0 || bp > 10000) return Bad(fmt::format("conditions.{}", name), fmt::format("`{}` must be between 0% and 100%", name));
  c.volume_reference = ToUpper(Trimmed(c.volume_reference));
  if (!IsCountryCode(c.volume_reference))
    return Bad("conditions.volume_reference", fmt::format("invalid `volume_reference` `{}`: expected an ISO 3166 alpha-2 code", c.volume_reference));
  return Ok{};
}

nlohmann::json LicenceBody(const Licence& l) {
  return json{{"number", l.number},
              {"holder", l.holder},
              {"authority", l.authority},
              {"items", l.items},
              {"destinations", l.destinations},
              {"consignees", l.consignees},
              {"quantity_cap", l.quantity_cap},
              {"value_cap_minor", l.value_cap.minor},
              {"currency", l.value_cap.currency},
              {"valid_from", l.valid_from.ToString()},
              {"valid_to", l.valid_to.ToString()},
              {"status", LicenceStatusName(l.status)},
              {"conditions",
               {{"revenue_share_bp", l.conditions.revenue_share_bp},
                {"duty_bp", l.conditions.duty_bp},
                {"volume_ratio_cap_bp", l.conditions.volume_ratio_cap_bp},
                {"volume_reference", l.conditions.volume_reference},
                {"notifications", l.conditions.notifications}}}};
}

}  // namespace ledger

std::string LicenceToJson(const Licence& licence) {
  json j = ledger::LicenceBody(licence);
  j["version"] = licence.version;
  j["amendment_reason"] = licence.amendment_reason;
  j["recorded_at"] = licence.recorded_at;
  return j.dump(2);
}

}  // namespace exportctl
