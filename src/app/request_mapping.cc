#include "app/request_mapping.h"

#include <charconv>
#include <set>
#include <cmath>

#include <fmt/format.h>

#include "app/json_mapping.h"

namespace exportctl::app {

using nlohmann::json;

namespace {

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(';', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view item = s.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = end + 1;
  }
  return out;
}

std::optional<double> ParseNumber(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

const std::string* Get(const RequestFields& f, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = f.find(n);
    if (it != f.end() && !it->second.empty()) return &it->second;
  }
  return nullptr;
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

Result<const Chip*> ApplyContains(const Engine& engine, std::string_view text, const Chip* base, Chip* holder) {
  std::vector<ContainedIc> ics;
  std::vector<Error> errors;
  for (const std::string& item : SplitList(text)) {
    // "8x H20", "8 x H20", "8*H20" or just "H20".
    ContainedIc ic;
    std::string name = item;
    std::size_t i = 0;
    while (i < item.size() && item[i] >= '0' && item[i] <= '9') ++i;
    if (i > 0) {
      std::size_t j = i;
      while (j < item.size() && item[j] == ' ') ++j;
      if (j < item.size() && (item[j] == 'x' || item[j] == 'X' || item[j] == '*')) {
        auto count = ParseNumber(std::string_view(item).substr(0, i));
        if (!count || *count < 1 || *count > 100000) {
          errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("contains `{}`: count must be 1 to 100000", item)).WithField("contains"));
          continue;
        }
        ic.count = static_cast<int>(*count);
        name = Trimmed(std::string_view(item).substr(j + 1));
      }
    }
    auto found = engine.FindChip(name);
    if (!found.ok()) { errors.push_back(found.error().WithField("contains")); continue; }
    if ((*found)->item_type == ItemType::kSystem || !(*found)->contains.empty()) {
      errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("contains `{}`: `{}` is a system; list the ICs or cards it carries", item, (*found)->id)).WithField("contains"));
      continue;
    }
    ic.chip_id = (*found)->id;
    ic.chip = *found;
    ics.push_back(std::move(ic));
  }
  if (ics.empty() && errors.empty())
    errors.push_back(Error(ErrorCode::kInvalidArgument, "`contains` lists no IC (e.g. \"8x H20\")").WithField("contains"));
  if (ics.size() > 64) errors.push_back(Error(ErrorCode::kInvalidArgument, "at most 64 `contains` entries").WithField("contains"));
  if (!errors.empty()) return errors.size() == 1 ? errors.front() : Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
  if (base && base != holder) *holder = *base;
  if (!base) {
    *holder = Chip{};
    holder->id = "custom-system";
    holder->name = "System";
    holder->item_type = ItemType::kSystem;
  }
  if (!IsAssembly(holder->item_type)) holder->item_type = ItemType::kSystem;  // an item containing ICs is an assembly
  std::string names;
  for (const ContainedIc& ic : ics) names += fmt::format("{}{}x {}", names.empty() ? "" : ", ", ic.count, ic.chip->name);
  if (!base) holder->name = fmt::format("System with {}", names);
  holder->contains = std::move(ics);
  return static_cast<const Chip*>(holder);
}

Result<const Chip*> ChipOrSpecFromJson(const Engine& engine, const json& request, Chip* holder) {
  const bool has_chip = request.contains("chip"), has_spec = request.contains("spec");
  if (has_chip == has_spec) return Error(ErrorCode::kInvalidArgument, "give exactly one of `chip` or `spec`").WithField("chip");
  if (has_chip) {
    if (!request["chip"].is_string()) return Error(ErrorCode::kInvalidArgument, "`chip` must be a catalog id or alias").WithField("chip");
    return engine.FindChip(request["chip"].get<std::string>());
  }
  auto parsed = ChipSpecFromJson(request["spec"]);
  if (!parsed.ok()) return parsed.error();
  *holder = std::move(parsed).value();
  return holder;
}

