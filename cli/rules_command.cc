// exportctl rules lint|list|timeline: inspect and validate rule sets.
#include <iostream>

#include <fmt/format.h>

#include "app/json_mapping.h"
#include "commands.h"
#include "exportctl/lab.h"
#include "rules/facts.h"

namespace exportctl::cli {

namespace {

void PrintRuleLine(std::ostream& out, const Rule& r) {
  std::string window = fmt::format("{} .. {}", r.effective.from.ToString(),
                                   r.effective.to == Date::Max() ? "" : r.effective.to.ToString());
  out << fmt::format("{:<26} {:<3} {:<19} {:<24} {:<6} {}{}\n", r.id, r.jurisdiction, RuleKindName(r.kind), window,
                     EvidenceName(r.evidence), r.title, r.status == "in_force" ? "" : " [" + r.status + "]");
}

}  // namespace

void RegisterRulesCommands(CLI::App& app, Cli& cli) {
  CLI::App* rules = app.add_subcommand("rules", "Validate and list rule sets");
  rules->require_subcommand(1);

  auto lint_dir = std::make_shared<std::string>();
  CLI::App* lint = rules->add_subcommand("lint", "Validate a rule directory; every error with file:line:col");
  lint->add_option("dir", *lint_dir, "Rule directory (default: the bundled rules)");
  lint->callback([&cli, lint_dir] {
    cli.action = [&cli, lint_dir]() -> int {
      std::string dir = lint_dir->empty() ? cli.DataDir() + "/rules" : *lint_dir;
      auto countries = Countries::Load(cli.DataDir() + "/countries/groups.toml");
      if (!countries.ok()) return Fail(countries.error());
      auto set = RuleSet::LoadDir(dir, &*countries);
      if (!set.ok()) return Fail(set.error());
      std::cout << fmt::format("{}: rule set {} revision {}: {} rules in {} files, ok (sha256 {})\n", dir, (*set)->id(),
                               (*set)->revision(), (*set)->rules().size(), (*set)->files().size(), (*set)->content_hash());
      return kExitOk;
    };
  });

  // rules diff A B: what a new rule directory adds, removes and changes, version by version.
  struct DiffOptions {
    std::string from, to;
    Format format = Format::kText;
  };
  auto diff_opts = std::make_shared<DiffOptions>();
  CLI::App* diff = rules->add_subcommand("diff", "Rules added, removed and changed between two rule directories, with their effective dates");
  diff->add_option("from", diff_opts->from, "The rule directory in force (e.g. data/rules)")->required();
  diff->add_option("to", diff_opts->to, "The candidate rule directory")->required();
  AddFormatOption(diff, &diff_opts->format, {Format::kText, Format::kJson});
  diff->callback([&cli, diff_opts] {
    cli.action = [&cli, diff_opts]() -> int {
      auto countries = Countries::Load(cli.DataDir() + "/countries/groups.toml");
      if (!countries.ok()) return Fail(countries.error());
      auto a = RuleSet::LoadDir(diff_opts->from, &*countries);
      if (!a.ok()) return Fail(a.error());
      auto b = RuleSet::LoadDir(diff_opts->to, &*countries);
      if (!b.ok()) return Fail(b.error());
      const lab::RuleDiff d = lab::DiffRuleSets(**a, **b);
      auto version = [](const RuleSet& set, const std::string& key) -> const Rule* {
        for (const Rule& r : set.rules())
          if (fmt::format("{} (from {})", r.id, r.effective.from.ToString()) == key) return &r;
        return nullptr;
      };
      auto describe = [](const RuleSet& s) {
        return nlohmann::json{{"id", s.id()}, {"revision", s.revision()}, {"content_hash", s.content_hash()}};
      };
      auto rule_json = [](const Rule* r) {
        return nlohmann::json{{"id", r->id}, {"kind", RuleKindName(r->kind)}, {"title", r->title},
                              {"effective_from", r->effective.from.ToString()},
                              {"effective_to", r->effective.to == Date::Max() ? nlohmann::json(nullptr) : nlohmann::json(r->effective.to.ToString())},
                              {"evidence", EvidenceName(r->evidence)}};
      };
      if (diff_opts->format == Format::kJson) {
        nlohmann::json added = nlohmann::json::array(), removed = nlohmann::json::array(), changed = nlohmann::json::array();
        for (const std::string& k : d.added) added.push_back(rule_json(version(**b, k)));
        for (const std::string& k : d.removed) removed.push_back(rule_json(version(**a, k)));
        for (std::size_t i = 0; i < d.modified.size(); ++i) {
          nlohmann::json j = rule_json(version(**b, d.modified[i]));
          j["fields"] = d.modified_fields[i];
          changed.push_back(std::move(j));
        }
        std::cout << nlohmann::json{{"from", describe(**a)}, {"to", describe(**b)}, {"added", added}, {"removed", removed}, {"changed", changed}}.dump(2) << '\n';
        return kExitOk;
      }
      std::cout << fmt::format("rules diff {} {} -> {} {}\n", (*a)->id(), (*a)->revision(), (*b)->id(), (*b)->revision());
      auto window = [](const Rule* r) {
        return r->effective.to == Date::Max() ? fmt::format("from {}", r->effective.from.ToString())
                                              : fmt::format("{}..{}", r->effective.from.ToString(), r->effective.to.ToString());
      };
      std::cout << fmt::format("added ({}):\n", d.added.size());
      for (const std::string& k : d.added) {
        const Rule* r = version(**b, k);
        std::cout << fmt::format("  + {:<34} {:<20} {:<22} {}\n", r->id, RuleKindName(r->kind), window(r), r->title);
      }
      std::cout << fmt::format("removed ({}):\n", d.removed.size());
      for (const std::string& k : d.removed) {
        const Rule* r = version(**a, k);
        std::cout << fmt::format("  - {:<34} {:<20} {:<22} {}\n", r->id, RuleKindName(r->kind), window(r), r->title);
      }
      std::cout << fmt::format("changed ({}):\n", d.modified.size());
      for (std::size_t i = 0; i < d.modified.size(); ++i) {
        const Rule* r = version(**b, d.modified[i]);
        std::cout << fmt::format("  ~ {:<34} {:<20} {:<22} {}\n", r->id, RuleKindName(r->kind), window(r), fmt::join(d.modified_fields[i], ", "));
      }
      return kExitOk;
    };
  });

  struct ListOptions {
    std::string as_of;
    Format format = Format::kText;
    std::string jurisdiction;
  };
  auto list_opts = std::make_shared<ListOptions>();
  CLI::App* list = rules->add_subcommand("list", "Rules in force on a date");
  AddAsOfOption(list, &list_opts->as_of);
  AddFormatOption(list, &list_opts->format, {Format::kText, Format::kJson});
  list->add_option("--jurisdiction", list_opts->jurisdiction, "Only rules of this jurisdiction (US, CN, MY)");
  list->callback([&cli, list_opts] {
    cli.action = [&cli, list_opts]() -> int {
      auto as_of = ResolveAsOf(list_opts->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      const RuleSet& set = (*engine)->rules();
      nlohmann::json out = nlohmann::json::array();
      if (list_opts->format == Format::kText)
        std::cout << fmt::format("rules in force on {} (rule set {} revision {})\n", as_of->ToString(), set.id(), set.revision());
      for (const Rule& r : set.rules()) {
        if (!r.InForce(*as_of)) continue;
        if (!list_opts->jurisdiction.empty() && r.jurisdiction != list_opts->jurisdiction) continue;
        if (list_opts->format == Format::kJson) out.push_back(app::RuleToJson(r));
        else PrintRuleLine(std::cout, r);
      }
      if (list_opts->format == Format::kJson)
        std::cout << nlohmann::json{{"as_of", as_of->ToString()}, {"ruleset", app::RuleSetToJson(set)}, {"rules", out}}.dump(2) << '\n';
      return kExitOk;
    };
  });

  CLI::App* fields = rules->add_subcommand("fields", "The fields a rule condition (`when`) may use, with their types");
  fields->callback([&cli] {
    cli.action = [&cli]() -> int {
      for (const rules::FieldSpec& f : rules::AllFields())
        std::cout << fmt::format("{:<26} {:<8} {}{}\n", f.name, rules::ValueTypeName(f.type), f.help,
                                 f.request_fact ? " [request fact: never assumed]" : "");
      std::cout << "functions: in_group(country, \"D:5\", …), starts_with(text, \"prefix\", …), has_tag(\"tag\"), has_reason(\"AT\", …)\n";
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      std::cout << "end-use tags (--end-use, has_tag):\n";
      for (const EndUseTag& t : (*engine)->rules().end_use_tags()) std::cout << fmt::format("  {:<24} {}\n", t.tag, t.description);
      std::cout << fmt::format("end-user types (--end-user-type): {}\n", fmt::join((*engine)->rules().end_user_types(), ", "));
      return kExitOk;
    };
  });

  auto tl_format = std::make_shared<Format>(Format::kText);
  CLI::App* timeline = rules->add_subcommand("timeline", "Every rule version by effective date, including those no longer enforced");
  AddFormatOption(timeline, tl_format.get(), {Format::kText, Format::kJson});
  timeline->callback([&cli, tl_format] {
    cli.action = [&cli, tl_format]() -> int {
      auto engine = cli.LoadEngine();
      if (!engine.ok()) return Fail(engine.error());
      const RuleSet& set = (*engine)->rules();
      std::vector<const Rule*> sorted;
      for (const Rule& r : set.rules()) sorted.push_back(&r);
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const Rule* a, const Rule* b) { return a->effective.from < b->effective.from; });
      if (*tl_format == Format::kJson) {
        nlohmann::json out = nlohmann::json::array();
        for (const Rule* r : sorted) out.push_back(app::RuleToJson(*r));
        std::cout << nlohmann::json{{"ruleset", app::RuleSetToJson(set)}, {"rules", out}}.dump(2) << '\n';
      } else {
        for (const Rule* r : sorted) PrintRuleLine(std::cout, *r);
      }
      return kExitOk;
    };
  });
}

}  // namespace exportctl::cli
