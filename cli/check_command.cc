// exportctl check: may this shipment go, and under what? Single requests and batch files.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "app/request_mapping.h"
#include "app/decision_log.h"
#include "app/ledger_open.h"
#include "batch_check.h"
#include "ledger_cli.h"
#include "commands.h"
#include "text_output.h"

namespace exportctl::cli {

namespace {

int ExitCodeFor(Outcome o) {
  switch (o) {
    case Outcome::kNoLicenseRequired: return kExitOk;
    case Outcome::kLicenseException: return kExitLicenceException;
    case Outcome::kLicenseRequired: return kExitLicenceRequired;
    case Outcome::kProhibited: return kExitProhibited;
    case Outcome::kHold: return kExitHold;
  }
  return kExitLicenceRequired;
}

void PrintItems(std::ostream& out, std::string_view heading, const std::vector<DecisionItem>& items) {
  if (items.empty()) return;
  out << heading << ":\n";
  for (const DecisionItem& i : items) {
    out << "  - " << i.text;
    if (i.rule) out << fmt::format("  [{} {}{}]", i.rule->id, EvidenceName(i.rule->evidence), i.rule->severity.empty() ? "" : ", " + i.rule->severity);
    out << '\n';
    if (i.rule)
      for (const std::string& c : i.rule->conditions) out << "      " << c << '\n';
  }
}

void PrintDecision(std::ostream& out, const Decision& d, const RuleSet& rules, bool explain) {
  const Classification& c = *d.classification;
  out << fmt::format("{} x {} ({}) from {} to {}{}\n", FormatNumber(d.quantity, 0), c.chip->name, c.chip->id, d.ship_from,
                     d.destination,
                     d.end_user.empty() ? "" : fmt::format(", end user `{}` (HQ {})", d.end_user, d.end_user_hq.empty() ? "not given" : d.end_user_hq));
  out << fmt::format("as of {} under rule set {} revision {}; decision {}\n", d.as_of.ToString(), rules.id(), rules.revision(), d.decision_id);
  out << fmt::format("classification: {}  (TPP {}, PD {}, TOPS {}; {} {})\n", c.determined ? c.eccn : "undetermined",
                     FormatNumber(c.metrics.tpp), FormatNumber(c.metrics.pd), FormatNumber(c.metrics.tops),
                     ItemTypeName(c.chip->item_type), c.chip->Hts());
  for (const ContainedClassification& cc : c.contained) out << fmt::format("  contains {} x {} ({}): {}\n", cc.count, cc.name, cc.chip_id, cc.eccn);
  for (const Scope& s : d.scope)
    out << fmt::format("subject to {}: {}{}\n", s.regime, s.subject,
                       s.missing.empty() ? "" : fmt::format(" (depends on {})", fmt::join(s.missing, ", ")));
  std::string outcome(OutcomeName(d.outcome));
  if (d.review_policy != ReviewPolicy::kNone) outcome += fmt::format(" ({})", ReviewPolicyName(d.review_policy));
  out << "OUTCOME: " << outcome << '\n';
  if (!d.holds.empty()) {
    out << (d.outcome == Outcome::kHold ? "held until settled:\n" : "also unsettled:\n");
    for (const Hold& h : d.holds) out << "  - " << h.text << '\n';
  }
  for (const Rule* r : d.exceptions) out << fmt::format("licence exception {} ({})\n", r->exception, r->id);
  for (const std::string& duty : d.duties) out << "  duty: " << duty << '\n';
  if (!d.requirements.empty()) {
    out << "licence requirements:\n";
    for (const Rule* r : d.requirements) out << fmt::format("  - {}  [{} {}]\n", r->message, r->id, EvidenceName(r->evidence));
  }
  if (!d.unavailable_exceptions.empty() && d.outcome != Outcome::kLicenseException) {
    out << "licence exceptions not available:\n";
    for (const UnavailableException& u : d.unavailable_exceptions)
      out << fmt::format("  - {} ({}): {}\n", u.exception->exception, u.exception->id, u.reason);
  }
  for (const Rule* w : d.waivers) out << fmt::format("waived by {} [{}]: {}\n", w->id, EvidenceName(w->evidence), w->message);
  PrintItems(out, "conditions", d.conditions);
  PrintItems(out, "import-side restrictions", d.import_restrictions);
  PrintItems(out, "permits", d.permits);
  PrintItems(out, "warnings", d.warnings);
  if (!d.screening.empty()) {
    out << "screening:\n";
    for (const PartyHit& h : d.screening)
      out << fmt::format("  - {} `{}` ~ `{}` on {} (score {:.2f}, {}{})\n", h.role, h.party, h.entry_name, h.source.empty() ? h.list : h.source,
                         h.score, h.band, h.clearance.empty() ? "" : ": " + h.clearance);
  }
  out << "citations:\n";
  PrintCitations(out, d.deciding_rules);
  if (explain) {
    PrintTrace(out, c.trace);
    PrintTrace(out, d.trace);
  }
}

}  // namespace

void RegisterCheckCommand(CLI::App& app, Cli& cli) {
  struct Options {
    ChipOptions chip;
    double quantity = 1;
    std::optional<double> unit_value;
    std::string to, end_user, end_user_hq, end_user_country, ship_from = "US", exporter, as_of, currency = "USD";
    std::string origin, us_technology, end_user_type;
    std::optional<double> us_content;
    std::vector<std::string> owners, end_use, via, contains;
    Format format = Format::kText;
    bool explain = false;
    BatchOptions batch;
    std::string db;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("check", "Decide whether a shipment needs a licence on a date (exit 0 none, 10 required, 11 exception, 12 prohibited, 13 hold)");
  o->chip.AddTo(cmd);
  cmd->add_option("--qty", o->quantity, "Units (default 1)");
  cmd->add_option("--unit-value", o->unit_value, "Value per unit");
  cmd->add_option("--currency", o->currency, "Currency of --unit-value (default USD)");
  cmd->add_option("--to", o->to, "Destination country (ISO alpha-2; HK is treated as CN)");
  cmd->add_option("--end-user", o->end_user, "End user name (screened against the restricted-party lists)");
  cmd->add_option("--end-user-country", o->end_user_country, "Where the end user is located (default: --to)");
  cmd->add_option("--end-user-hq", o->end_user_hq, "Where the end user or its ultimate parent is headquartered (default: its location)");
  cmd->add_option("--ship-from", o->ship_from, "Country the goods ship from (default US; anything else is a reexport)");
  cmd->add_option("--owner", o->owners, "An owner of the end user as NAME=SHARE (percent); repeatable");
  cmd->add_option("--end-use", o->end_use, "End-use tag of the rule set's vocabulary (military, military_intelligence, supercomputer, advanced_ic_production, government, state_funded_datacenter …; `exportctl rules fields` lists them); repeatable");
  cmd->add_option("--end-user-type", o->end_user_type, "individual, independent_ngo, commercial or government (licence exception CCD needs it)");
  cmd->add_option("--origin", o->origin, "Country where the item was produced (ISO alpha-2; default: the catalog's)");
  cmd->add_option("--us-content", o->us_content, "Foreign-made item: % of controlled US-origin content as §734.4 counts it (0-100)");
  cmd->add_option("--us-technology", o->us_technology, "Foreign-made item: direct product of US technology/software or of a plant that is (yes|no)")
      ->check(CLI::IsMember({"yes", "no"}));
  cmd->add_option("--contains", o->contains, "A board or system carrying ICs, as COUNTx CHIP (e.g. \"8x H20\"); repeatable");
  cmd->add_option("--via", o->via, "Transit country; repeatable");
  cmd->add_option("--exporter", o->exporter, "Exporting company (default: the chip's vendor)");
  AddAsOfOption(cmd, &o->as_of);
  AddFormatOption(cmd, &o->format, {Format::kText, Format::kJson, Format::kJsonl, Format::kCsv});
  cmd->add_flag("--explain", o->explain, "Print the trace of every rule considered");
  cmd->add_option("--batch", o->batch.input, "Decide every row of a CSV or JSONL file (columns as the options: chip, quantity, destination …)");
  cmd->add_option("--out", o->batch.output, "Batch output file (default: stdout)");
  AddDbOption(cmd, &o->db);
  cmd->callback([&cli, o] {
    cli.action = [&cli, o]() -> int {
      auto as_of = ResolveAsOf(o->as_of);
      if (!as_of.ok()) return Fail(as_of.error());
      auto loaded = cli.LoadEngine(/*with_lists=*/true);
      if (!loaded.ok()) return Fail(loaded.error());
      // Every answer is recorded in the ledger's decision log (docs/ledger.md) with its actor; the
      // ledger's clearances apply to the screening.
      const std::string db = ResolveDbUrl(cli, o->db);
      auto ledger = OpenLedgerForCommand(cli, db);
      if (!ledger) return Fail(ledger.error());
      auto engine = WithLedgerClearances(*loaded, **ledger);
      if (!engine) return Fail(engine.error());
      const std::string actor = (*ledger)->actor().name;
      if (!o->batch.input.empty()) {
        o->batch.default_as_of = *as_of;
        o->batch.format = o->format == Format::kCsv ? Format::kCsv : Format::kJsonl;
        app::DecisionLogWriter log([db] { return app::OpenLedgerForUse(db); }, {});
        o->batch.decision_log = &log;
        o->batch.actor = actor;
        return RunBatchCheck(**engine, o->batch);
      }
      Chip spec;
      const Chip* item = nullptr;
      if (!o->chip.chip.empty() || !o->chip.spec.empty() || o->contains.empty()) {
        auto chip = o->chip.Resolve(**engine, &spec);
        if (!chip.ok()) return Fail(chip.error());
        item = *chip;
      }
      if (!o->contains.empty()) {
        std::string list;
        for (const std::string& c : o->contains) list += (list.empty() ? "" : ";") + c;
        auto assembly = app::ApplyContains(**engine, list, item, &spec);
        if (!assembly.ok()) return Fail(assembly.error());
        item = *assembly;
      }
      CheckRequest r;
      r.chip = item;
      r.origin = o->origin;
      r.us_content = o->us_content;
      if (!o->us_technology.empty()) r.us_technology = o->us_technology == "yes";
      r.end_user_type = o->end_user_type;
      r.quantity = o->quantity;
      r.unit_value = o->unit_value;
      r.currency = o->currency;
      r.destination = o->to;
      r.end_user = o->end_user;
      r.end_user_country = o->end_user_country;
      r.end_user_hq = o->end_user_hq;
      r.ship_from = o->ship_from;
      r.exporter = o->exporter;
      r.end_use = o->end_use;
      r.via = o->via;
      r.as_of = *as_of;
      for (const std::string& text : o->owners) {
        auto owner = app::ParseOwner(text);
        if (!owner.ok()) return Fail(owner.error());
        r.owners.push_back(*owner);
      }
      auto d = (*engine)->Check(r, o->explain);
      if (!d.ok()) return Fail(d.error());
      std::vector<DecisionLogEntry> log = {app::CheckLogEntry(*d, (*engine)->rules(), app::DecisionRecordJson(*d, (*engine)->rules()), actor, "cli")};
      if (Status s = (*ledger)->AppendDecisionLog(log); !s) return Fail(s.error());
      if (o->format == Format::kText) PrintDecision(std::cout, *d, (*engine)->rules(), o->explain);
      else if (o->format == Format::kCsv) std::cout << DecisionCsvHeader() << DecisionRow(Format::kCsv, 1, "", *d);
      else if (o->format == Format::kJson) std::cout << app::DecisionToJson(*d, (*engine)->rules(), o->explain).dump(2) << '\n';
      else std::cout << app::DecisionJson(*d, (*engine)->rules(), o->explain) << '\n';
      return ExitCodeFor(d->outcome);
    };
  });
}

}  // namespace exportctl::cli
