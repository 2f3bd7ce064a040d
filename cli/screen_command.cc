// `exportctl screen …`: restricted-party screening of one name, a batch of parties, or name pairs.
//   screen NAME [--type T] [--country CC] [--lists a,b] [--min-score X] [--limit N] [--format F]
//   screen --batch parties.csv [--saved NAME]     (re-screening: only new or changed hits)
//   screen compare A B | screen compare --pairs FILE.csv
//   screen whitelist add|import|list|revoke      (clearances in the ledger: whitelist_command.cc)
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "screen/hit_json.h"
#include "app/decision_log.h"
#include "app/ledger_open.h"
#include "app/list_screener.h"
#include "common/file.h"
#include "common/text_limits.h"
#include "commands.h"
#include "ledger_cli.h"
#include "exportctl/screen.h"
#include "screen/csv_reader.h"
#include "screen/rescreen.h"
#include "screen/whitelist.h"

namespace exportctl::cli {
namespace {
namespace fs = std::filesystem;
using screen::Band;
using screen::ScreeningHit;

struct ScreenArgs {
  std::string name;
  std::string type = "any";
  std::string country;
  std::vector<std::string> lists;
  double min_score = screen::kDefaultThreshold;
  int limit = 10;
  bool no_explain = false;
  std::string batch;
  std::string saved;
  Format format = Format::kText;
  std::string db;
};

std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string ExplainText(const screen::Explanation& e) {
  std::string out;
  for (const screen::TokenPair& p : e.pairs) {
    if (!out.empty()) out += ", ";
    if (p.query_token.empty()) {
      out += fmt::format("-/{}", p.list_token);
    } else if (p.list_token.empty()) {
      out += fmt::format("{}/-", p.query_token);
    } else {
      out += fmt::format("{}/{} {:.2f}", p.query_token, p.list_token, p.similarity);
    }
    if (p.weak) out += " (weak)";
  }
  return fmt::format("{} [{}]", out, e.method);
}

void PrintHitText(const ScreeningHit& h) {
  std::cout << fmt::format("  {:<6} {:.3f}  {} {}  {}\n", screen::BandName(h.band), h.score, h.list,
                           h.entry_id, h.entry_name);
  if (h.matched_name != h.entry_name) std::cout << fmt::format("         matched: {}\n", h.matched_name);
  std::string facts;
  auto add = [&](std::string_view label, const std::string& value) {
    if (value.empty()) return;
    if (!facts.empty()) facts += " · ";
    facts += fmt::format("{}: {}", label, value);
  };
  add("type", h.entry_type);
  add("country", h.country);
  add("programs", h.programs);
  add("listed", h.start_date);
  add("FR", h.federal_register_notice);
  add("licence", h.license_policy);
  if (!facts.empty()) std::cout << "         " << facts << '\n';
  if (!h.explanation.method.empty()) {
    std::cout << "         tokens: " << ExplainText(h.explanation) << '\n';
  }
  if (!h.explanation.whitelisted.empty()) {
    std::cout << "         whitelisted: " << h.explanation.whitelisted << '\n';
  }
}

// 20 for a block-band hit, else 21 for a review-band hit or a name not read in full, else 0.
int ExitFor(const std::vector<ScreeningHit>& hits, bool any_unread) {
  bool review = any_unread;
  for (const ScreeningHit& h : hits) {
    if (h.band == Band::kBlock) return kExitScreeningHit;
    review |= h.band == Band::kReview;
  }
  return review ? kExitScreeningReview : kExitOk;
}

// The line that says a name was not screened in full (FindUnreadLetters found letters).
std::string UnreadLine(const screen::UnreadLetters& unread) {
  return fmt::format("not screened in full: `{}` is in a script the screener does not read ({}); screen the name as "
                     "written in Latin letters\n",
                     unread.words, unread.scripts);
}

Result<screen::ScreenOptions> Options(const ScreenArgs& a) {
  screen::ScreenOptions opts;
  auto type = screen::ParsePartyType(a.type);
  if (!type.ok()) return type.error();
  opts.type = *type;
  opts.country = a.country;
  opts.lists = a.lists;
  if (a.min_score < 0 || a.min_score > 1) {
    return Error(ErrorCode::kInvalidArgument, fmt::format("--min-score `{}` is not in [0, 1]", a.min_score));
  }
  opts.min_score = a.min_score;
  opts.limit = a.limit;
  opts.explain = !a.no_explain;
  return opts;
}

Result<std::shared_ptr<const screen::Screener>> LoadScreener(const Cli& cli) {
  return screen::Screener::Load(cli.DataDir(), cli.HomeDir());
}

// The ledger a screening is recorded in (its decision log: no answer without the record; as the
// command's actor) and the clearances in force there.
struct ScreeningRecord {
  std::unique_ptr<Ledger> ledger;
  std::shared_ptr<const screen::Whitelist> clearances;
};
Result<ScreeningRecord> OpenScreeningRecord(const Cli& cli, const ScreenArgs& a) {
  // The whitelist file of earlier versions was outside the audit chain; it is no longer read.
  if (std::error_code ec; fs::exists(fs::path(cli.HomeDir()) / "whitelist.csv", ec))
    std::cerr << fmt::format("exportctl: warning: {}/whitelist.csv is no longer read: clearances live in the ledger under "
                             "four eyes; import it with `exportctl screen whitelist import FILE` and remove it\n",
                             cli.HomeDir());
  auto ledger = OpenLedgerForCommand(cli, a.db);
  if (!ledger) return ledger.error();
  auto clearances = (*ledger)->Clearances(Date::Min(), /*include_ended=*/false);  // expiry: as of today, below
  if (!clearances) return clearances.error();
  auto settings = (*ledger)->Settings();
  if (!settings) return settings.error();
  return ScreeningRecord{std::move(*ledger), app::WhitelistOf(*clearances, *settings)};
}

int RunScreen(const Cli& cli, const ScreenArgs& a) {
  auto opts = Options(a);
  if (!opts.ok()) return Fail(opts.error());
  std::string trimmed = a.name;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  if (trimmed.empty()) return Fail(Error(ErrorCode::kInvalidArgument, "empty name; give the party name to screen"));
  if (auto text = detail::CheckText(a.name, "name", detail::kMaxNameBytes); !text.ok()) return Fail(text.error());
  auto screener = LoadScreener(cli);
  if (!screener.ok()) return Fail(screener.error());
  if (auto known = (*screener)->CheckOptions(*opts); !known.ok()) return Fail(known.error());
  auto record = OpenScreeningRecord(cli, a);
  if (!record) return Fail(record.error());
  const Date today = *ResolveAsOf("");
  auto hits = (*screener)->Screen(a.name, *opts);
  record->clearances->Apply(a.name, hits, today);
  const screen::UnreadLetters unread = screen::FindUnreadLetters(a.name);
  nlohmann::json answer = screen::ScreenAnswerJson(a.name, hits, unread);
  std::vector<DecisionLogEntry> log = {app::ScreenLogEntry(a.name, *opts, hits, (*screener)->lists(), answer,
                                                           record->ledger->actor().name, "cli", today)};
  if (Status s = record->ledger->AppendDecisionLog(log); !s) return Fail(s.error());
  if (a.format == Format::kJson) {
    std::cout << answer.dump(2) << '\n';
  } else {
    if (!unread.empty()) std::cout << UnreadLine(unread);
    if (hits.empty()) {
      std::cout << fmt::format("{}: no list entry scores {:.2f} or more for `{}`\n",
                               unread.empty() ? "clear" : "no hits for the letters read", opts->min_score, a.name);
    } else {
      std::cout << fmt::format("{} hit(s) for `{}`:\n", hits.size(), a.name);
      for (const auto& h : hits) PrintHitText(h);
    }
  }
  return ExitFor(hits, !unread.empty());
}

// A saved screening's name is a plain file name inside <home>/screenings: letters, digits, `-`, `_`,
// `.` (not leading), at most 64 characters, so no name can reach outside the home directory.
bool ValidSavedName(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

int RunBatch(const Cli& cli, const ScreenArgs& a) {
  auto opts = Options(a);
  if (!opts.ok()) return Fail(opts.error());
  if (!a.saved.empty() && !ValidSavedName(a.saved))
    return Fail(Error(ErrorCode::kInvalidArgument,
                      fmt::format("--saved `{}`: a name of letters, digits, `-`, `_` or `.` (not leading), at most 64 characters; "
                                  "saved screenings stay inside the home directory", a.saved)));
  auto text = detail::ReadFile(a.batch);
  if (!text.ok()) return Fail(text.error());
  auto rows = screen::ReadCsv(*text, a.batch);
  if (!rows.ok()) return Fail(rows.error());
  if (rows->empty()) return Fail(Error(ErrorCode::kParseError, "empty file", {a.batch}));
  const auto& header = rows->front().fields;
  auto col = [&](std::string_view n) -> int {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == n) return static_cast<int>(i);
    }
    return -1;
  };
  int name_col = col("name");
  int type_col = col("type");
  int country_col = col("country");
  if (name_col < 0) {
    return Fail(Error(ErrorCode::kParseError, "header needs a `name` column (optional: type, country)",
                      SourceLocation{a.batch, rows->front().line}));
  }
  std::vector<Error> errors;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& rec = (*rows)[r];
    if (rec.fields.size() != header.size()) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("expected {} columns, found {}", header.size(), rec.fields.size()),
                          SourceLocation{a.batch, rec.line});
    } else if (rec.fields[name_col].find_first_not_of(" \t") == std::string::npos) {
      errors.emplace_back(ErrorCode::kParseError, "empty name", SourceLocation{a.batch, rec.line});
    } else if (type_col >= 0 && !rec.fields[type_col].empty() &&
               !screen::ParsePartyType(rec.fields[type_col]).ok()) {
      errors.emplace_back(ErrorCode::kParseError,
                          fmt::format("unknown party type `{}`", rec.fields[type_col]),
                          SourceLocation{a.batch, rec.line});
    }
  }
  if (!errors.empty()) return Fail(Error::Many(ErrorCode::kParseError, std::move(errors)));
  auto screener = LoadScreener(cli);
  if (!screener.ok()) return Fail(screener.error());
  if (auto known = (*screener)->CheckOptions(*opts); !known.ok()) return Fail(known.error());
  auto record = OpenScreeningRecord(cli, a);
  if (!record) return Fail(record.error());
  const Date today = *ResolveAsOf("");

  std::vector<screen::PartyHits> results;
  std::vector<ScreeningHit> all;
  std::vector<DecisionLogEntry> log;
  bool progress = StderrIsTerminal();
  size_t total = rows->size() - 1;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& f = (*rows)[r].fields;
    screen::ScreenOptions o = *opts;
    if (type_col >= 0 && !f[type_col].empty()) o.type = *screen::ParsePartyType(f[type_col]);
    if (country_col >= 0 && !f[country_col].empty()) o.country = f[country_col];
    auto hits = (*screener)->Screen(f[name_col], o);
    record->clearances->Apply(f[name_col], hits, today);
    log.push_back(app::ScreenLogEntry(f[name_col], o, hits, (*screener)->lists(),
                                      nlohmann::json{{"file", a.batch}, {"line", (*rows)[r].line}, {"name", f[name_col]}, {"hits", hits}},
                                      record->ledger->actor().name, "batch", today));
    all.insert(all.end(), hits.begin(), hits.end());
    results.push_back({f[name_col], std::move(hits)});
    if (progress && (r % 64 == 0 || r == total)) {
      size_t width = 30;
      size_t done = width * r / std::max<size_t>(total, 1);
      std::cerr << fmt::format("\r[{}{}] {}/{}", std::string(done, '#'), std::string(width - done, '.'), r, total)
                << std::flush;
    }
  }
  if (progress) std::cerr << '\n';
  if (Status s = record->ledger->AppendDecisionLog(log); !s) return Fail(s.error());
  // Parties with letters the screener cannot read: never reported as clear (band `unread`).
  std::vector<screen::UnreadLetters> unread;
  size_t unread_count = 0;
  for (const auto& p : results) {
    unread.push_back(screen::FindUnreadLetters(p.party));
    unread_count += !unread.back().empty();
  }

  if (!a.saved.empty()) {
    fs::path dir = fs::path(cli.HomeDir()) / "screenings";
    fs::path file = dir / (a.saved + ".json");
    nlohmann::json previous;
    std::error_code ec;
    if (fs::exists(file, ec)) {
      auto prev_text = detail::ReadFile(file.string());
      if (!prev_text.ok()) return Fail(prev_text.error());
      previous = nlohmann::json::parse(*prev_text, nullptr, false);
      if (previous.is_discarded()) {
        return Fail(Error(ErrorCode::kParseError, "saved screening is not valid JSON", {file.string()}));
      }
    }
    auto changes = screen::NewOrChangedHits(previous, results);
    fs::create_directories(dir, ec);
    fs::path tmp = file;
    tmp += ".tmp";
    {
      std::ofstream out(tmp);
      out << screen::SaveScreening(results).dump(1) << '\n';
      if (!out) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", tmp.string())));
    }
    fs::rename(tmp, file, ec);
    if (ec) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", file.string())));
    std::vector<ScreeningHit> changed_hits;
    if (a.format == Format::kJson) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& c : changes) {
        arr.push_back({{"party", c.party}, {"change", c.change}, {"previous_band", c.previous_band},
                       {"previous_score", c.previous_score}, {"hit", c.hit}});
      }
      nlohmann::json not_read = nlohmann::json::array();  // parties not screened in full, every time
      for (size_t i = 0; i < results.size(); ++i)
        if (!unread[i].empty()) not_read.push_back({{"party", results[i].party}, {"unread", unread[i]}});
      std::cout << nlohmann::json{{"saved", a.saved}, {"changes", arr}, {"unread", not_read}}.dump(2) << '\n';
    } else {
      for (size_t i = 0; i < results.size(); ++i)
        if (!unread[i].empty()) std::cout << results[i].party << ": " << UnreadLine(unread[i]);
      std::cout << fmt::format("{} new or changed hit(s) since the last screening `{}`\n", changes.size(), a.saved);
      for (const auto& c : changes) {
        std::cout << fmt::format("{} ({}{}):\n", c.party, c.change,
                                 c.change == "changed" ? fmt::format(", was {} {:.3f}", c.previous_band, c.previous_score) : "");
        PrintHitText(c.hit);
      }
    }
    for (const auto& c : changes) changed_hits.push_back(c.hit);
    return ExitFor(changed_hits, unread_count > 0);
  }

  if (a.format == Format::kJson) {
    nlohmann::json arr = nlohmann::json::array();
    for (size_t i = 0; i < results.size(); ++i) {
      arr.push_back({{"party", results[i].party}, {"hits", results[i].hits}});
      if (!unread[i].empty()) arr.back()["unread"] = unread[i];
    }
    std::cout << nlohmann::json{{"parties", arr}}.dump(2) << '\n';
  } else if (a.format == Format::kCsv) {
    std::cout << "party,list,entry_id,entry_name,matched_name,score,band,start_date\n";
    for (size_t i = 0; i < results.size(); ++i) {
      const auto& p = results[i];
      if (!unread[i].empty()) std::cout << fmt::format("{},,,,,,unread,\n", Csv(p.party));
      for (const auto& h : p.hits) {
        std::cout << fmt::format("{},{},{},{},{},{:.3f},{},{}\n", Csv(p.party), Csv(h.list), Csv(h.entry_id),
                                 Csv(h.entry_name), Csv(h.matched_name), h.score, screen::BandName(h.band),
                                 h.start_date);
      }
    }
  } else {
    size_t with_hits = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      const auto& p = results[i];
      if (!unread[i].empty()) std::cout << p.party << ": " << UnreadLine(unread[i]);
      if (p.hits.empty()) continue;
      ++with_hits;
      std::cout << fmt::format("{}:\n", p.party);
      for (const auto& h : p.hits) PrintHitText(h);
    }
    std::cout << fmt::format("{} of {} parties with hits{}\n", with_hits, results.size(),
                             unread_count ? fmt::format(", {} not screened in full", unread_count) : "");
  }
  return ExitFor(all, unread_count > 0);
}