Result<Owner> ParseOwner(std::string_view text) {
  std::size_t eq = text.rfind('=');
  if (eq == std::string_view::npos || eq == 0)
    return Error(ErrorCode::kInvalidArgument, fmt::format("owner `{}`: expected NAME=SHARE (percent)", text));
  auto share = ParseNumber(text.substr(eq + 1));
  if (!share) return Error(ErrorCode::kInvalidArgument, fmt::format("owner `{}`: share `{}` is not a number", text, text.substr(eq + 1)));
  return Owner{std::string(text.substr(0, eq)), *share};
}

namespace {

// Fills *r from text fields, appending every problem. The chip is looked up unless `spec` is given.
void FillFromFields(const Engine& engine, const RequestFields& f, Date default_as_of, const Chip* spec, Chip* holder,
                    CheckRequest* out, std::vector<Error>* errs) {
  std::vector<Error>& errors = *errs;
  CheckRequest& r = *out;
  static const std::set<std::string> kKnown = {"chip", "quantity", "qty", "unit_value", "currency", "ship_from", "destination", "to",
                                               "end_user", "end_user_country", "end_user_hq", "owners", "end_use", "via",
                                               "exporter", "as_of", "id", "order_id", "row", "origin", "us_content",
                                               "us_technology", "end_user_type", "contains"};
  for (const auto& [key, value] : f)
    if (!kKnown.contains(key) && !value.empty())
      errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("unknown field `{}`", key)).WithField(key));
  const std::string* contains = Get(f, {"contains"});
  if (spec) {
    r.chip = spec;
  } else if (const std::string* chip = Get(f, {"chip"})) {
    auto found = engine.FindChip(*chip);
    if (found.ok()) r.chip = *found;
    else errors.push_back(found.error().WithField("chip"));
  } else if (!contains) {
    errors.push_back(Error(ErrorCode::kInvalidArgument, "`chip` is required").WithField("chip"));
  }
  if (contains) {
    if (!holder) {
      errors.push_back(Error(ErrorCode::kInvalidArgument, "`contains` is not accepted here").WithField("contains"));
    } else if (r.chip || !Get(f, {"chip"})) {
      auto assembly = ApplyContains(engine, *contains, r.chip, holder);
      if (assembly.ok()) r.chip = *assembly;
      else errors.push_back(assembly.error());
    }
  }
  if (const std::string* v = Get(f, {"origin"})) r.origin = *v;
  if (const std::string* v = Get(f, {"end_user_type"})) r.end_user_type = *v;
  if (const std::string* v = Get(f, {"us_content"})) {
    if (auto n = ParseNumber(*v)) r.us_content = *n;
    else errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("us_content `{}` is not a number", *v)).WithField("us_content"));
  }
  if (const std::string* v = Get(f, {"us_technology"})) {
    if (*v == "yes" || *v == "true") r.us_technology = true;
    else if (*v == "no" || *v == "false") r.us_technology = false;
    else errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("us_technology must be yes or no, not `{}`", *v)).WithField("us_technology"));
  }
  if (const std::string* q = Get(f, {"quantity", "qty"})) {
    if (auto v = ParseNumber(*q)) r.quantity = *v;
    else errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("quantity `{}` is not a number", *q)).WithField("quantity"));
  }
  if (const std::string* v = Get(f, {"unit_value"})) {
    if (auto n = ParseNumber(*v)) r.unit_value = *n;
    else errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("unit_value `{}` is not a number", *v)).WithField("unit_value"));
  }
  if (const std::string* v = Get(f, {"currency"})) r.currency = *v;
  if (const std::string* v = Get(f, {"ship_from"})) r.ship_from = *v;
  if (const std::string* v = Get(f, {"destination", "to"})) r.destination = *v;
  if (const std::string* v = Get(f, {"end_user"})) r.end_user = *v;
  if (const std::string* v = Get(f, {"end_user_country"})) r.end_user_country = *v;
  if (const std::string* v = Get(f, {"end_user_hq"})) r.end_user_hq = *v;
  if (const std::string* v = Get(f, {"exporter"})) r.exporter = *v;
  if (const std::string* v = Get(f, {"end_use"})) r.end_use = SplitList(*v);
  if (const std::string* v = Get(f, {"via"})) r.via = SplitList(*v);
  if (const std::string* v = Get(f, {"owners"})) {
    for (const std::string& o : SplitList(*v)) {
      auto owner = ParseOwner(o);
      if (owner.ok()) r.owners.push_back(*owner);
      else errors.push_back(owner.error().WithField("owners"));
    }
  }
  r.as_of = default_as_of;
  if (const std::string* v = Get(f, {"as_of"})) {
    auto d = Date::Parse(*v);
    if (d.ok()) r.as_of = *d;
    else errors.push_back(d.error().WithField("as_of"));
  }
}

}  // namespace

