#include "common/json_limits.h"

#include "common/text_limits.h"

#include <fmt/format.h>

namespace exportctl::detail {

int JsonDepth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

Result<nlohmann::json> ParseJsonBounded(std::string_view text, std::string_view what) {
  if (JsonDepth(text, kMaxJsonDepth) > kMaxJsonDepth)
    return Error(ErrorCode::kParseError, fmt::format("{} nests arrays or objects deeper than {} levels", what, kMaxJsonDepth));
  // RFC 8259: JSON text is UTF-8. A string with broken UTF-8 would parse and fail later, when the
  // answer that quotes it is written.
  if (!IsValidUtf8(text)) return Error(ErrorCode::kParseError, fmt::format("{} is not valid UTF-8", what));
  try {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true);
    return j;
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number out of range
    return Error(ErrorCode::kParseError, fmt::format("{} is not valid JSON: {}", what, e.what()));
  }
}

}  // namespace exportctl::detail
