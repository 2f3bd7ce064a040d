// `exportctl lists import|status|diff`: the local store of restricted-party list versions.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "screen/list_entry.h"
#include "screen/list_store.h"

namespace exportctl::cli {
namespace {
namespace fs = std::filesystem;

std::string NowUtc() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto days = std::chrono::floor<std::chrono::days>(now);
  std::chrono::hh_mm_ss hms(now - days);
  return fmt::format("{}T{:02}:{:02}:{:02}Z", Date::FromDays(static_cast<int>(days.time_since_epoch().count())).ToString(),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

nlohmann::json InfoJson(const screen::ListInfo& i) {
  return {{"id", i.id},           {"origin", i.origin},   {"version", i.version},
          {"entries", i.entries}, {"names", i.names},     {"content_sha256", i.content_sha256},
          {"imported_at", i.imported_at}, {"path", i.path}};
}

// A diff operand: a file, or a store reference "id" / "id@vN".
Result<screen::ParsedList> ReadOperand(const Cli& cli, const std::string& ref) {
  std::error_code ec;
  if (fs::exists(ref, ec)) return screen::ParseListFile(ref);
  screen::ListStore store(cli.HomeDir() + "/lists");
  auto r = store.Read(ref);
  if (!r.ok() && r.error().code() == ErrorCode::kNotFound) {
    return Error(ErrorCode::kNotFound, fmt::format("`{}` is neither a file nor a stored list version (id or id@vN)", ref));
  }
  return r;
}

nlohmann::json EntryJson(const screen::ListEntry& e) {
  return {{"id", e.id}, {"name", e.name}, {"aliases", e.aliases}, {"programs", e.programs},
          {"countries", e.countries}, {"start_date", e.start_date},
          {"federal_register_notice", e.federal_register_notice}};
}

}  // namespace

void RegisterListsCommands(CLI::App& app, Cli& cli) {
  CLI::App* cmd = app.add_subcommand("lists", "Restricted-party list versions: import, status, diff");
  cmd->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  auto source = std::make_shared<std::string>();
  auto allow_shrink = std::make_shared<bool>(false);
  CLI::App* imp = cmd->add_subcommand("import", "Import a list file (OFAC SDN CSV, trade.gov CSL CSV, UN XML) as a new version");
  imp->add_option("file", *file, "List file")->required();
  imp->add_option("--source", *source, "List id, e.g. sdn, csl, un (these three must come in their own format)")->required();
  imp->add_flag("--allow-shrink", *allow_shrink, "Accept a version with more than 10% fewer entries than the one in use");
  imp->callback([&cli, file, source, allow_shrink] {
    cli.action = [&cli, file, source, allow_shrink] {
      screen::ListStore store(cli.HomeDir() + "/lists");
      auto info = store.Import(*file, *source, NowUtc(), screen::ImportOptions{*allow_shrink});
      if (!info.ok()) {
        int rc = Fail(info.error());
        std::cerr << fmt::format("exportctl: import of `{}` failed; the previous version of `{}` stays in use\n", *file, *source);
        return rc;
      }
      std::cout << fmt::format("imported {} {}: {} entries, {} names, sha256 {}\n", info->id, info->version,
                               info->entries, info->names, info->content_sha256);
      return int{kExitOk};
    };
  });

  auto status_format = std::make_shared<Format>();
  CLI::App* status = cmd->add_subcommand("status", "Show every list in use: version, rows, content hash, import time");
  AddFormatOption(status, status_format.get(), {Format::kText, Format::kJson});
  status->callback([&cli, status_format] {
    cli.action = [&cli, status_format] {
      auto bundled = screen::BundledListsStatus(cli.DataDir() + "/lists");
      if (!bundled.ok()) return Fail(bundled.error());
      auto imported = screen::ListStore(cli.HomeDir() + "/lists").Status();
      if (!imported.ok()) return Fail(imported.error());
      std::vector<screen::ListInfo> all = *bundled;
      all.insert(all.end(), imported->begin(), imported->end());
      if (*status_format == Format::kJson) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& i : all) arr.push_back(InfoJson(i));
        std::cout << arr.dump(2) << '\n';
      } else {
        std::cout << fmt::format("{:<22} {:<9} {:<28} {:>8} {:>8}  {:<16}  {}\n", "list", "origin", "version", "entries",
                                 "names", "sha256", "imported");
        for (const auto& i : all) {
          std::cout << fmt::format("{:<22} {:<9} {:<28} {:>8} {:>8}  {:<16}  {}\n", i.id, i.origin, i.version, i.entries,
                                   i.names, i.content_sha256.substr(0, 16), i.imported_at.empty() ? "-" : i.imported_at);
        }
      }
      return int{kExitOk};
    };
  });

  auto old_ref = std::make_shared<std::string>();
  auto new_ref = std::make_shared<std::string>();
  auto diff_format = std::make_shared<Format>();
  CLI::App* diff = cmd->add_subcommand("diff", "Entries added, removed and changed between two list versions");
  diff->add_option("old", *old_ref, "Old version: a file, or a stored list (id or id@vN)")->required();
  diff->add_option("new", *new_ref, "New version: a file, or a stored list (id or id@vN)")->required();
  AddFormatOption(diff, diff_format.get(), {Format::kText, Format::kJson});
  diff->callback([&cli, old_ref, new_ref, diff_format] {
    cli.action = [&cli, old_ref, new_ref, diff_format] {
      auto a = ReadOperand(cli, *old_ref);
      if (!a.ok()) return Fail(a.error());
      auto b = ReadOperand(cli, *new_ref);
      if (!b.ok()) return Fail(b.error());
      screen::ListDiff d = screen::DiffLists(*a, *b);
      if (*diff_format == Format::kJson) {
        nlohmann::json j = {{"added", nlohmann::json::array()}, {"removed", nlohmann::json::array()},
                            {"changed", nlohmann::json::array()}};
        for (const auto& e : d.added) j["added"].push_back(EntryJson(e));
        for (const auto& e : d.removed) j["removed"].push_back(EntryJson(e));
        for (const auto& [o, n] : d.changed) j["changed"].push_back({{"old", EntryJson(o)}, {"new", EntryJson(n)}});
        std::cout << j.dump(2) << '\n';
      } else {
        std::cout << fmt::format("{} added, {} removed, {} changed\n", d.added.size(), d.removed.size(), d.changed.size());
        for (const auto& e : d.added) std::cout << fmt::format("+ {} {}\n", e.id, e.name);
        for (const auto& e : d.removed) std::cout << fmt::format("- {} {}\n", e.id, e.name);
        for (const auto& [o, n] : d.changed) {
          std::cout << fmt::format("~ {} {}{}\n", n.id, n.name, o.name != n.name ? fmt::format(" (was {})", o.name) : "");
        }
      }
      return int{kExitOk};
    };
  });
}

}  // namespace exportctl::cli
