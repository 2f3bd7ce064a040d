// The policy lab: exportctl whatif | impact | design | timeline | aggregate (docs/policy-lab.md).
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "app/golden.h"
#include "lab/impact_questions.h"
#include "common/file.h"
#include "install_paths.h"
#include "ledger_cli.h"
#include "commands.h"
#include "common/csv.h"
#include "common/toml_util.h"
#include "exportctl/lab.h"
#include "lab/lab_json.h"
#include "lab/lab_render.h"
#include "lab_text_output.h"

namespace exportctl::cli {

namespace {

// Writes `text` to `path`, or stdout when empty.
Status Emit(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::cout << text;
    return Ok{};
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", path));
  return Ok{};
}

std::string DefaultCasesDir() {
  const std::string dir = Installed().cases();
  return std::filesystem::is_directory(dir) ? dir : "";
}

void RegisterWhatIf(CLI::App& app, Cli& cli) {
  struct Options {
    std::string rules, as_of, cases, out, format = "text";
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("whatif", "Evaluate a draft rule directory beside the rules in force over the catalog and the golden cases");
  cmd->add_option("--rules", o->rules, "Draft rule directory (same layout as data/rules)")->required();
  AddAsOfOption(cmd, &o->as_of);
  cmd->add_option("--cases", o->cases, "Golden case directory (default: the installed corpus, share/exportctl/cases)");
  cmd->add_option("--format", o->format, "Output format: text json html")->check(CLI::IsMember({"text", "json", "html"}, CLI::ignore_case));
  cmd->add_option("--out", o->out, "Write the report to this file (default: stdout)");
  cmd->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto as_of = ResolveAsOf(o->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      auto in_force = cli.LoadEngine();
      if (!in_force.ok()) return Fail(in_force.error());
      if (!std::filesystem::is_directory(o->rules))
        return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("draft rule directory `{}` does not exist", o->rules)));
      auto draft = cli.LoadEngine(false, o->rules);
      if (!draft.ok()) return Fail(draft.error());
      GoldenCorpus cases;
      std::string dir = o->cases.empty() ? DefaultCasesDir() : o->cases;
      if (!dir.empty()) {
        auto loaded = app::LoadGoldenCases(dir);
        if (!loaded.ok()) return Fail(loaded.error());
        cases.cases = std::move(loaded).value();
      }
      lab::WhatIfReport r = lab::RunWhatIf(**in_force, **draft, cases, *as_of);
      std::string text;
      if (o->format == "json") {
        text = lab::WhatIfToJson(r).dump(2) + "\n";
      } else if (o->format == "html") {
        text = lab::RenderWhatIfHtml(r);
      } else {
        std::ostringstream s;
        PrintWhatIf(s, r);
        text = s.str();
      }
      if (auto st = Emit(o->out, text); !st.ok()) return Fail(st.error());
      return kExitOk;
    };
  });
}

void RegisterImpact(CLI::App& app, Cli& cli) {
  struct Options {
    std::string rules, as_of, since, orders, out, db, format = "text";
    bool no_ledger = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "impact", "Re-decide logged checks, licence lines and an order book under a candidate rule directory: what would change");
  cmd->add_option("--rules", o->rules, "Candidate rule directory (same layout as data/rules)")->required();
  AddAsOfOption(cmd, &o->as_of);
  cmd->add_option("--since", o->since, "Logged checks recorded on or after this day (default: 90 days before --as-of)");
  cmd->add_option("--orders", o->orders, "A pending order book (CSV with a header row, or JSONL), as `check --batch` reads");
  cmd->add_flag("--no-ledger", o->no_ledger, "Ask only the order book's questions (no logged checks, no licences)");
  cmd->add_option("--format", o->format, "Output format: text json")->check(CLI::IsMember({"text", "json"}, CLI::ignore_case));
  cmd->add_option("--out", o->out, "Write the report to this file (default: stdout)");
  AddDbOption(cmd, &o->db);
  cmd->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto as_of = ResolveAsOf(o->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      Date since = as_of->AddDays(-90);
      if (!o->since.empty()) {
        auto parsed = Date::Parse(o->since);
        if (!parsed) return Fail(parsed.error().WithField("since"));
        since = *parsed;
      }
      auto in_force = cli.LoadEngine();
      if (!in_force.ok()) return Fail(in_force.error());
      if (!std::filesystem::is_directory(o->rules))
        return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("candidate rule directory `{}` does not exist", o->rules)));
      // A candidate that fails validation stops here: nothing is decided, nothing is written.
      auto candidate = cli.LoadEngine(false, o->rules);
      if (!candidate.ok()) return Fail(candidate.error());
      std::vector<lab::ImpactQuestion> questions;
      if (!o->no_ledger) {
        auto ledger = OpenLedgerForCommand(cli, ResolveDbUrl(cli, o->db));
        if (!ledger) return Fail(ledger.error());
        auto asked = lab::ImpactQuestionsFromLedger(**ledger, since, *as_of);
        if (!asked) return Fail(asked.error());
        questions = std::move(asked).value();
      }
      if (!o->orders.empty()) {
        auto text = detail::ReadFile(o->orders);
        if (!text) return Fail(text.error());
        auto orders = lab::ImpactQuestionsFromOrders(*text, o->orders);
        if (!orders) return Fail(orders.error());
        questions.insert(questions.end(), std::make_move_iterator(orders->begin()), std::make_move_iterator(orders->end()));
      }
      lab::ImpactReport r = lab::RunImpact(**in_force, **candidate, std::move(questions), *as_of);
      std::string text;
      if (o->format == "json") {
        text = lab::ImpactToJson(r).dump(2) + "\n";
      } else {
        std::ostringstream s;
        PrintImpact(s, r);
        text = s.str();
      }
      if (auto st = Emit(o->out, text); !st.ok()) return Fail(st.error());
      return r.changes.empty() ? kExitOk : kExitChanges;
    };
  });
}

