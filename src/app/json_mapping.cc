#include "app/json_mapping.h"

#include <fmt/format.h>

namespace exportctl::app {

using nlohmann::json;

namespace {
template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
}  // namespace

json ChipToJson(const Chip& c) {
  json tops = json::object();
  for (Precision p : kAllPrecisions)
    if (auto v = c.DenseTops(p)) tops[std::string(PrecisionName(p))] = *v;
  return {{"id", c.id},
          {"name", c.name},
          {"aliases", c.aliases},
          {"vendor", c.vendor},
          {"variant", c.variant},
          {"designed_for", DesignedForName(c.designed_for)},
          {"item_type", ItemTypeName(c.item_type)},
          {"status", c.status},
          {"status_note", c.status_note},
          {"market", c.market},
          {"us_commercially_available", Opt(c.us_commercially_available)},
          {"dense_tops", tops},
          {"die_area_mm2", Opt(c.die_area_mm2)},
          {"logic_die_count", Opt(c.logic_die_count)},
          {"memory_type", c.memory_type},
          {"memory_gb", Opt(c.memory_gb)},
          {"memory_bandwidth_gbs", Opt(c.memory_bandwidth_gbs)},
          {"interconnect_gbs", Opt(c.interconnect_gbs)},
          {"tdp_w", Opt(c.tdp_w)},
          {"launch_year", Opt(c.launch_year)},
          {"notes", c.notes},
          {"sources", c.sources}};
}

namespace {
// A JSON value as a TOML value (inline tables and arrays); false for null or nesting deeper than
// a chip spec has.
bool AppendToml(const json& v, std::string* out, int depth) {
  if (depth > 4 || v.is_null()) return false;
  if (v.is_object()) {
    *out += "{ ";
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) *out += ", ";
      first = false;
      *out += json(it.key()).dump() + " = ";
      if (!AppendToml(it.value(), out, depth + 1)) return false;
    }
    *out += " }";
    return true;
  }
  if (v.is_array()) {
    *out += "[";
    bool first = true;
    for (const json& item : v) {
      if (!first) *out += ", ";
      first = false;
      if (!AppendToml(item, out, depth + 1)) return false;
    }
    *out += "]";
    return true;
  }
  *out += v.dump();
  return true;
}
}  // namespace

Result<Chip> ChipSpecFromJson(const json& spec) {
  if (!spec.is_object()) return Error(ErrorCode::kInvalidArgument, "`spec` must be an object").WithField("spec");
  // Written out as the TOML of a --spec file so one reader validates both.
  std::string text;
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    if (it.value().is_null()) continue;  // an absent figure
    if (it.value().is_object()) continue;
    text += json(it.key()).dump() + " = ";
    if (!AppendToml(it.value(), &text, 0))
      return Error(ErrorCode::kInvalidArgument, fmt::format("spec.{}: not a value a chip spec holds", it.key())).WithField("spec");
    text += "\n";
  }
  for (auto it = spec.begin(); it != spec.end(); ++it) {
    if (!it.value().is_object()) continue;
    text += "[" + json(it.key()).dump() + "]\n";
    for (auto jt = it.value().begin(); jt != it.value().end(); ++jt) {
      if (jt.value().is_null()) continue;
      text += json(jt.key()).dump() + " = ";
      if (!AppendToml(jt.value(), &text, 1))
        return Error(ErrorCode::kInvalidArgument, fmt::format("spec.{}.{}: not a value a chip spec holds", it.key(), jt.key())).WithField("spec");
      text += "\n";
    }
  }
  auto chip = ParseChipSpec(text, "spec");
  if (!chip.ok()) return chip.error().WithField("spec");
  return chip;
}

