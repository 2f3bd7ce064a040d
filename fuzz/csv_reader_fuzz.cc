// Fuzzes the one CSV reader (batch orders, list files) and the list-file checks on top of it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/csv.h"
#include "screen/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  exportctl::detail::CsvReader reader(text);
  std::vector<std::string> fields;
  std::string error;
  int last_line = 0;
  while (reader.Next(&fields, &error)) {
    if (reader.record_line() < last_line) __builtin_trap();  // lines only move forward
    last_line = reader.record_line();
  }
  auto records = exportctl::screen::ReadCsv(text, "fuzz.csv");
  if (!records.ok()) (void)records.error().ToString();
  return 0;
}
