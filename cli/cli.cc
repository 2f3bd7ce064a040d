#include "cli.h"

#include "install_paths.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

namespace exportctl::cli {

std::string Cli::DataDir() const {
  if (!data_dir.empty()) return data_dir;
  if (const char* env = std::getenv("EXPORTCTL_DATA_DIR"); env && *env) return env;
  return Installed().data();
}

std::string Cli::HomeDir() const {
  if (!home_dir.empty()) return home_dir;
  if (const char* env = std::getenv("EXPORTCTL_HOME"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/exportctl";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/exportctl";
  return ".exportctl";
}

Result<std::shared_ptr<const Engine>> Cli::LoadEngine(bool with_lists, const std::string& rules_dir) const {
  return Engine::Load(EngineOptions{DataDir(), rules_dir, HomeDir(), with_lists});
}

void ChipOptions::AddTo(CLI::App* cmd) {
  auto* chip_opt = cmd->add_option("--chip", chip, "Catalog chip by id or alias, e.g. H20, \"RTX 4090D\", MI308");
  auto* spec_opt = cmd->add_option("--spec", spec, "A chip spec file (TOML: id, name, designed_for, die_area_mm2, [dense_tops] …)");
  chip_opt->excludes(spec_opt);
}

Result<const Chip*> ChipOptions::Resolve(const Engine& engine, Chip* storage) const {
  if (chip.empty() == spec.empty())
    return Error(ErrorCode::kInvalidArgument, "give exactly one of --chip NAME or --spec FILE");
  if (!chip.empty()) return engine.FindChip(chip);
  auto read = ReadChipSpecFile(spec);
  if (!read.ok()) return read.error();
  *storage = std::move(read).value();
  return storage;
}

void AddAsOfOption(CLI::App* cmd, std::string* as_of) {
  cmd->add_option("--as-of", *as_of, "Decide under the rules in force on this day (YYYY-MM-DD; default: today, UTC)");
}

Result<Date> ResolveAsOf(const std::string& as_of) {
  if (!as_of.empty()) return Date::Parse(as_of);
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::FromDays(int(today.time_since_epoch().count()));
}

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::kText: return "text";
    case Format::kJson: return "json";
    case Format::kCsv: return "csv";
    case Format::kJsonl: return "jsonl";
  }
  return "text";
}

void AddFormatOption(CLI::App* cmd, Format* format, std::initializer_list<Format> allowed) {
  std::map<std::string, Format> names;
  std::string help = "Output format:";
  for (Format f : allowed) {
    names.emplace(std::string(FormatName(f)), f);
    help += " " + std::string(FormatName(f));
  }
  *format = *allowed.begin();
  cmd->add_option("--format", *format, help)->transform(CLI::CheckedTransformer(names, CLI::ignore_case));
}

int ExitCodeFor(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kInvalidArgument: return kExitUsage;
    case ErrorCode::kParseError:
    case ErrorCode::kInvalidData:
    case ErrorCode::kRuleConflict: return kExitInvalidData;
    case ErrorCode::kRefused: return kExitRefused;
    default: return kExitError;
  }
}

int Fail(const Error& error) {
  std::string text = error.ToString();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::cerr << "exportctl: " << std::string_view(text).substr(start, end - start) << '\n';
    start = end + 1;
  }
  return ExitCodeFor(error);
}

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

}  // namespace exportctl::cli
