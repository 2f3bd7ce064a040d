#include "app/json_mapping.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include "catalog/chip_reader.h"

namespace exportctl::app {

using nlohmann::json;

namespace {
template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
}  // namespace

json ParseWritten(const std::function<void(JsonWriter&)>& write) {
  std::string text;
  JsonWriter w(&text);
  write(w);
  return json::parse(text);
}

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

bool ToTomlArray(const json& v, int depth, toml::array* out);
bool ToTomlTable(const json& v, int depth, toml::table* out, std::string* failed_key = nullptr);

// Gives a JSON value to `sink` as the TOML value the chip reader expects: bool, integer, float,
// string, array or table. Null is an absent figure (nothing given; *absent set); false when the
// value is nested deeper than a chip spec has or an array holds a null.
template <typename Sink>
bool EmitToml(const json& v, int depth, bool* absent, Sink&& sink) {
  *absent = false;
  if (depth > 3) return false;
  if (v.is_null()) {
    *absent = true;
  } else if (v.is_boolean()) {
    sink(v.get<bool>());
  } else if (v.is_number_integer()) {
    sink(v.get<std::int64_t>());
  } else if (v.is_number()) {
    sink(v.get<double>());
  } else if (v.is_string()) {
    sink(v.get<std::string>());
  } else if (v.is_array()) {
    toml::array array;
    if (!ToTomlArray(v, depth, &array)) return false;
    sink(std::move(array));
  } else if (v.is_object()) {
    toml::table table;
    if (!ToTomlTable(v, depth, &table)) return false;
    sink(std::move(table));
  } else {
    return false;
  }
  return true;
}

bool ToTomlArray(const json& v, int depth, toml::array* out) {
  for (const json& item : v) {
    bool hole = false;
    if (!EmitToml(item, depth + 1, &hole, [&](auto&& x) { out->push_back(std::forward<decltype(x)>(x)); }) || hole) return false;
  }
  return true;
}

// `failed_key`, when given, is set to the key whose value could not be taken.
bool ToTomlTable(const json& v, int depth, toml::table* out, std::string* failed_key) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    bool absent = false;
    if (!EmitToml(it.value(), depth + 1, &absent, [&](auto&& x) { out->insert(it.key(), std::forward<decltype(x)>(x)); })) {
      if (failed_key) *failed_key = it.key();
      return false;
    }
  }
  return true;
}

}  // namespace

Result<Chip> ChipSpecFromJson(const json& spec) {
  if (!spec.is_object()) return Error(ErrorCode::kInvalidArgument, "`spec` must be an object").WithField("spec");
  // Read by the same table reader as a --spec file, so both validate the same way.
  toml::table table;
  if (std::string key; !ToTomlTable(spec, 0, &table, &key))
    return Error(ErrorCode::kInvalidArgument, fmt::format("spec.{}: not a value a chip spec holds", key)).WithField("spec");
  std::vector<Error> problems;
  Chip chip = detail::ReadChipTable(table, "spec", &problems);
  // A request's spec is bad input (400), not a bad data file: each problem re-stated as such.
  std::vector<Error> errors;
  for (const Error& p : problems) errors.push_back(Error(ErrorCode::kInvalidArgument, "spec: " + p.message()).WithField("spec"));
  if (errors.size() == 1) return errors.front();
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidArgument, std::move(errors)).WithField("spec");
  return chip;
}

