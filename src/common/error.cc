#include "exportctl/error.h"

#include <fmt/format.h>

namespace exportctl {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kParseError: return "parse_error";
    case ErrorCode::kInvalidData: return "invalid_data";
    case ErrorCode::kRuleConflict: return "rule_conflict";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kIoError: return "io_error";
    case ErrorCode::kRefused: return "refused";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string SourceLocation::ToString() const {
  if (line == 0) return file;
  if (column == 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

Error Error::Many(ErrorCode code, std::vector<Error> errors) {
  if (errors.size() == 1) return std::move(errors.front());
  Error e(code, fmt::format("{} errors", errors.size()));
  e.details_ = std::move(errors);
  return e;
}

std::string Error::ToString() const {
  if (!details_.empty()) {
    std::string out;
    for (const Error& d : details_) {
      if (!out.empty()) out += '\n';
      out += d.ToString();
    }
    return out;
  }
  if (where_.empty()) return message_;
  return fmt::format("{}: {}", where_.ToString(), message_);
}

}  // namespace exportctl
