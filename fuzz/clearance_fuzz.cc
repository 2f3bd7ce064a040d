// Fuzzes the clearance readers: the JSON of POST /v1/clearances and change-request bodies, and the
// CSV of `screen whitelist import`. Valid JSON round-trips; nothing crashes or stalls.
#include <cstddef>
#include <cstdint>
#include <string>

#include "exportctl/ledger.h"
#include "screen/whitelist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (auto clearance = exportctl::ClearanceFromJson(text); clearance.ok()) {
    auto again = exportctl::ClearanceFromJson(exportctl::ClearanceToJson(*clearance));
    if (!again.ok() || exportctl::ClearanceToJson(*again) != exportctl::ClearanceToJson(*clearance)) __builtin_trap();
  } else {
    (void)clearance.error().ToString();
  }
  if (auto rows = exportctl::screen::ReadClearancesCsv(text, "fuzz.csv"); !rows.ok()) (void)rows.error().ToString();
  return 0;
}
