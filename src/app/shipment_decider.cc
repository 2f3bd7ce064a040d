#include "app/shipment_decider.h"

#include <mutex>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "app/request_mapping.h"
#include "common/json_limits.h"
#include "common/sha256.h"

namespace exportctl::app {
namespace {

using nlohmann::json;

// The shipment's own fields win over anything the facts say.
constexpr const char* kShipmentFields[] = {"chip", "spec", "contains", "destination", "to", "quantity", "qty",
                                           "unit_value", "currency", "as_of"};

Result<json> FactsOf(const ShipmentRequest& r) {
  if (!r.facts_json.empty()) {
    auto facts = detail::ParseJsonBounded(r.facts_json, "the shipment facts");
    if (!facts) return facts.error();
    if (!facts->is_object())
      return Error(ErrorCode::kInvalidArgument, "the shipment facts are a JSON object of check-request fields");
    return std::move(facts).value();
  }
  if (!r.decision_json.empty()) {
    auto claim = detail::ParseJsonBounded(r.decision_json, "decision");
    if (claim && claim->is_object() && claim->contains("request") && (*claim)["request"].is_object())
      return (*claim)["request"];
  }
  return json::object();
}

std::string Why(const Decision& d) {
  std::vector<std::string> parts;
  for (const Hold& h : d.holds) parts.push_back(fmt::format("hold: {}", h.text));
  std::vector<std::string> ids;
  for (const Rule* r : d.deciding_rules) ids.push_back(r->id);
  if (!ids.empty()) parts.push_back(fmt::format("rules {}", fmt::join(ids, ", ")));
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

namespace {

// The decision JSON (and its SHA-256) by decision id. The id identifies the question and the data
// it was answered with (request, rule-set content, list versions), so one id has one JSON: an order
// book that asks the same question again skips the rendering. Bounded; shared by the copies of a
// decider (one per ledger connection).
class DecisionJsonMemo {
 public:
  std::optional<std::pair<std::string, std::string>> Find(const std::string& id) {
    std::lock_guard lock(mu_);
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& id, std::string text, std::string sha256) {
    std::lock_guard lock(mu_);
    if (by_id_.size() >= kMaxEntries) by_id_.clear();
    by_id_.emplace(id, std::pair{std::move(text), std::move(sha256)});
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::unordered_map<std::string, std::pair<std::string, std::string>> by_id_;
};

}  // namespace

ShipmentDecider MakeShipmentDecider(std::function<std::shared_ptr<const Engine>()> snapshot) {
  auto memo = std::make_shared<DecisionJsonMemo>();
  return [snapshot = std::move(snapshot), memo](const ShipmentRequest& r) -> Result<ShipmentDecision> {
    std::shared_ptr<const Engine> engine = snapshot();
    if (!engine) return Error(ErrorCode::kInternal, "no decision engine is loaded");
    auto facts = FactsOf(r);
    if (!facts) return facts.error();
    json request = std::move(*facts);
    for (const char* field : kShipmentFields) request.erase(field);
    request["chip"] = r.chip;
    request["destination"] = r.destination;
    request["quantity"] = r.quantity;
    request["unit_value"] = static_cast<double>(r.unit_price.minor) / 100.0;
    request["currency"] = r.unit_price.currency;
    request["as_of"] = r.ship_date.ToString();
    if (!request.contains("end_user") || !request["end_user"].is_string() || request["end_user"].get<std::string>().empty())
      request["end_user"] = r.consignee;
    Chip spec;
    auto check_request = CheckRequestFromJson(*engine, request, r.ship_date, &spec);
    if (!check_request) return check_request.error();
    auto decision = engine->Check(*check_request);
    if (!decision) return decision.error();
    ShipmentDecision out;
    out.decision_id = decision->decision_id;
    out.chip = decision->classification->chip->id;
    out.outcome = std::string(OutcomeName(decision->outcome));
    if (decision->outcome == Outcome::kLicenseException)
      for (const Rule* e : decision->exceptions) out.exceptions.push_back(e->exception);
    out.why = Why(*decision);
    if (auto known = memo->Find(out.decision_id)) {
      out.json = std::move(known->first);
      out.json_sha256 = std::move(known->second);
    } else {
      out.json = DecisionJson(*decision, engine->rules(), /*with_trace=*/false);
      out.json_sha256 = detail::Sha256Hex(out.json);
      memo->Put(out.decision_id, out.json, out.json_sha256);
    }
    return out;
  };
}

LedgerOptions EngineLedgerOptions(std::function<std::shared_ptr<const Engine>()> snapshot) {
  LedgerOptions options;
  options.decider = MakeShipmentDecider(snapshot);
  options.resolve_item = [snapshot](std::string_view item) -> Result<std::string> {
    std::shared_ptr<const Engine> engine = snapshot();
    if (!engine) return Error(ErrorCode::kInternal, "no decision engine is loaded");
    auto chip = engine->FindChip(item);
    if (!chip) return chip.error();
    return (*chip)->id;
  };
  return options;
}

}  // namespace exportctl::app
