#include "app/golden.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "app/json_mapping.h"
#include "app/request_mapping.h"
#include "common/toml_util.h"

namespace exportctl::app {

using nlohmann::json;

namespace {

json TomlToJson(const toml::node& node) {
  if (const toml::table* t = node.as_table()) {
    json out = json::object();
    for (auto&& [key, value] : *t) out[std::string(key.str())] = TomlToJson(value);
    return out;
  }
  if (const toml::array* a = node.as_array()) {
    json out = json::array();
    for (const toml::node& v : *a) out.push_back(TomlToJson(v));
    return out;
  }
  if (auto v = node.as_string()) return v->get();
  if (auto v = node.as_integer()) return v->get();
  if (auto v = node.as_floating_point()) return v->get();
  if (auto v = node.as_boolean()) return v->get();
  if (auto v = node.as_date()) return fmt::format("{:04}-{:02}-{:02}", v->get().year, v->get().month, v->get().day);
  return nullptr;
}

bool NumbersMatch(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

}  // namespace

std::string MatchExpected(const json& expected, const json& actual, const std::string& path) {
  const std::string here = path.empty() ? "$" : path;
  if (expected.is_object()) {
    if (!actual.is_object()) return fmt::format("{}: expected an object, got {}", here, actual.dump());
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key())) return fmt::format("{}.{}: missing (expected {})", here, it.key(), it.value().dump());
      std::string diff = MatchExpected(it.value(), actual.at(it.key()), here + "." + it.key());
      if (!diff.empty()) return diff;
    }
    return {};
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return fmt::format("{}: expected an array containing {}, got {}", here, expected.dump(), actual.dump());
    if (expected.empty() && !actual.empty()) return fmt::format("{}: expected none, got {}", here, actual.dump());
    for (const json& want : expected) {
      bool found = std::any_of(actual.begin(), actual.end(), [&](const json& got) { return MatchExpected(want, got, here).empty(); });
      if (!found) return fmt::format("{}: {} not among {}", here, want.dump(), actual.dump());
    }
    return {};
  }
  if (expected.is_number() && actual.is_number()) {
    if (NumbersMatch(actual.get<double>(), expected.get<double>())) return {};
  } else if (expected == actual) {
    return {};
  }
  return fmt::format("{}: expected {}, got {}", here, expected.dump(), actual.dump());
}

Result<std::vector<GoldenCase>> LoadGoldenCases(const std::string& dir) {
  auto files = detail::ListTomlFiles(dir, true, "case");
  if (!files.ok()) return files.error();
  std::vector<GoldenCase> cases;
  std::vector<Error> errors;
  for (const std::string& file : *files) {
    auto text = detail::ReadFile(file);
    if (!text.ok()) { errors.push_back(text.error()); continue; }
    auto parsed = detail::ParseToml(*text, file);
    if (!parsed.ok()) { errors.push_back(parsed.error()); continue; }
    detail::TableReader root(*parsed, file, &errors);
    root.String("description");
    const toml::array* arr = root.Array("case", true);
    root.RejectUnknownKeys();
    if (!arr) continue;
    for (const toml::node& n : *arr) {
      const toml::table* t = n.as_table();
      if (!t) { root.Fail(n, "`case` entries must be tables"); continue; }
      GoldenCase c;
      c.where = detail::LocationOf(*t, file).ToString();
      detail::TableReader r(*t, file, &errors, "case");
      c.name = r.String("name", true).value_or("");
      c.source = r.String("source", true).value_or("");
      c.command = r.String("command").value_or("classify");
      if (c.command != "classify" && c.command != "check")
        r.Fail(*t->get("command"), fmt::format("unknown command `{}` (classify or check)", c.command));
      const toml::table* expect = r.Table("expect", true);
      if (expect) c.expect = TomlToJson(*expect);
      c.request = json::object();
      for (auto&& [key, value] : *t) {
        std::string k(key.str());
        if (k == "name" || k == "source" || k == "command" || k == "expect") continue;
        c.request[k] = TomlToJson(value);
      }
      cases.push_back(std::move(c));
    }
  }
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));
  return cases;
}

namespace {

Result<json> RunClassify(const Engine& engine, const json& req) {
  if (!req.contains("as_of") || !req["as_of"].is_string()) return Error(ErrorCode::kInvalidArgument, "`as_of` is required");
  auto as_of = Date::Parse(req["as_of"].get<std::string>());
  if (!as_of.ok()) return as_of.error();
  Chip spec;
  auto chip = ChipOrSpecFromJson(engine, req, &spec);
  if (!chip.ok()) return chip.error();
  return ClassificationToJson(Classify(engine.rules(), **chip, *as_of, true), engine.rules(), true);
}

}  // namespace

Result<json> RunCheck(const Engine& engine, const json& req) {
  Chip spec;
  auto request = CheckRequestFromJson(engine, req, Date(), &spec);
  if (!request.ok()) return request.error();
  auto decision = engine.Check(*request, true);
  if (!decision.ok()) return decision.error();
  return DecisionToJson(*decision, engine.rules(), true);
}

Result<json> RunGoldenCase(const Engine& engine, const GoldenCase& golden) {
  if (golden.command == "classify") return RunClassify(engine, golden.request);
  if (golden.command == "check") return RunCheck(engine, golden.request);
  return Error(ErrorCode::kInvalidArgument, fmt::format("command `{}` is not available", golden.command));
}

std::vector<GoldenOutcome> RunGoldenCases(const Engine& engine, const std::vector<GoldenCase>& cases) {
  std::vector<GoldenOutcome> out;
  for (const GoldenCase& c : cases) {
    auto actual = RunGoldenCase(engine, c);
    if (!actual.ok()) {
      out.push_back({&c, false, actual.error().ToString()});
      continue;
    }
    std::string diff = MatchExpected(c.expect, *actual);
    out.push_back({&c, diff.empty(), diff});
  }
  return out;
}

}  // namespace exportctl::app
