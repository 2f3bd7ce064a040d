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
      else errors.push_back(owner.error());
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
  if (!j.is_object()) return Error(ErrorCode::kInvalidArgument, "a check request is a JSON object");
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
          else errors.push_back(owner.error());
        } else if (o.is_object() && o.contains("name") && o.contains("share") && o["name"].is_string() && o["share"].is_number()) {
          owners.push_back({o["name"].get<std::string>(), o["share"].get<double>()});
        } else {
          errors.emplace_back(ErrorCode::kInvalidArgument, fmt::format("owners: `{}` is not {{name, share}} or \"NAME=SHARE\"", o.dump()));
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
      errors.emplace_back(ErrorCode::kInvalidArgument, fmt::format("`{}` must be a string, number or list", key));
    }
  }
  bool has_spec = j.contains("spec");
  if (has_spec) {
    if (fields.contains("chip")) errors.emplace_back(ErrorCode::kInvalidArgument, "give `chip` or `spec`, not both");
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

json PartyHitToJson(const PartyHit& h) {
  return {{"party", h.party},
          {"fdp_footnote", h.fdp_footnote},
          {"role", h.role},
          {"list", h.list},
          {"source", h.source},
          {"entry_id", h.entry_id},
          {"entry_name", h.entry_name},
          {"matched_name", h.matched_name},
          {"score", std::round(h.score * 1000) / 1000},
          {"band", h.band},
          {"clearance", h.clearance.empty() ? json(nullptr) : json(h.clearance)},
          {"listed_on", h.listed_on ? json(h.listed_on->ToString()) : json(nullptr)},
          {"federal_register_notice", h.federal_register_notice}};
}

namespace {
json ItemsToJson(const std::vector<DecisionItem>& items) {
  json out = json::array();
  for (const DecisionItem& i : items) {
    json j = {{"rule_id", i.rule ? json(i.rule->id) : json(nullptr)}, {"text", i.text}};
    if (i.rule) {
      j["jurisdiction"] = i.rule->jurisdiction;
      j["evidence"] = EvidenceName(i.rule->evidence);
      if (!i.rule->severity.empty()) j["severity"] = i.rule->severity;
      if (!i.rule->conditions.empty()) j["conditions"] = i.rule->conditions;
    }
    out.push_back(std::move(j));
  }
  return out;
}
}  // namespace

json ListVersionsToJson(std::span<const ListVersion> lists) {
  json out = json::array();
  for (const ListVersion& l : lists) out.push_back({{"id", l.id}, {"version", l.version}, {"sha256", l.content_sha256}});
  return out;
}

json DecisionToJson(const Decision& d, const RuleSet& rules, bool with_trace) {
  const Classification& c = d.classification;
  json exceptions = json::array();
  for (const Rule* r : d.exceptions) exceptions.push_back({{"exception", r->exception}, {"rule_id", r->id}, {"duties", r->duties}});
  json ids = json::array();
  for (const Rule* r : d.deciding_rules) ids.push_back(r->id);
  json hits = json::array();
  for (const PartyHit& h : d.screening) hits.push_back(PartyHitToJson(h));
  json owners = json::array();
  for (const Owner& o : d.owners) owners.push_back({{"name", o.name}, {"share", o.share}});
  json holds = json::array();
  for (const Hold& h : d.holds)
    holds.push_back({{"kind", h.kind}, {"subject", h.subject}, {"text", h.text}, {"rule_id", h.rule ? json(h.rule->id) : json(nullptr)}});
  json unavailable = json::array();
  for (const UnavailableException& u : d.unavailable_exceptions)
    unavailable.push_back({{"exception", u.exception->exception}, {"rule_id", u.exception->id}, {"reason", u.reason}});
  json waived = json::array();
  for (const Rule* r : d.waived) waived.push_back(r->id);
  json scope = json::array();
  for (const Scope& s : d.scope) {
    json scope_ids = json::array();
    for (const Rule* r : s.rules) scope_ids.push_back(r->id);
    scope.push_back({{"regime", s.regime}, {"subject", s.subject}, {"rule_ids", scope_ids}, {"missing", s.missing}});
  }
  json j = {
      {"decision_id", d.decision_id},
      {"as_of", d.as_of.ToString()},
      {"outcome", OutcomeName(d.outcome)},
      {"license_required", d.outcome == Outcome::kLicenseRequired || d.outcome == Outcome::kProhibited},
      {"go", d.outcome == Outcome::kNoLicenseRequired || d.outcome == Outcome::kLicenseException},
      {"holds", holds},
      {"exceptions_unavailable", unavailable},
      {"waived", waived},
      {"scope", scope},
      {"eccn", c.eccn},
      {"review_policy", d.review_policy == ReviewPolicy::kNone ? json(nullptr) : json(ReviewPolicyName(d.review_policy))},
      {"license_exceptions", exceptions},
      {"duties", d.duties},
      {"conditions", ItemsToJson(d.conditions)},
      {"import_restrictions", ItemsToJson(d.import_restrictions)},
      {"permits", ItemsToJson(d.permits)},
      {"warnings", ItemsToJson(d.warnings)},
      {"rule_ids", ids},
      {"citations", CitationsToJson(d.deciding_rules)},
      {"screening", hits},
      {"lists", ListVersionsToJson(d.lists)},
      {"chip", {{"id", c.chip->id}, {"name", c.chip->name}}},
      {"destination", d.destination},
      {"quantity", d.quantity},
      {"classification", ClassificationToJson(c, rules, with_trace)},
      {"request",
       {{"chip", c.chip->id},
        {"quantity", d.quantity},
        {"unit_value", d.unit_value ? json(*d.unit_value) : json(nullptr)},
        {"currency", d.currency},
        {"ship_from", d.ship_from},
        {"destination", d.destination},
        {"end_user", d.end_user},
        {"end_user_country", d.end_user_country},
        {"end_user_hq", d.end_user_hq.empty() ? json(nullptr) : json(d.end_user_hq)},
        {"end_user_type", d.end_user_type.empty() ? json(nullptr) : json(d.end_user_type)},
        {"origin", d.origin.empty() ? json(nullptr) : json(d.origin)},
        {"us_content", d.us_content ? json(*d.us_content) : json(nullptr)},
        {"us_technology", d.us_technology ? json(*d.us_technology) : json(nullptr)},
        {"owners", owners},
        {"end_use", d.end_use},
        {"via", d.via},
        {"exporter", d.exporter}}},
      {"ruleset", RuleSetToJson(rules)}};
  j["classification"].erase("ruleset");
  if (with_trace) j["trace"] = TraceToJson(d.trace);
  return j;
}

}  // namespace exportctl::app
