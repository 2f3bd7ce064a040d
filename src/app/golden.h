// The golden case corpus: dated cases with expected results, one TOML format, run by ctest (through
// `exportctl test`), by the CLI and by the server's smoke tests.
//
//   [[case]]
//   name = "H20 outside 3A090: TPP 2368 < 2400 and PD 2.91 < 3.2"
//   source = "https://…"                 # where the expected answer comes from (required)
//   command = "classify"                 # or "check"
//   as_of = 2025-05-01
//   chip = "H20"                         # or an inline [case.spec] table
//   [case.expect]                        # matched against the command's JSON output:
//   eccn = "EAR99"                       #   objects: every key given must match
//   rule_ids = ["US-EAR-ACS23-3A090-NOTE2"]  # arrays: every element given must be present;
//                                        #   an empty array means none at all
//
// Numbers match within 1e-6 relative. Extra keys in the output are ignored.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exportctl/engine.h"
#include "exportctl/error.h"

namespace exportctl::app {

struct GoldenCase {
  std::string name, source, command;
  std::string where;         // file:line
  nlohmann::json request;    // the case table minus name/source/command/expect
  nlohmann::json expect;
};

struct GoldenOutcome {
  const GoldenCase* golden;
  bool passed;
  std::string failure;  // what differed, with the JSON path
};

// Loads every *.toml below dir (recursively, sorted); all errors reported with file:line.
Result<std::vector<GoldenCase>> LoadGoldenCases(const std::string& dir);

// Runs one case: the command's JSON output, or an Error (a bad case is a failure, not a crash).
Result<nlohmann::json> RunGoldenCase(const Engine& engine, const GoldenCase& golden);

// Empty when `actual` satisfies `expected`; else a description of the first difference.
std::string MatchExpected(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& path = "");

std::vector<GoldenOutcome> RunGoldenCases(const Engine& engine, const std::vector<GoldenCase>& cases);

}  // namespace exportctl::app

namespace exportctl {
// The corpus as the public API passes it (exportctl/lab.h declares it opaque).
struct GoldenCorpus {
  std::vector<app::GoldenCase> cases;
};
}  // namespace exportctl