// One error keeps its field; several are bundled (each still carries its own).
Error Bundle(std::vector<Error> errors) {
  if (errors.size() == 1) return errors.front();
  return Error::Many(ErrorCode::kInvalidArgument, std::move(errors));
}

Result<CheckRequest> CheckRequestFromFields(const Engine& engine, const RequestFields& f, Date default_as_of, Chip* holder) {
  CheckRequest r;
  std::vector<Error> errors;
  FillFromFields(engine, f, default_as_of, nullptr, holder, &r, &errors);
  if (!errors.empty()) return Bundle(std::move(errors));
  return r;
}

Result<CheckRequest> CheckRequestFromJson(const Engine& engine, const json& j, Date default_as_of, Chip* spec) {
  if (!j.is_object()) return Error(ErrorCode::kInvalidArgument, "a check request is a JSON object").WithField("body");
  RequestFields fields;
  std::vector<Owner> owners;
  std::vector<Error> errors;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "spec") continue;
    if (key == "contains" && v.is_array()) {
      std::string joined;
      for (const json& item : v) {
        std::string one;
        if (item.is_string()) one = item.get<std::string>();
        else if (item.is_object() && item.contains("chip") && item["chip"].is_string())
          one = fmt::format("{}x {}", item.contains("count") && item["count"].is_number_integer() ? item["count"].get<long long>() : 1,
                            item["chip"].get<std::string>());
        else errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("contains: `{}` is not \"8x H20\" or {{chip, count}}", item.dump(-1).substr(0, 200))).WithField("contains"));
        joined += (joined.empty() ? "" : ";") + one;
      }
      fields[key] = joined;
      continue;
    }
    if (v.is_boolean()) {
      fields[key] = v.get<bool>() ? "true" : "false";
      continue;
    }
    if (key == "owners" && v.is_array()) {
      for (const json& o : v) {
        if (o.is_string()) {
          auto owner = ParseOwner(o.get<std::string>());
          if (owner.ok()) owners.push_back(*owner);
          else errors.push_back(owner.error().WithField("owners"));
        } else if (o.is_object() && o.contains("name") && o.contains("share") && o["name"].is_string() && o["share"].is_number()) {
          owners.push_back({o["name"].get<std::string>(), o["share"].get<double>()});
        } else {
          errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("owners: `{}` is not {{name, share}} or \"NAME=SHARE\"", o.dump(-1).substr(0, 200))).WithField("owners"));
        }
      }
      continue;
    }
    if (v.is_array()) {
      std::string joined;
      for (const json& item : v) joined += (joined.empty() ? "" : ";") + (item.is_string() ? item.get<std::string>() : item.dump());
      fields[key] = joined;
    } else if (v.is_string()) {
      fields[key] = v.get<std::string>();
    } else if (v.is_number()) {
      fields[key] = v.dump();
    } else if (!v.is_null()) {
      errors.push_back(Error(ErrorCode::kInvalidArgument, fmt::format("`{}` must be a string, number or list", key)).WithField(key));
    }
  }
  bool has_spec = j.contains("spec");
  if (has_spec) {
    if (fields.contains("chip")) errors.push_back(Error(ErrorCode::kInvalidArgument, "give `chip` or `spec`, not both").WithField("spec"));
    auto parsed = ChipSpecFromJson(j["spec"]);
    if (parsed.ok()) *spec = std::move(parsed).value();
    else errors.push_back(parsed.error());
  }
  CheckRequest r;
  FillFromFields(engine, fields, default_as_of, has_spec ? spec : nullptr, spec, &r, &errors);
  r.owners.insert(r.owners.end(), owners.begin(), owners.end());
  if (!errors.empty()) return Bundle(std::move(errors));
  return r;
}

