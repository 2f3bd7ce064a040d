// libFuzzer target: the trade.gov CSL CSV parser must return a value or an Error for any bytes, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "screen/list_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = exportctl::screen::ParseCslCsv(text, "fuzz");
  if (list.ok()) {
    for (const auto& e : list->entries) {
      if (e.name.empty()) __builtin_trap();  // parsers never yield a nameless entry
    }
  }
  return 0;
}