void RegisterDesign(CLI::App& app, Cli& cli) {
  struct Options {
    ChipOptions chip;
    std::string to, end_user_hq, ship_from = "US", as_of, keep;
    Format format = Format::kText;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("design", "How far each design figure can go and keep a part outside each control (limits derived from the rules)");
  o->chip.AddTo(cmd);
  cmd->add_option("--to", o->to, "Destination country (ISO alpha-2)")->required();
  cmd->add_option("--end-user-hq", o->end_user_hq, "End user's HQ (default: --to)");
  cmd->add_option("--ship-from", o->ship_from, "Country the goods ship from (default US)");
  cmd->add_option("--keep", o->keep, "Precision to keep (fp64, tf32, bf16, fp16, fp8, int8, fp6, fp4): only it counts towards TPP");
  AddAsOfOption(cmd, &o->as_of);
  AddFormatOption(cmd, &o->format, {Format::kText, Format::kJson});
  cmd->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto as_of = ResolveAsOf(o->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      lab::DesignRequest r;
      if (!o->keep.empty()) {
        r.keep = ParsePrecision(o->keep);
        if (!r.keep) return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("unknown precision `{}` for --keep", o->keep)));
      }
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      Chip spec;
      auto chip = o->chip.Resolve(**engine, &spec);
      if (!chip.ok()) return Fail(chip.error());
      auto to = (*engine)->countries().Validate(o->to);
      if (!to.ok()) return Fail(to.error());
      r.base = *chip;
      r.destination = *to;
      r.end_user_hq = o->end_user_hq;
      r.ship_from = o->ship_from;
      r.as_of = *as_of;
      auto report = lab::ExploreDesign(**engine, r);
      if (!report.ok()) return Fail(report.error());
      if (o->format == Format::kJson) std::cout << lab::DesignToJson(*report).dump(2) << '\n';
      else PrintDesign(std::cout, *report);
      return kExitOk;
    };
  });
}

void RegisterTimeline(CLI::App& app, Cli& cli) {
  struct Options {
    ChipOptions chip;
    std::string to, end_user, end_user_hq, ship_from = "US", from = "2022-01-01", as_of, svg;
    Format format = Format::kText;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("timeline", "A shipment's status over time: intervals with outcome, review policy and the rule that changed it");
  o->chip.AddTo(cmd);
  cmd->add_option("--to", o->to, "Destination country (ISO alpha-2)")->required();
  cmd->add_option("--end-user", o->end_user, "End user name");
  cmd->add_option("--end-user-hq", o->end_user_hq, "End user's HQ (default: --to)");
  cmd->add_option("--ship-from", o->ship_from, "Country the goods ship from (default US)");
  cmd->add_option("--from", o->from, "First day (default 2022-01-01)");
  AddAsOfOption(cmd, &o->as_of);
  AddFormatOption(cmd, &o->format, {Format::kText, Format::kJson});
  cmd->add_option("--svg", o->svg, "Also write the chart as SVG to this file");
  cmd->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto to_date = ResolveAsOf(o->as_of);
      if (!to_date.ok()) return Fail(to_date.error());
      auto from = Date::Parse(o->from);
      if (!from.ok()) return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("--from `{}` is not a date (YYYY-MM-DD)", o->from)));
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      Chip spec;
      auto chip = o->chip.Resolve(**engine, &spec);
      if (!chip.ok()) return Fail(chip.error());
      lab::TimelineRequest r;
      r.shipment.chip = *chip;
      r.shipment.destination = o->to;
      r.shipment.end_user = o->end_user;
      r.shipment.end_user_hq = o->end_user_hq;
      r.shipment.ship_from = o->ship_from;
      r.from = *from;
      r.to = *to_date;
      auto t = lab::StatusTimeline(**engine, r);
      if (!t.ok()) return Fail(t.error());
      if (!o->svg.empty())
        if (auto st = Emit(o->svg, lab::RenderTimelineSvg(*t)); !st.ok()) return Fail(st.error());
      if (o->format == Format::kJson) std::cout << lab::TimelineToJson(*t).dump(2) << '\n';
      else PrintTimeline(std::cout, *t);
      return kExitOk;
    };
  });
}