json MetricsToJson(const Metrics& m) {
  json tied = json::array();
  for (Precision p : m.tpp_tied) tied.push_back(PrecisionName(p));
  json terms = json::array();
  for (const TppTerm& t : m.tpp_terms)
    terms.push_back({{"precision", PrecisionName(t.precision)}, {"dense_tops", t.dense_tops}, {"bits", BitLength(t.precision)}, {"tpp", t.tpp}});
  return {{"tpp", Opt(m.tpp)},
          {"pd", Opt(m.pd)},
          {"tpp_precision", m.tpp_precision ? json(PrecisionName(*m.tpp_precision)) : json(nullptr)},
          {"tpp_precisions_tied", tied},
          {"tpp_terms", terms},
          {"memory_bandwidth_density", Opt(m.memory_bandwidth_density)},
          {"missing", m.missing}};
}

json RuleSetToJson(const RuleSet& r) {
  return {{"id", r.id()}, {"revision", r.revision()}, {"content_hash", r.content_hash()}};
}

json RuleToJson(const Rule& r) {
  json cites = json::array();
  for (const Citation& c : r.citations) cites.push_back({{"cite", c.cite}, {"url", c.url}});
  json j = {{"id", r.id},
            {"kind", RuleKindName(r.kind)},
            {"jurisdiction", r.jurisdiction},
            {"title", r.title},
            {"effective_from", r.effective.from.ToString()},
            {"effective_to", r.effective.to == Date::Max() ? json(nullptr) : json(r.effective.to.ToString())},
            {"status", r.status},
            {"evidence", EvidenceName(r.evidence)},
            {"when", r.when_text},
            {"citations", cites},
            {"defined_at", r.where.ToString()}};
  if (!r.eccn.empty()) j["eccn"] = r.eccn;
  if (!r.message.empty()) j["message"] = r.message;
  if (r.review_policy != ReviewPolicy::kNone) j["review_policy"] = ReviewPolicyName(r.review_policy);
  if (!r.exception.empty()) j["exception"] = r.exception;
  if (!r.notes.empty()) j["notes"] = r.notes;
  return j;
}

json CitationsToJson(const std::vector<const Rule*>& rules) {
  json out = json::array();
  for (const Rule* r : rules)
    for (const Citation& c : r->citations)
      out.push_back({{"rule_id", r->id}, {"cite", c.cite}, {"url", c.url}, {"evidence", EvidenceName(r->evidence)}});
  return out;
}

json TraceToJson(const std::vector<RuleTrace>& trace) {
  json out = json::array();
  for (const RuleTrace& t : trace) {
    json steps = json::array();
    for (const auto& s : t.steps) steps.push_back({{"test", s.expression}, {"values", s.values}, {"result", s.result}});
    out.push_back({{"rule_id", t.rule->id}, {"title", t.rule->title}, {"when", t.rule->when_text}, {"outcome", t.outcome}, {"steps", steps}});
  }
  return out;
}

json ClassificationToJson(const Classification& c, const RuleSet& rules, bool with_trace) {
  json ids = json::array();
  for (const Rule* r : c.deciding_rules) ids.push_back(r->id);
  json contained = json::array();
  for (const ContainedClassification& cc : c.contained)
    contained.push_back({{"chip", cc.chip_id}, {"name", cc.name}, {"count", cc.count}, {"eccn", cc.eccn}});
  const EccnEntry* entry = c.determined ? rules.FindEccn(c.eccn) : nullptr;
  json j = {{"as_of", c.as_of.ToString()},
            {"chip", {{"id", c.chip->id}, {"name", c.chip->name}, {"designed_for", DesignedForName(c.chip->designed_for)},
                      {"item_type", ItemTypeName(c.chip->item_type)}, {"hts", c.chip->Hts()},
                      {"origin", c.chip->origin.empty() ? json(nullptr) : json(c.chip->origin)}}},
            {"reasons_for_control", entry ? json(entry->reasons) : json::array()},
            {"contains", contained},
            {"metrics", MetricsToJson(c.metrics)},
            {"eccn", c.eccn},
            {"controlled", c.controlled},
            {"determined", c.determined},
            {"possible_eccns", c.possible_eccns},
            {"unevaluated", c.unevaluated},
            {"rule_ids", ids},
            {"citations", CitationsToJson(c.deciding_rules)},
            {"ruleset", RuleSetToJson(rules)}};
  if (with_trace) j["trace"] = TraceToJson(c.trace);
  return j;
}

}  // namespace exportctl::app
