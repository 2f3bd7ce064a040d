// exportctl catalog list|show|plot: the bundled chip catalog.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "app/json_mapping.h"
#include "app/threshold_plot.h"
#include "commands.h"
#include "text_output.h"

namespace exportctl::cli {

void RegisterCatalogCommands(CLI::App& app, Cli& cli) {
  CLI::App* catalog = app.add_subcommand("catalog", "The bundled accelerator catalog");
  catalog->require_subcommand(1);

  struct ListOptions {
    std::string as_of;
    Format format = Format::kText;
  };
  auto list_opts = std::make_shared<ListOptions>();
  CLI::App* list = catalog->add_subcommand("list", "Every catalog chip with TPP, PD and its ECCN on a date");
  AddAsOfOption(list, &list_opts->as_of);
  AddFormatOption(list, &list_opts->format, {Format::kText, Format::kJson, Format::kCsv});
  list->callback([&cli, list_opts] {
    cli.action = [&cli, list_opts]() -> int {
      auto as_of = ResolveAsOf(list_opts->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      const RuleSet& rules = (*engine)->rules();
      nlohmann::json out = nlohmann::json::array();
      if (list_opts->format == Format::kText)
        std::cout << fmt::format("as of {} (rule set {} revision {})\n{:<26} {:<34} {:<11} {:>9} {:>7} {}\n", as_of->ToString(),
                                 rules.id(), rules.revision(), "ID", "NAME", "DESIGN", "TPP", "PD", "ECCN");
      if (list_opts->format == Format::kCsv) std::cout << "id,name,designed_for,tpp,tpp_precision,pd,eccn,as_of\n";
      for (const Chip& chip : (*engine)->catalog().chips()) {
        Classification c = Classify(rules, chip, *as_of);
        std::string eccn = c.determined ? c.eccn : fmt::format("undetermined ({})", fmt::join(c.possible_eccns, "|"));
        switch (list_opts->format) {
          case Format::kJson: out.push_back(app::ClassificationToJson(c, rules, false)); break;
          case Format::kCsv:
            std::cout << fmt::format("{},\"{}\",{},{},{},{},{},{}\n", chip.id, chip.name, DesignedForName(chip.designed_for),
                                     c.metrics.tpp ? fmt::format("{}", *c.metrics.tpp) : "",
                                     c.metrics.tpp_precision ? PrecisionName(*c.metrics.tpp_precision) : "",
                                     c.metrics.pd ? fmt::format("{:.4f}", *c.metrics.pd) : "", eccn, as_of->ToString());
            break;
          default:
            std::cout << fmt::format("{:<26} {:<34} {:<11} {:>9} {:>7} {}\n", chip.id, chip.name.substr(0, 34),
                                     DesignedForName(chip.designed_for), FormatNumber(c.metrics.tpp, 0),
                                     c.metrics.pd ? FormatNumber(c.metrics.pd) : "-", eccn);
        }
      }
      if (list_opts->format == Format::kJson) std::cout << out.dump(2) << '\n';
      return kExitOk;
    };
  });

  struct ShowOptions {
    std::string name;
    Format format = Format::kText;
  };
  auto show_opts = std::make_shared<ShowOptions>();
  CLI::App* show = catalog->add_subcommand("show", "One chip's full catalog entry with sources");
  show->add_option("chip", show_opts->name, "Chip id or alias")->required();
  AddFormatOption(show, &show_opts->format, {Format::kText, Format::kJson});
  show->callback([&cli, show_opts] {
    cli.action = [&cli, show_opts]() -> int {
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      auto chip = (*engine)->FindChip(show_opts->name);
      if (!chip.ok()) return Fail(chip.error());
      nlohmann::json j = app::ChipToJson(**chip);
      j["metrics"] = app::MetricsToJson(ComputeMetrics(**chip));
      if (show_opts->format == Format::kJson) {
        std::cout << j.dump(2) << '\n';
        return kExitOk;
      }
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.value().is_null() || (it.value().is_string() && it.value().get<std::string>().empty())) continue;
        if (it.value().is_array() && it.key() == "sources") {
          std::cout << "sources:\n";
          for (const auto& u : it.value()) std::cout << "  " << u.get<std::string>() << '\n';
          continue;
        }
        std::cout << fmt::format("{:<26} {}\n", it.key() + ":", it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
      }
      return kExitOk;
    };
  });

  struct PlotOptions {
    std::string as_of;
    std::string out;
  };
  auto plot_opts = std::make_shared<PlotOptions>();
  CLI::App* plot = catalog->add_subcommand("plot", "SVG: TPP against performance density with the threshold regions in force");
  AddAsOfOption(plot, &plot_opts->as_of);
  plot->add_option("--out", plot_opts->out, "Output SVG file")->required();
  plot->callback([&cli, plot_opts] {
    cli.action = [&cli, plot_opts]() -> int {
      auto as_of = ResolveAsOf(plot_opts->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      std::string svg = app::RenderThresholdPlotSvg(**engine, *as_of);
      std::ofstream out(plot_opts->out, std::ios::binary | std::ios::trunc);
      if (!(out << svg)) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", plot_opts->out)));
      std::cerr << fmt::format("wrote {} (as of {})\n", plot_opts->out, as_of->ToString());
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