void WriteMetrics(JsonWriter& w, const Metrics& m) {
  w.BeginObject();
  w.Key("memory_bandwidth_density").Number(m.memory_bandwidth_density);
  w.Key("missing").Strings(m.missing);
  w.Key("pd").Number(m.pd);
  w.Key("tpp").Number(m.tpp);
  w.Key("tpp_precision");
  if (m.tpp_precision) w.String(PrecisionName(*m.tpp_precision));
  else w.Null();
  w.Key("tpp_precisions_tied").BeginArray();
  for (Precision p : m.tpp_tied) w.String(PrecisionName(p));
  w.EndArray();
  w.Key("tpp_terms").BeginArray();
  for (const TppTerm& t : m.tpp_terms) {
    w.BeginObject();
    w.Key("bits").Int(BitLength(t.precision));
    w.Key("dense_tops").Number(t.dense_tops);
    w.Key("precision").String(PrecisionName(t.precision));
    w.Key("tpp").Number(t.tpp);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

json MetricsToJson(const Metrics& m) { return ParseWritten([&](JsonWriter& w) { WriteMetrics(w, m); }); }

void WriteRuleSet(JsonWriter& w, const RuleSet& r) {
  w.BeginObject().Key("content_hash").String(r.content_hash()).Key("id").String(r.id()).Key("revision").String(r.revision()).EndObject();
}

json RuleSetToJson(const RuleSet& r) { return ParseWritten([&](JsonWriter& w) { WriteRuleSet(w, r); }); }

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

void WriteCitations(JsonWriter& w, const std::vector<const Rule*>& rules) {
  w.BeginArray();
  for (const Rule* r : rules)
    for (const Citation& c : r->citations)
      w.BeginObject().Key("cite").String(c.cite).Key("evidence").String(EvidenceName(r->evidence)).Key("rule_id").String(r->id)
          .Key("url").String(c.url).EndObject();
  w.EndArray();
}

void WriteRuleIds(JsonWriter& w, const std::vector<const Rule*>& rules) {
  w.BeginArray();
  for (const Rule* r : rules) w.String(r->id);
  w.EndArray();
}

void WriteTrace(JsonWriter& w, const std::vector<RuleTrace>& trace) {
  w.BeginArray();
  for (const RuleTrace& t : trace) {
    w.BeginObject();
    w.Key("outcome").String(t.outcome);
    w.Key("rule_id").String(t.rule->id);
    w.Key("steps").BeginArray();
    for (const auto& s : t.steps) w.BeginObject().Key("result").String(s.result).Key("test").String(s.expression).Key("values").String(s.values).EndObject();
    w.EndArray();
    w.Key("title").String(t.rule->title);
    w.Key("when").String(t.rule->when_text);
    w.EndObject();
  }
  w.EndArray();
}

void WriteClassification(JsonWriter& w, const Classification& c, const RuleSet& rules, bool with_trace, bool with_ruleset) {
  const EccnEntry* entry = c.determined ? rules.FindEccn(c.eccn) : nullptr;
  w.BeginObject();
  w.Key("as_of").String(c.as_of.ToString());
  w.Key("chip").BeginObject();
  w.Key("designed_for").String(DesignedForName(c.chip->designed_for));
  w.Key("hts").String(c.chip->Hts());
  w.Key("id").String(c.chip->id);
  w.Key("item_type").String(ItemTypeName(c.chip->item_type));
  w.Key("name").String(c.chip->name);
  w.Key("origin").StringOrNull(c.chip->origin);
  w.EndObject();
  w.Key("citations");
  WriteCitations(w, c.deciding_rules);
  w.Key("contains").BeginArray();
  for (const ContainedClassification& cc : c.contained)
    w.BeginObject().Key("chip").String(cc.chip_id).Key("count").Int(cc.count).Key("eccn").String(cc.eccn).Key("name").String(cc.name).EndObject();
  w.EndArray();
  w.Key("controlled").Bool(c.controlled);
  w.Key("determined").Bool(c.determined);
  w.Key("eccn").String(c.eccn);
  w.Key("metrics");
  WriteMetrics(w, c.metrics);
  w.Key("possible_eccns").Strings(c.possible_eccns);
  w.Key("reasons_for_control");
  if (entry) w.Strings(entry->reasons);
  else w.BeginArray().EndArray();
  w.Key("rule_ids");
  WriteRuleIds(w, c.deciding_rules);
  if (with_ruleset) {
    w.Key("ruleset");
    WriteRuleSet(w, rules);
  }
  if (with_trace) {
    w.Key("trace");
    WriteTrace(w, c.trace);
  }
  w.Key("unevaluated").Strings(c.unevaluated);
  w.EndObject();
}

json ClassificationToJson(const Classification& c, const RuleSet& rules, bool with_trace) {
  return ParseWritten([&](JsonWriter& w) { WriteClassification(w, c, rules, with_trace, /*with_ruleset=*/true); });
}

}  // namespace exportctl::app
