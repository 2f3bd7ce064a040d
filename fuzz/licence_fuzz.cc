// Fuzzes the licence reader (`licence add --file`, POST /v1/licences): valid input round-trips.
#include <cstddef>
#include <cstdint>
#include <string>

#include "exportctl/ledger.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto licence = exportctl::LicenceFromJson(text);
  if (!licence.ok()) {
    (void)licence.error().ToString();
    return 0;
  }
  auto again = exportctl::LicenceFromJson(exportctl::LicenceToJson(*licence));
  if (!again.ok() || exportctl::LicenceToJson(*again) != exportctl::LicenceToJson(*licence)) __builtin_trap();
  return 0;
}
