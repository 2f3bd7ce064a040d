#include "api_error.h"

#include <array>

namespace exportctl::server {

namespace {

// Request fields of classify/check (request_mapping.h) and the query parameters of the API.
constexpr std::array<std::string_view, 30> kFields = {
    "chip",     "spec",     "quantity", "qty",     "unit_value",       "currency",    "ship_from", "destination",
    "to",       "end_user", "end_user_country",    "end_user_hq",      "owners",      "owner",     "end_use",
    "via",      "exporter", "as_of",    "explain", "requests",         "id",          "body",      "role", "token",
    "name",     "a",        "b",        "min_score", "limit",           "lists"};

std::string_view Known(std::string_view word) {
  for (std::string_view f : kFields)
    if (word == f) return f == "owner" ? "owners" : f == "qty" ? "quantity" : f == "to" ? "destination" : f;
  return {};
}

}  // namespace

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kParseError: return 400;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden: return 403;
    case ErrorCode::kBusy: return 503;
    case ErrorCode::kNotFound: return 404;
    // The ledger's refusals (over a cap, licence expired, destination not covered …) conflict with
    // the state of the licence, like a reused idempotency key: the same request may succeed later
    // (after an amendment) and a client must not retry it unchanged.
    case ErrorCode::kConflict:
    case ErrorCode::kRefused: return 409;
    case ErrorCode::kInvalidData:
    case ErrorCode::kRuleConflict: return 422;
    case ErrorCode::kIoError:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string FieldOf(const Error& error) {
  if (!error.field().empty()) return error.field();  // named by the code that raised it
  // A ledger refusal or conflict is about the state of a licence or key, not a malformed field.
  if (error.code() == ErrorCode::kRefused || error.code() == ErrorCode::kConflict) return {};
  const std::string& m = error.message();
  // "unknown chip `X`…" and other not_found errors in a request are about the chip.
  if (error.code() == ErrorCode::kNotFound && m.find("chip") != std::string::npos) return "chip";
  // Leading word: "quantity `x` is not a number", "owner `…`".
  std::size_t end = m.find_first_of(" :`");
  if (std::string_view f = Known(std::string_view(m).substr(0, end)); !f.empty()) return std::string(f);
  // First backticked known name: "`chip` is required", "unknown field `foo`" (-> foo).
  for (std::size_t open = m.find('`'); open != std::string::npos; open = m.find('`', open + 1)) {
    std::size_t close = m.find('`', open + 1);
    if (close == std::string::npos) break;
    std::string_view word = std::string_view(m).substr(open + 1, close - open - 1);
    if (m.starts_with("unknown field")) return std::string(word);
    if (std::string_view f = Known(word); !f.empty()) return std::string(f);
    open = close;
  }
  if (m.find("request body") != std::string::npos) return "body";
  if (m.find("date") != std::string::npos) return "as_of";
  return {};
}

nlohmann::json ErrorToJson(const Error& error, std::string_view field) {
  nlohmann::json e = {{"code", error.code_name()}};
  std::string f = field.empty() ? FieldOf(error) : std::string(field);
  if (!error.details().empty()) {
    nlohmann::json details = nlohmann::json::array();
    for (const Error& d : error.details()) details.push_back(ErrorToJson(d)["error"]);
    // The first problem is the headline; every problem is in details.
    e["message"] = error.details().size() == 1 ? error.details()[0].message()
                                               : error.details()[0].message() + " (and " +
                                                     std::to_string(error.details().size() - 1) + " more)";
    if (f.empty() && details[0].contains("field")) f = details[0]["field"];
    e["details"] = std::move(details);
  } else {
    e["message"] = error.message();
  }
  if (!error.where().empty()) e["location"] = error.where().ToString();
  if (!f.empty()) e["field"] = f;
  return {{"error", std::move(e)}};
}

}  // namespace exportctl::server
