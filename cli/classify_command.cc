// exportctl classify: what a chip is under the rules in force on a date, and why.
#include <iostream>

#include <fmt/format.h>

#include "app/json_mapping.h"
#include "commands.h"
#include "text_output.h"

namespace exportctl::cli {

void RegisterClassifyCommands(CLI::App& app, Cli& cli) {
  struct Options {
    ChipOptions chip;
    std::string as_of;
    Format format = Format::kText;
    bool explain = false;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("classify", "Classify a chip (ECCN 3A090/4A090) under the rules in force on a date");
  opts->chip.AddTo(cmd);
  AddAsOfOption(cmd, &opts->as_of);
  AddFormatOption(cmd, &opts->format, {Format::kText, Format::kJson});
  cmd->add_flag("--explain", opts->explain, "Print the trace: every threshold, the value compared, pass/fail");
  cmd->callback([&cli, opts] {
    cli.action = [&cli, opts]() -> int {
      auto as_of = ResolveAsOf(opts->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      Chip spec;
      auto chip = opts->chip.Resolve(**engine, &spec);
      if (!chip.ok()) return Fail(chip.error());
      Classification c = Classify((*engine)->rules(), **chip, *as_of, opts->explain);
      if (opts->format == Format::kJson) {
        std::cout << app::ClassificationToJson(c, (*engine)->rules(), opts->explain).dump(2) << '\n';
      } else {
        PrintClassification(std::cout, c, (*engine)->rules(), opts->explain);
      }
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
