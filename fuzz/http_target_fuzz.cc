// Fuzzes the decoding of HTTP request targets (server/http_target.h): never crashes, and whatever
// it accepts is clean text a handler can trust.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/text_limits.h"
#include "http_target.h"

namespace {
void Require(bool ok) {
  if (!ok) std::abort();
}
bool Clean(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return exportctl::detail::IsValidUtf8(s);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto target = exportctl::server::DecodeTarget(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!target) {
    Require(!target.error().field().empty());
    return 0;
  }
  Require(!target->path.empty() && target->path.front() == '/' && Clean(target->path));
  for (const auto& [name, value] : target->params) Require(Clean(name) && Clean(value));
  return 0;
}
