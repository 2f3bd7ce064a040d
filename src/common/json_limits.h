// Bounded JSON input: every JSON text that enters from outside (request bodies, JSONL rows,
// licence and decision files) is parsed through ParseJsonBounded, which refuses a text nested
// deeper than kMaxJsonDepth before the parser or anything that walks the value can recurse on it.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "exportctl/error.h"

namespace exportctl::detail {

inline constexpr int kMaxJsonDepth = 32;

// The deepest nesting of arrays and objects in `text` (strings skipped), stopping early once it
// passes `limit`. Linear in the text, no recursion.
int JsonDepth(std::string_view text, int limit);

// kParseError "`what` nests deeper than 32 levels" or "`what` is not valid JSON"; a number out of
// range is a parse error too, never an exception.
Result<nlohmann::json> ParseJsonBounded(std::string_view text, std::string_view what);

}  // namespace exportctl::detail