void WritePartyHit(JsonWriter& w, const PartyHit& h) {
  w.BeginObject();
  w.Key("band").String(h.band);
  w.Key("clearance").StringOrNull(h.clearance);
  w.Key("entry_id").String(h.entry_id);
  w.Key("entry_name").String(h.entry_name);
  w.Key("fdp_footnote").Bool(h.fdp_footnote);
  w.Key("federal_register_notice").String(h.federal_register_notice);
  w.Key("list").String(h.list);
  w.Key("listed_on");
  if (h.listed_on) w.String(h.listed_on->ToString());
  else w.Null();
  w.Key("matched_name").String(h.matched_name);
  w.Key("party").String(h.party);
  w.Key("role").String(h.role);
  w.Key("score").Number(std::round(h.score * 1000) / 1000);
  w.Key("source").String(h.source);
  w.EndObject();
}

void WriteListVersions(JsonWriter& w, std::span<const ListVersion> lists) {
  w.BeginArray();
  for (const ListVersion& l : lists) w.BeginObject().Key("id").String(l.id).Key("sha256").String(l.content_sha256).Key("version").String(l.version).EndObject();
  w.EndArray();
}

namespace {

void WriteItems(JsonWriter& w, const std::vector<DecisionItem>& items) {
  w.BeginArray();
  for (const DecisionItem& i : items) {
    w.BeginObject();
    if (i.rule && !i.rule->conditions.empty()) w.Key("conditions").Strings(i.rule->conditions);
    if (i.rule) w.Key("evidence").String(EvidenceName(i.rule->evidence)).Key("jurisdiction").String(i.rule->jurisdiction);
    w.Key("rule_id");
    if (i.rule) w.String(i.rule->id);
    else w.Null();
    if (i.rule && !i.rule->severity.empty()) w.Key("severity").String(i.rule->severity);
    w.Key("text").String(i.text);
    w.EndObject();
  }
  w.EndArray();
}

void WriteRequest(JsonWriter& w, const Decision& d) {
  w.BeginObject();
  w.Key("chip").String(d.classification->chip->id);
  w.Key("currency").String(d.currency);
  w.Key("destination").String(d.destination);
  w.Key("end_use").Strings(d.end_use);
  w.Key("end_user").String(d.end_user);
  w.Key("end_user_country").String(d.end_user_country);
  w.Key("end_user_hq").StringOrNull(d.end_user_hq);
  w.Key("end_user_type").StringOrNull(d.end_user_type);
  w.Key("exporter").String(d.exporter);
  w.Key("origin").StringOrNull(d.origin);
  w.Key("owners").BeginArray();
  for (const Owner& o : d.owners) w.BeginObject().Key("name").String(o.name).Key("share").Number(o.share).EndObject();
  w.EndArray();
  w.Key("quantity").Number(d.quantity);
  w.Key("ship_from").String(d.ship_from);
  w.Key("unit_value").Number(d.unit_value);
  w.Key("us_content").Number(d.us_content);
  w.Key("us_technology");
  if (d.us_technology) w.Bool(*d.us_technology);
  else w.Null();
  w.Key("via").Strings(d.via);
  w.EndObject();
}

// The decision's keys in byte order; `record` writes only those the decision log keeps.
void WriteDecisionObject(JsonWriter& w, const Decision& d, const RuleSet& rules, bool with_trace, bool record) {
  const Classification& c = *d.classification;
  w.BeginObject();
  w.Key("as_of").String(d.as_of.ToString());
  if (!record) {
    w.Key("chip").BeginObject().Key("id").String(c.chip->id).Key("name").String(c.chip->name).EndObject();
    w.Key("citations");
    WriteCitations(w, d.deciding_rules);
    w.Key("classification");
    WriteClassification(w, c, rules, with_trace, /*with_ruleset=*/false);
    w.Key("conditions");
    WriteItems(w, d.conditions);
  }
  w.Key("decision_id").String(d.decision_id);
  if (!record) w.Key("destination").String(d.destination);
  w.Key("duties").Strings(d.duties);
  w.Key("eccn").String(c.eccn);
  w.Key("exceptions_unavailable").BeginArray();
  for (const UnavailableException& u : d.unavailable_exceptions)
    w.BeginObject().Key("exception").String(u.exception->exception).Key("reason").String(u.reason).Key("rule_id").String(u.exception->id).EndObject();
  w.EndArray();
  if (!record) w.Key("go").Bool(d.outcome == Outcome::kNoLicenseRequired || d.outcome == Outcome::kLicenseException);
  w.Key("holds").BeginArray();
  for (const Hold& h : d.holds) {
    w.BeginObject().Key("kind").String(h.kind).Key("rule_id");
    if (h.rule) w.String(h.rule->id);
    else w.Null();
    w.Key("subject").String(h.subject).Key("text").String(h.text).EndObject();
  }
  w.EndArray();
  if (!record) {
    w.Key("import_restrictions");
    WriteItems(w, d.import_restrictions);
  }
  w.Key("license_exceptions").BeginArray();
  for (const Rule* r : d.exceptions)
    w.BeginObject().Key("duties").Strings(r->duties).Key("exception").String(r->exception).Key("rule_id").String(r->id).EndObject();
  w.EndArray();
  if (!record) {
    w.Key("license_required").Bool(d.outcome == Outcome::kLicenseRequired || d.outcome == Outcome::kProhibited);
    w.Key("lists");
    WriteListVersions(w, d.lists);
  }
  w.Key("outcome").String(OutcomeName(d.outcome));
  if (!record) {
    w.Key("permits");
    WriteItems(w, d.permits);
    w.Key("quantity").Number(d.quantity);
  }
  w.Key("request");
  WriteRequest(w, d);
  w.Key("review_policy");
  if (d.review_policy == ReviewPolicy::kNone) w.Null();
  else w.String(ReviewPolicyName(d.review_policy));
  w.Key("rule_ids");
  WriteRuleIds(w, d.deciding_rules);
  if (!record) {
    w.Key("ruleset");
    WriteRuleSet(w, rules);
    w.Key("scope").BeginArray();
    for (const Scope& s : d.scope) {
      w.BeginObject().Key("missing").Strings(s.missing).Key("regime").String(s.regime).Key("rule_ids");
      WriteRuleIds(w, s.rules);
      w.Key("subject").String(s.subject).EndObject();
    }
    w.EndArray();
  }
  w.Key("screening").BeginArray();
  for (const PartyHit& h : d.screening) WritePartyHit(w, h);
  w.EndArray();
  if (!record && with_trace) {
    w.Key("trace");
    WriteTrace(w, d.trace);
  }
  w.Key("waived");
  WriteRuleIds(w, d.waived);
  if (!record) {
    w.Key("warnings");
    WriteItems(w, d.warnings);
  }
  w.EndObject();
}

}  // namespace

std::string DecisionJson(const Decision& d, const RuleSet& rules, bool with_trace) {
  std::string out;
  out.reserve(4096);
  JsonWriter w(&out);
  WriteDecisionObject(w, d, rules, with_trace, /*record=*/false);
  return out;
}

std::string DecisionRecordJson(const Decision& d, const RuleSet& rules) {
  std::string out;
  out.reserve(1024);
  JsonWriter w(&out);
  WriteDecisionObject(w, d, rules, /*with_trace=*/false, /*record=*/true);
  return out;
}

json DecisionToJson(const Decision& d, const RuleSet& rules, bool with_trace) { return json::parse(DecisionJson(d, rules, with_trace)); }

}  // namespace exportctl::app