// "CHIP=QTY" (the chip name may contain '=' only before the last one).
Result<lab::OrderLine> ParseItem(const Engine& engine, std::string_view chip, std::string_view qty, const std::string& where) {
  auto c = engine.FindChip(chip);
  if (!c.ok()) return Error(c.error().code(), where + c.error().message());
  double q = 0;
  try {
    std::size_t used = 0;
    q = std::stod(std::string(qty), &used);
    if (used != qty.size()) throw std::invalid_argument("");
  } catch (const std::exception&) {
    return Error(ErrorCode::kInvalidArgument, fmt::format("{}quantity `{}` is not a number", where, qty));
  }
  return lab::OrderLine{*c, q};
}

Result<std::vector<lab::OrderLine>> ReadOrder(const Engine& engine, const std::string& path) {
  auto text = detail::ReadFile(path);
  if (!text.ok()) return text.error();
  detail::CsvReader reader(*text);
  std::vector<std::string> fields;
  std::string error;
  std::vector<lab::OrderLine> lines;
  int chip_col = -1, qty_col = -1;
  while (reader.Next(&fields, &error)) {
    std::string where = fmt::format("{}:{}: ", path, reader.record_line());
    if (!error.empty()) return Error(ErrorCode::kParseError, where + error);
    if (chip_col < 0) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "chip") chip_col = static_cast<int>(i);
        if (fields[i] == "quantity" || fields[i] == "qty") qty_col = static_cast<int>(i);
      }
      if (chip_col < 0 || qty_col < 0) return Error(ErrorCode::kInvalidArgument, where + "the header needs `chip` and `quantity` columns");
      continue;
    }
    if (fields.size() == 1 && fields[0].empty()) continue;
    if (static_cast<int>(fields.size()) <= std::max(chip_col, qty_col))
      return Error(ErrorCode::kInvalidArgument, where + "missing `chip` or `quantity`");
    auto line = ParseItem(engine, fields[chip_col], fields[qty_col], where);
    if (!line.ok()) return line.error();
    lines.push_back(*line);
  }
  return lines;
}

void RegisterAggregate(CLI::App& app, Cli& cli) {
  struct Options {
    std::string order, to, as_of;
    std::vector<std::string> items;
    Format format = Format::kText;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("aggregate", "TPP of an order or cluster, and the AI Diffusion caps as a historical what-if (never enforced)");
  cmd->add_option("--order", o->order, "CSV file with `chip,quantity` rows");
  cmd->add_option("--item", o->items, "CHIP=QTY; repeatable");
  cmd->add_option("--to", o->to, "Destination country (ISO alpha-2)")->required();
  AddAsOfOption(cmd, &o->as_of);
  AddFormatOption(cmd, &o->format, {Format::kText, Format::kJson});
  cmd->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      if (o->order.empty() == o->items.empty())
        return Fail(Error(ErrorCode::kInvalidArgument, "give either --order FILE or --item CHIP=QTY"));
      auto as_of = ResolveAsOf(o->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      std::vector<lab::OrderLine> lines;
      if (!o->order.empty()) {
        auto read = ReadOrder(**engine, o->order);
        if (!read.ok()) return Fail(read.error());
        lines = std::move(read).value();
      }
      for (const std::string& item : o->items) {
        auto eq = item.rfind('=');
        if (eq == std::string::npos)
          return Fail(Error(ErrorCode::kInvalidArgument, fmt::format("--item `{}` is not CHIP=QTY", item)));
        auto line = ParseItem(**engine, std::string_view(item).substr(0, eq), std::string_view(item).substr(eq + 1), "");
        if (!line.ok()) return Fail(line.error());
        lines.push_back(*line);
      }
      auto r = lab::Aggregate(**engine, lines, o->to, *as_of);
      if (!r.ok()) return Fail(r.error());
      if (o->format == Format::kJson) std::cout << lab::AggregateToJson(*r).dump(2) << '\n';
      else PrintAggregate(std::cout, *r);
      return kExitOk;
    };
  });
}

}  // namespace

void RegisterLabCommands(CLI::App& app, Cli& cli) {
  RegisterWhatIf(app, cli);
  RegisterImpact(app, cli);
  RegisterDesign(app, cli);
  RegisterTimeline(app, cli);
  RegisterAggregate(app, cli);
}

}  // namespace exportctl::cli
