// `exportctl check --batch FILE`: decides every row of a CSV (header row of request fields) or
// JSONL file (one request object per line), in parallel, writing one result per row in input
// order (JSONL or CSV). A bad row is reported with its line and never stops the batch. A progress
// bar is drawn on stderr when it is a terminal; a summary is printed at the end.
#pragma once

#include <string>

#include "app/decision_log.h"
#include "cli.h"
#include "exportctl/engine.h"

namespace exportctl::cli {

struct BatchOptions {
  std::string input;
  std::string output;              // empty: stdout
  Format format = Format::kJsonl;  // kJsonl or kCsv
  Date default_as_of;              // for rows without as_of
  int threads = 0;                 // 0: one per core
  // Each decided row is appended here (channel "batch"; body: the row's request and result).
  // Null: nothing is logged. The batch fails if the log cannot be written.
  app::DecisionLogWriter* decision_log = nullptr;
  std::string actor;
};

// Returns kExitOk when every row was decided, kExitUsage when some rows were malformed,
// kExitError when the input could not be read.
int RunBatchCheck(const Engine& engine, const BatchOptions& options);

// One decision as the batch writes it: the CSV header and row (`check --format csv`), or a JSONL line.
std::string DecisionCsvHeader();
std::string DecisionRow(Format format, int line, const std::string& id, const Decision& d);

}  // namespace exportctl::cli
