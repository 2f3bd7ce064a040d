// Fuzzes the chip spec reader (--spec FILE and catalog entries) and the metrics it feeds.
#include <cstddef>
#include <cstdint>
#include <string>

#include "exportctl/catalog.h"
#include "exportctl/metrics.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto chip = exportctl::ParseChipSpec(text, "fuzz.toml");
  if (chip.ok()) (void)exportctl::ComputeMetrics(*chip);
  else (void)chip.error().ToString();
  return 0;
}
