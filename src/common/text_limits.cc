#include "common/text_limits.h"

#include <fmt/format.h>

namespace exportctl::detail {

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > text.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    const char32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Status CheckText(std::string_view text, std::string_view field, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is {} bytes long; at most {} are accepted", field, text.size(), max_bytes))
        .WithField(std::string(field));
  if (text.find('\0') != std::string_view::npos)
    return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` contains a NUL byte", field)).WithField(std::string(field));
  if (!IsValidUtf8(text))
    return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is not valid UTF-8", field)).WithField(std::string(field));
  return Ok{};
}

}  // namespace exportctl::detail
