// Fuzzes the one request mapping of `check` (API bodies, JSONL batch rows, golden cases): any JSON
// object is either a valid CheckRequest, decided by the engine, or an error naming its fields.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app/request_mapping.h"
#include "common/json_limits.h"
#include "exportctl/engine.h"

namespace {

const exportctl::Engine& BundledEngine() {
  static std::shared_ptr<const exportctl::Engine> engine = [] {
    exportctl::EngineOptions options;
    options.data_dir = EXPORTCTL_SOURCE_DIR "/data";
    options.load_lists = true;  // the bundled Entity List excerpt: end users and owners are screened
    auto loaded = exportctl::Engine::Load(options);
    if (!loaded.ok()) __builtin_trap();
    return *loaded;
  }();
  return *engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const exportctl::Engine& engine = BundledEngine();
  // The production path: bounded depth first (a 100,000-deep array once crashed the server).
  auto parsed = exportctl::detail::ParseJsonBounded(std::string_view(reinterpret_cast<const char*>(data), size), "request");
  if (!parsed.ok() || !parsed->is_object()) return 0;
  const nlohmann::json& j = *parsed;
  exportctl::Chip spec;
  auto request = exportctl::app::CheckRequestFromJson(engine, j, *exportctl::Date::Parse("2025-06-01"), &spec);
  if (!request.ok()) {
    (void)request.error().ToString();
    return 0;
  }
  auto decision = engine.Check(*request, /*explain=*/true);
  if (decision.ok()) (void)exportctl::app::DecisionToJson(*decision, engine.rules(), true);
  return 0;
}
