// The HTTP API's error contract: every failure is JSON
//   {"error": {"code": "invalid_argument", "message": "…", "field": "quantity", "details": [...]}}
// with the stable codes of exportctl::ErrorCodeName and an HTTP status derived from the code.
// `field` names the request field at fault when one can be told (omitted otherwise); `location`
// is the error's file:line:col when it has one (a rule file of a what-if draft); `details` lists
// every problem of a bundled error (Error::Many), each with its own code, message, field and
// location.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "exportctl/error.h"

namespace exportctl::server {

// invalid_argument, parse_error -> 400; unauthorized -> 401; forbidden -> 403; not_found -> 404;
// conflict (idempotency key reused), refused (a ledger refusal: over the cap …) -> 409;
// invalid_data, rule_conflict -> 422; io_error, internal -> 500; busy -> 503 (with Retry-After).
int HttpStatusFor(ErrorCode code);

// The request field an error is about: Error::field() when the code raising it named one, else the
// first backticked name or leading word of the message that is a known request field
// ("quantity `x` is not a number" -> "quantity"). Empty when none.
std::string FieldOf(const Error& error);

// The JSON body for `error`. `field` overrides FieldOf when non-empty.
nlohmann::json ErrorToJson(const Error& error, std::string_view field = {});

}  // namespace exportctl::server
