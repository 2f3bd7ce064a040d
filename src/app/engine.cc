#include "exportctl/engine.h"

#include <algorithm>
#include <atomic>

#include <fmt/format.h>

#include "app/list_screener.h"
#include "common/text_limits.h"

namespace exportctl {

std::uint64_t Engine::InstanceId::Next() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

Result<std::shared_ptr<const Engine>> Engine::Load(const EngineOptions& options) {
  auto engine = std::make_shared<Engine>();
  auto catalog = Catalog::LoadDir(options.data_dir + "/catalog");
  if (!catalog.ok()) return catalog.error();
  engine->catalog_ = std::make_shared<const Catalog>(std::move(catalog).value());
  auto countries = Countries::Load(options.data_dir + "/countries/groups.toml");
  if (!countries.ok()) return countries.error();
  engine->countries_ = std::move(countries).value();
  auto rules = RuleSet::LoadDir(options.rules_dir.empty() ? options.data_dir + "/rules" : options.rules_dir,
                                &engine->countries_);
  if (!rules.ok()) return rules.error();
  engine->rules_ = std::move(rules).value();
  if (options.load_lists) {
    auto screener = screen::Screener::Load(options.data_dir, options.home_dir);
    if (!screener.ok()) return screener.error();
    engine->screener_ = std::make_shared<app::ListScreener>(std::move(screener).value());
  }
  return std::shared_ptr<const Engine>(std::move(engine));
}

std::shared_ptr<const Engine> Engine::WithScreener(std::shared_ptr<const EndUserScreener> screener) const {
  auto copy = std::make_shared<Engine>(*this);
  copy->screener_ = std::move(screener);
  return copy;
}

std::shared_ptr<const Engine> Engine::WithRules(std::shared_ptr<const RuleSet> rules) const {
  auto copy = std::make_shared<Engine>(*this);
  copy->rules_ = std::move(rules);
  return copy;
}

Result<Decision> Engine::Check(const CheckRequest& request, bool explain) const {
  return exportctl::Check(CheckContext{rules_.get(), &countries_, screener_.get(), catalog_.get(), id_.value}, request, explain);
}

Result<const Chip*> Engine::FindChip(std::string_view name) const {
  // A NUL or broken UTF-8 is refused, never matched by what is left of the name.
  if (Status text = detail::CheckText(name, "chip", detail::kMaxFieldBytes); !text) return text.error();
  if (const Chip* c = catalog_->Find(name)) return c;
  // Suggest catalog names sharing the longest prefix with what was typed.
  std::string key = Catalog::Key(name);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const Chip& c : catalog_->chips()) {
    for (const std::string& alias : c.aliases) {
      std::string k = Catalog::Key(alias);
      std::size_t common = 0;
      while (common < k.size() && common < key.size() && k[common] == key[common]) ++common;
      if (common >= 2) scored.emplace_back(common, alias);
    }
  }
  std::sort(scored.begin(), scored.end(), [](auto& a, auto& b) { return a.first > b.first; });
  std::string hint;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) hint += (i ? ", " : "") + fmt::format("`{}`", scored[i].second);
  return Error(ErrorCode::kNotFound, hint.empty() ? fmt::format("unknown chip `{}` (see `exportctl catalog list`)", name)
                                                  : fmt::format("unknown chip `{}`; did you mean {}?", name, hint));
}

}  // namespace exportctl