struct CompareArgs {
  std::string a, b, pairs, type = "any";
  Format format = Format::kText;
};

int RunCompare(const CompareArgs& c) {
  auto type = screen::ParsePartyType(c.type);
  if (!type.ok()) return Fail(type.error());
  if (!c.pairs.empty()) {
    auto text = detail::ReadFile(c.pairs);
    if (!text.ok()) return Fail(text.error());
    auto rows = screen::ReadCsv(*text, c.pairs);
    if (!rows.ok()) return Fail(rows.error());
    if (rows->empty()) return Fail(Error(ErrorCode::kParseError, "empty file", {c.pairs}));
    const auto& header = rows->front().fields;
    auto col = [&](std::string_view n) -> int {
      for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] == n) return static_cast<int>(i);
      }
      return -1;
    };
    int c1 = col("name1"), c2 = col("name2"), cs = col("schema"), cm = col("is_match");
    if (c1 < 0 || c2 < 0) {
      return Fail(Error(ErrorCode::kParseError, "header needs `name1` and `name2` columns (optional: schema)",
                        SourceLocation{c.pairs, rows->front().line}));
    }
    if (c.format == Format::kCsv) std::cout << "name1,name2,schema,score,band,match\n";
    int tp = 0, fp = 0, fn = 0, tn = 0;
    std::vector<Error> errors;
    for (size_t r = 1; r < rows->size(); ++r) {
      const auto& f = (*rows)[r].fields;
      if (f.size() != header.size()) {
        errors.emplace_back(ErrorCode::kParseError,
                            fmt::format("expected {} columns, found {}", header.size(), f.size()),
                            SourceLocation{c.pairs, (*rows)[r].line});
        continue;
      }
      std::string schema = cs >= 0 ? f[cs] : "";
      screen::PartyType t = schema == "Person" || schema == "person" ? screen::PartyType::kPerson : *type;
      screen::Comparison cmp = screen::CompareNames(f[c1], f[c2], t);
      if (cm >= 0) {
        bool truth = f[cm] == "true" || f[cm] == "1";
        tp += cmp.match && truth;
        fp += cmp.match && !truth;
        fn += !cmp.match && truth;
        tn += !cmp.match && !truth;
      }
      if (c.format == Format::kJsonl) {
        nlohmann::json j = cmp;
        j["name1"] = f[c1];
        j["name2"] = f[c2];
        j["schema"] = schema;
        std::cout << j.dump() << '\n';
      } else {
        std::cout << fmt::format("{},{},{},{:.3f},{},{}\n", Csv(f[c1]), Csv(f[c2]), Csv(schema), cmp.score,
                                 screen::BandName(cmp.band), cmp.match ? "match" : "no-match");
      }
    }
    if (!errors.empty()) return Fail(Error::Many(ErrorCode::kParseError, std::move(errors)));
    if (cm >= 0 && tp + fp + fn + tn > 0) {
      double p = tp + fp ? tp / double(tp + fp) : 0, rc = tp + fn ? tp / double(tp + fn) : 0;
      double f1 = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
      std::cerr << fmt::format("pairs={} tp={} fp={} fn={} tn={} precision={:.3f} recall={:.3f} f1={:.3f} threshold={:.2f}\n",
                               tp + fp + fn + tn, tp, fp, fn, tn, p, rc, f1, screen::kDefaultThreshold);
    }
    return kExitOk;
  }
  if (c.a.find_first_not_of(" \t") == std::string::npos || c.b.find_first_not_of(" \t") == std::string::npos) {
    return Fail(Error(ErrorCode::kInvalidArgument, "compare needs two non-empty names, or --pairs FILE.csv"));
  }
  screen::Comparison cmp = screen::CompareNames(c.a, c.b, *type);
  if (c.format == Format::kJson) {
    nlohmann::json j = cmp;
    j["name1"] = c.a;
    j["name2"] = c.b;
    std::cout << j.dump(2) << '\n';
  } else {
    std::cout << fmt::format("score {:.3f}  band {}  decision {} (threshold {:.2f})\n", cmp.score,
                             screen::BandName(cmp.band), cmp.match ? "match" : "no match",
                             screen::kDefaultThreshold);
    std::cout << "tokens: " << ExplainText(cmp.explanation) << '\n';
  }
  return kExitOk;
}

}  // namespace

