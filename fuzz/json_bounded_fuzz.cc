// Fuzzes the bounded JSON reader every outside JSON text goes through (request bodies, JSONL rows,
// licence and decision files): any input is a value within the depth limit or a parse error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/json_limits.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = exportctl::detail::ParseJsonBounded(text, "input");
  if (parsed.ok()) {
    if (exportctl::detail::JsonDepth(text, exportctl::detail::kMaxJsonDepth) > exportctl::detail::kMaxJsonDepth) __builtin_trap();
    (void)parsed->dump();
  }
  return 0;
}
