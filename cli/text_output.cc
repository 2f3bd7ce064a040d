#include "text_output.h"

#include <cmath>

#include <fmt/format.h>

namespace exportctl::cli {

std::string FormatNumber(std::optional<double> v, int decimals) {
  if (!v) return "unknown";
  if (*v == std::floor(*v) && std::fabs(*v) < 1e12) return fmt::format("{}", static_cast<long long>(*v));
  return fmt::format("{:.{}f}", *v, decimals);
}

void PrintCitations(std::ostream& out, const std::vector<const Rule*>& rules) {
  for (const Rule* r : rules) {
    out << fmt::format("  {}  {}  [{}]\n", r->id, r->title, EvidenceName(r->evidence));
    for (const Citation& c : r->citations) out << fmt::format("      {}  {}\n", c.cite, c.url);
  }
}

void PrintTrace(std::ostream& out, const std::vector<RuleTrace>& trace) {
  out << "trace:\n";
  for (const RuleTrace& t : trace) {
    out << fmt::format("  {:<28} {:<14} {}\n", t.rule->id, t.outcome, t.rule->title);
    for (const auto& s : t.steps)
      out << fmt::format("      {:<34} {:<8} ({})\n", s.expression, s.result, s.values);
  }
}

void PrintClassification(std::ostream& out, const Classification& c, const RuleSet& rules, bool explain) {
  const Chip& chip = *c.chip;
  out << fmt::format("{} ({}), {}\n", chip.name, chip.id, DesignedForName(chip.designed_for));
  out << fmt::format("as of {} under rule set {} revision {}\n", c.as_of.ToString(), rules.id(), rules.revision());
  const Metrics& m = c.metrics;
  if (m.tpp && m.tpp_precision) {
    for (const TppTerm& t : m.tpp_terms)
      if (t.precision == *m.tpp_precision)
        out << fmt::format("  TPP  {:>10}   = {} dense {} x {} bits\n", FormatNumber(m.tpp), FormatNumber(t.dense_tops),
                           PrecisionName(t.precision), BitLength(t.precision));
  } else {
    out << "  TPP     unknown   (no dense throughput published)\n";
  }
  if (m.pd)
    out << fmt::format("  PD   {:>10}   = TPP / {} mm2 logic die area\n", FormatNumber(m.pd), FormatNumber(chip.die_area_mm2));
  else
    out << "  PD      unknown   (" << (chip.die_area_mm2 ? "no TPP" : "die area unpublished") << ")\n";
  if (m.tops) out << fmt::format("  TOPS {:>10}   = 2 x MacTOPS at the fastest data type (3A991.p counts it)\n", FormatNumber(m.tops));
  out << fmt::format("  item {:>10}   HTS {}{}\n", ItemTypeName(chip.item_type), chip.Hts(),
                     chip.origin.empty() ? ", origin unknown" : ", origin " + chip.origin);
  for (const ContainedClassification& cc : c.contained)
    out << fmt::format("  contains {} x {} ({}): {}\n", cc.count, cc.name, cc.chip_id, cc.eccn);
  const EccnEntry* entry = c.determined ? rules.FindEccn(c.eccn) : nullptr;
  if (!c.determined) {
    out << fmt::format("ECCN undetermined: could be any of {}\n", fmt::join(c.possible_eccns, ", "));
    for (const std::string& u : c.unevaluated) out << "  not evaluated: " << u << '\n';
  } else if (c.controlled) {
    out << fmt::format("ECCN {}  (reasons for control: {})\n", c.eccn, entry ? fmt::format("{}", fmt::join(entry->reasons, ", ")) : "see the CCL");
  } else if (entry) {
    out << fmt::format("ECCN {}  (reasons for control: {}): anti-terrorism controls only; embargoes, end uses and end users still apply (see `check`)\n",
                       c.eccn, fmt::join(entry->reasons, ", "));
  } else {
    out << fmt::format("ECCN {}: no CCL entry describes the item on this date\n", c.eccn);
  }
  if (!c.deciding_rules.empty()) {
    out << "decided by:\n";
    PrintCitations(out, c.deciding_rules);
  }
  if (explain) PrintTrace(out, c.trace);
}

}  // namespace exportctl::cli
