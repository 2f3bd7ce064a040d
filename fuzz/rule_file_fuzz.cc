// Fuzzes the rule-file reader: TOML parsing, rule validation and condition compilation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "exportctl/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<exportctl::RuleSet::SourceFile> files = {
      {"ruleset.toml", "ruleset.toml", "schema_version = 1\nid = \"f\"\nrevision = \"1\"\n"},
      {"fuzz.toml", "fuzz.toml", std::string(reinterpret_cast<const char*>(data), size)}};
  auto set = exportctl::RuleSet::FromFiles(files);
  if (!set.ok()) (void)set.error().ToString();
  return 0;
}
