// exportctl test DIR: runs the golden case corpus against the engine.
#include <iostream>

#include <fmt/format.h>

#include "app/golden.h"
#include "commands.h"

namespace exportctl::cli {

void RegisterTestCommand(CLI::App& app, Cli& cli) {
  struct Options {
    std::vector<std::string> dirs;
    bool verbose = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("test", "Run golden cases (TOML) and report failures; exit 4 if any fail");
  cmd->add_option("dirs", opts->dirs, "Case directories")->required();
  cmd->add_flag("-v,--verbose", opts->verbose, "List every case");
  cmd->callback([&cli, opts] {
    cli.action = [&cli, opts]() -> int {
      auto engine = cli.LoadEngine(/*with_lists=*/true);
      if (!engine.ok()) return Fail(engine.error());
      int passed = 0, failed = 0;
      for (const std::string& dir : opts->dirs) {
        auto cases = app::LoadGoldenCases(dir);
        if (!cases.ok()) return Fail(cases.error());
        for (const app::GoldenOutcome& o : app::RunGoldenCases(**engine, *cases)) {
          if (o.passed) {
            ++passed;
            if (opts->verbose) std::cout << fmt::format("ok   {}  {}\n", o.golden->where, o.golden->name);
          } else {
            ++failed;
            std::cout << fmt::format("FAIL {}  {}\n     {}\n     source: {}\n", o.golden->where, o.golden->name, o.failure,
                                     o.golden->source);
          }
        }
      }
      std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
      return failed == 0 && passed > 0 ? kExitOk : kExitTestsFailed;
    };
  });
}

}  // namespace exportctl::cli
