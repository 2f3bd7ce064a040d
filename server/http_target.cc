#include "http_target.h"

#include <optional>

#include <fmt/format.h>

#include "common/text_limits.h"

namespace exportctl::server {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes (and '+' as a space in a query); nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

// Text fit to reach a handler: UTF-8 without control characters (NUL included).
bool IsCleanText(std::string_view text) {
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return false;
  return detail::IsValidUtf8(text);
}

}  // namespace

Result<RequestTarget> DecodeTarget(std::string_view target) {
  RequestTarget out;
  std::string_view path = target.substr(0, target.find('?'));
  std::string_view query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view();
  auto decoded = PercentDecode(path, false);
  if (!decoded || !IsCleanText(*decoded) || decoded->empty() || decoded->front() != '/')
    return Error(ErrorCode::kInvalidArgument, "the request path must be percent-encoded UTF-8 without control characters")
        .WithField("path");
  out.path = std::move(*decoded);
  while (!query.empty()) {
    std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!key || key->empty() || !IsCleanText(*key))
      return Error(ErrorCode::kInvalidArgument, "a query parameter's name is empty or not percent-encoded UTF-8")
          .WithField("query");
    if (!value || !IsCleanText(*value))
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("query parameter `{}` must be percent-encoded UTF-8 without control characters", *key))
          .WithField(*key);
    out.params.emplace(std::move(*key), std::move(*value));
  }
  return out;
}

}  // namespace exportctl::server