void RegisterScreenCommands(CLI::App& app, Cli& cli) {
  auto args = std::make_shared<ScreenArgs>();
  CLI::App* cmd = app.add_subcommand("screen", "Screen a party name against the restricted-party lists");
  cmd->add_option("name", args->name, "Party name (any script)");
  cmd->add_option("--type", args->type, "person, entity, vessel or aircraft (default: any)")
      ->check(CLI::IsMember({"any", "person", "entity", "vessel", "aircraft"}));
  cmd->add_option("--country", args->country, "Drop hits whose entry names only other countries (ISO code or name)");
  cmd->add_option("--lists", args->lists, "Only these lists (ids from `lists status`)")->delimiter(',');
  cmd->add_option("--min-score", args->min_score,
                  fmt::format("Smallest score reported (default {:.2f}, the match threshold)", screen::kDefaultThreshold));
  cmd->add_option("--limit", args->limit, "At most this many hits per name (default 10)")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-explain", args->no_explain, "Leave out the token pairs");
  cmd->add_option("--batch", args->batch, "Screen every party of a CSV file (header: name[,type,country])");
  cmd->add_option("--saved", args->saved,
                  "With --batch: compare with the previous run saved under this name; print only new or changed hits");
  AddFormatOption(cmd, &args->format, {Format::kText, Format::kJson, Format::kCsv});
  AddDbOption(cmd, &args->db);
  cmd->require_subcommand(0, 1);
  cmd->callback([&cli, args, cmd] {
    if (!cmd->get_subcommands().empty()) return;
    cli.action = [&cli, args] {
      if (!args->batch.empty()) {
        if (!args->name.empty()) return Fail(Error(ErrorCode::kInvalidArgument, "give either a NAME or --batch FILE, not both"));
        return RunBatch(cli, *args);
      }
      if (!args->saved.empty()) return Fail(Error(ErrorCode::kInvalidArgument, "--saved needs --batch FILE"));
      if (args->format == Format::kCsv) return Fail(Error(ErrorCode::kInvalidArgument, "--format csv needs --batch FILE"));
      return RunScreen(cli, *args);
    };
  });

  auto cargs = std::make_shared<CompareArgs>();
  CLI::App* compare = cmd->add_subcommand("compare", "Score two names, or every pair of a CSV file, at the default threshold");
  compare->add_option("name1", cargs->a, "First name");
  compare->add_option("name2", cargs->b, "Second name");
  compare->add_option("--pairs", cargs->pairs, "CSV with columns name1,name2[,schema][,is_match]; prints one row per pair (and precision/recall/F1 on stderr when is_match is present)");
  compare->add_option("--type", cargs->type, "person, entity, vessel or aircraft (default: any)")
      ->check(CLI::IsMember({"any", "person", "entity", "vessel", "aircraft"}));
  AddFormatOption(compare, &cargs->format, {Format::kText, Format::kJson, Format::kCsv, Format::kJsonl});
  compare->callback([&cli, cargs] {
    cli.action = [cargs] {
      if (cargs->pairs.empty() && (cargs->format == Format::kCsv || cargs->format == Format::kJsonl)) {
        return Fail(Error(ErrorCode::kInvalidArgument, "--format csv|jsonl needs --pairs FILE"));
      }
      if (!cargs->pairs.empty() && (cargs->format == Format::kText || cargs->format == Format::kJson)) {
        cargs->format = cargs->format == Format::kJson ? Format::kJsonl : Format::kCsv;
      }
      return RunCompare(*cargs);
    };
  });

  RegisterWhitelistCommands(cmd, cli);
}

}  // namespace exportctl::cli
