// The policy lab over HTTP (docs/policy-lab.md), answering with the JSON the CLI prints
// (lab/lab_json.h); reads are open, a what-if needs a viewer token and an impact report an admin's:
//   GET  /v1/lab/design?chip=&to=[&as_of=&keep=&end_user_hq=&ship_from=]        ExploreDesign
//   GET  /v1/lab/timeline?chip=&to=[&end_user=&end_user_hq=&ship_from=&from=&to_date=]  StatusTimeline
//   GET  /v1/lab/timeline.svg (same parameters)                                 the chart as SVG
//   POST /v1/lab/whatif {"as_of", "files": {"us/classification.toml": "<text>", …}}  RunWhatIf of a
//        draft (the snapshot's rule directory with those files replaced) against the snapshot.
//   POST /v1/admin/impact {"as_of", "since", "files", "orders"}  RunImpact of such a draft over the
//        ledger's logged checks and licence lines and the orders given.
// Every bad parameter is a 400 naming it (`field`); an unknown chip is a 404; an unknown query
// parameter is refused rather than ignored, so a misspelt one is never silently dropped.
#include <algorithm>
#include <atomic>
#include <memory>

#include <fmt/format.h>

#include "lab/impact_questions.h"
#include "exportctl/lab.h"
#include "lab/lab_json.h"
#include "lab/lab_render.h"
#include "routes.h"
#include "server.h"
#include "concurrency_limit.h"
#include "ledger_pool.h"
#include "rule_files.h"

namespace exportctl::server {

namespace {

constexpr std::string_view kDefaultTimelineStart = "2022-01-01";
// The timeline asks the country groups about every day of its span: a century at most.
constexpr int kMaxTimelineDays = 100 * 366;

Status OnlyParams(const Call& call, std::initializer_list<std::string_view> allowed) {
  for (const auto& [name, value] : call.request.params)
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      return Error(ErrorCode::kInvalidArgument,
                   fmt::format("unknown query parameter `{}` (expected one of: {})", name, fmt::join(allowed, ", ")))
          .WithField(name);
  return Ok{};
}

std::string Param(const Call& call, const std::string& name) { return call.Query(name).value_or(""); }

Result<std::string> Required(const Call& call, const std::string& name, std::string_view what) {
  std::string v = Param(call, name);
  if (v.empty()) return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is required: {}", name, what)).WithField(name);
  return v;
}

// A date parameter, or `fallback` when absent or empty.
Result<Date> DateParam(const Call& call, const std::string& name, Date fallback) {
  std::string v = Param(call, name);
  if (v.empty()) return fallback;
  auto d = Date::Parse(v);
  if (!d.ok()) return d.error().WithField(name);
  return d;
}

// A country parameter (ISO alpha-2, normalised), or "" when absent and optional.
Result<std::string> CountryParam(const Call& call, const std::string& name, bool required) {
  std::string v = Param(call, name);
  if (v.empty()) {
    if (!required) return std::string();
    return Error(ErrorCode::kInvalidArgument, fmt::format("`{}` is required: a country code (ISO 3166-1 alpha-2)", name))
        .WithField(name);
  }
  auto c = call.engine().countries().Validate(v);
  if (!c.ok()) return c.error().WithField(name);
  return c;
}

Result<const Chip*> ChipParam(const Call& call) {
  auto name = Required(call, "chip", "a catalog chip id or alias");
  if (!name.ok()) return name.error();
  auto chip = call.engine().FindChip(*name);
  if (!chip.ok()) return chip.error().WithField("chip");
  return chip;
}

Result<lab::DesignRequest> DesignRequestOf(const Call& call) {
  if (Status ok = OnlyParams(call, {"chip", "to", "as_of", "keep", "end_user_hq", "ship_from"}); !ok.ok()) return ok.error();
  lab::DesignRequest r;
  auto chip = ChipParam(call);
  if (!chip.ok()) return chip.error();
  r.base = *chip;
  auto to = CountryParam(call, "to", true);
  if (!to.ok()) return to.error();
  r.destination = *to;
  auto hq = CountryParam(call, "end_user_hq", false);
  if (!hq.ok()) return hq.error();
  r.end_user_hq = *hq;
  auto from = CountryParam(call, "ship_from", false);
  if (!from.ok()) return from.error();
  if (!from->empty()) r.ship_from = *from;
  auto as_of = DateParam(call, "as_of", Today());
  if (!as_of.ok()) return as_of.error();
  r.as_of = *as_of;
  if (std::string keep = Param(call, "keep"); !keep.empty()) {
    r.keep = ParsePrecision(keep);
    if (!r.keep) {
      std::vector<std::string_view> names;
      for (Precision p : kAllPrecisions) names.push_back(PrecisionName(p));
      return Error(ErrorCode::kInvalidArgument, fmt::format("unknown precision `{}` for `keep` ({})", keep, fmt::join(names, ", ")))
          .WithField("keep");
    }
  }
  return r;
}

Result<lab::Timeline> TimelineOf(const Call& call) {
  if (Status ok = OnlyParams(call, {"chip", "to", "end_user", "end_user_hq", "ship_from", "from", "to_date"}); !ok.ok())
    return ok.error();
  lab::TimelineRequest r;
  auto chip = ChipParam(call);
  if (!chip.ok()) return chip.error();
  r.shipment.chip = *chip;
  auto to = CountryParam(call, "to", true);
  if (!to.ok()) return to.error();
  r.shipment.destination = *to;
  auto hq = CountryParam(call, "end_user_hq", false);
  if (!hq.ok()) return hq.error();
  r.shipment.end_user_hq = *hq;
  auto ship_from = CountryParam(call, "ship_from", false);
  if (!ship_from.ok()) return ship_from.error();
  r.shipment.ship_from = ship_from->empty() ? "US" : *ship_from;
  r.shipment.end_user = Param(call, "end_user");
  auto from = DateParam(call, "from", *Date::Parse(kDefaultTimelineStart));
  if (!from.ok()) return from.error();
  auto to_date = DateParam(call, "to_date", Today());
  if (!to_date.ok()) return to_date.error();
  if (*to_date < *from)
    return Error(ErrorCode::kInvalidArgument,
                 fmt::format("`from` {} is after `to_date` {}", from->ToString(), to_date->ToString())).WithField("from");
  if (to_date->days() - from->days() > kMaxTimelineDays)
    return Error(ErrorCode::kInvalidArgument, "a timeline spans at most 100 years: move `from` later").WithField("from");
  r.from = *from;
  r.to = *to_date;
  return lab::StatusTimeline(call.engine(), r);
}

// {"as_of": …, "files": {name: text}} to the draft's files, names validated (field "files"). Keys
// beyond `as_of`, `files` and `extra_keys` are refused.
Result<std::vector<DraftFile>> DraftFilesOf(const nlohmann::json& body, std::initializer_list<std::string_view> extra_keys = {}) {
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "as_of" && it.key() != "files" &&
        std::find(extra_keys.begin(), extra_keys.end(), it.key()) == extra_keys.end())
      return Error(ErrorCode::kInvalidArgument, fmt::format("unknown field `{}` (expected `as_of`, `files`{})", it.key(),
                                                            extra_keys.size() ? ", `since`, `orders`" : ""))
          .WithField(it.key());
  if (!body.contains("files") || !body["files"].is_object())
    return Error(ErrorCode::kInvalidArgument,
                 "`files` must be an object of rule file names (relative to the rule directory) to their full text")
        .WithField("files");
  std::vector<DraftFile> files;
  for (auto it = body["files"].begin(); it != body["files"].end(); ++it) {
    if (Status ok = ValidateRuleFileName(it.key(), "files"); !ok.ok()) return ok.error();
    if (!it.value().is_string())
      return Error(ErrorCode::kInvalidArgument, fmt::format("`files.{}` must be the file's full text (a string)", it.key()))
          .WithField("files." + it.key());
    files.push_back({it.key(), it.value().get<std::string>()});
  }
  return files;
}

}  // namespace

void RegisterLabRoutes(Api& api, LedgerPool& pool) {
  api.Add("GET", "/v1/lab/design", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto request = DesignRequestOf(call);
    if (!request.ok()) return request.error();
    auto report = lab::ExploreDesign(call.engine(), *request);
    if (!report.ok()) return report.error();
    return Reply::Json(lab::DesignToJson(*report));
  });
  api.Add("GET", "/v1/lab/timeline", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto timeline = TimelineOf(call);
    if (!timeline.ok()) return timeline.error();
    return Reply::Json(lab::TimelineToJson(*timeline));
  });
  api.Add("GET", R"(/v1/lab/timeline\.svg)", Access::kRead, [](const Call& call) -> Result<Reply> {
    auto timeline = TimelineOf(call);
    if (!timeline.ok()) return timeline.error();
    return Reply{200, lab::RenderTimelineSvg(*timeline), "image/svg+xml"};
  }, "GET /v1/lab/timeline.svg");
  // A what-if or an impact report re-decides many questions under two rule sets (~0.1 s of CPU
  // and more): they need a token, and at most `max_whatif` run at once (503 busy beyond).
  auto limit = std::make_shared<ConcurrencyLimit>(api.options().max_whatif);
  auto take_slot = [limit]() -> Result<std::unique_ptr<ConcurrencyLimit::Slot>> {
    auto slot = limit->TryAcquire();
    if (!slot)
      return Error(ErrorCode::kBusy,
                   fmt::format("{} what-if or impact run(s) already in progress; retry shortly", limit->limit()));
    return slot;
  };
  api.Waiting().Add("POST", "/v1/lab/whatif", Access::kViewer, [take_slot](const Call& call) -> Result<Reply> {
    auto slot = take_slot();
    if (!slot) return slot.error();
    auto body = call.JsonBody();
    if (!body.ok()) return body.error();
    auto files = DraftFilesOf(*body);
    if (!files.ok()) return files.error();
    auto as_of = call.AsOf(&*body);
    if (!as_of.ok()) return as_of.error().WithField("as_of");
    const Engine& in_force = call.engine();
    auto rules = LoadDraftRules(call.snapshot.RulesDir(), *files, &in_force.countries());
    if (!rules.ok()) return rules.error();
    std::shared_ptr<const Engine> draft = in_force.WithRules(std::move(rules).value());
    return Reply::Json(lab::WhatIfToJson(lab::RunWhatIf(in_force, *draft, call.snapshot.golden_cases, *as_of)));
  });
  // The impact of a candidate rule set (the rules in use with `files` replaced) on the ledger's
  // logged checks since `since` (default 90 days before as_of), its licence lines in force, and
  // the `orders` given: `exportctl impact --format json`.
  api.Waiting().Add("POST", "/v1/admin/impact", Access::kAdmin, [take_slot, &pool](const Call& call) -> Result<Reply> {
    auto slot = take_slot();
    if (!slot) return slot.error();
    auto body = call.JsonBody();
    if (!body.ok()) return body.error();
    auto files = DraftFilesOf(*body, {"since", "orders"});
    if (!files.ok()) return files.error();
    auto as_of = call.AsOf(&*body);
    if (!as_of.ok()) return as_of.error().WithField("as_of");
    Date since = as_of->AddDays(-90);
    if (body->contains("since")) {
      auto parsed = (*body)["since"].is_string() ? Date::Parse((*body)["since"].get<std::string>())
                                                 : Result<Date>(Error(ErrorCode::kInvalidArgument, "`since` must be a date string YYYY-MM-DD"));
      if (!parsed.ok()) return parsed.error().WithField("since");
      since = *parsed;
    }
    std::vector<lab::ImpactQuestion> orders;
    if (body->contains("orders")) {
      const nlohmann::json& list = (*body)["orders"];
      if (!list.is_array() || list.size() > call.options.max_batch)
        return Error(ErrorCode::kInvalidArgument,
                     fmt::format("`orders` must be a list of at most {} check requests", call.options.max_batch))
            .WithField("orders");
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (!list[i].is_object())
          return Error(ErrorCode::kInvalidArgument, fmt::format("`orders[{}]` must be a check request object", i))
              .WithField("orders");
        orders.push_back({"orders", fmt::format("orders[{}]", i), list[i].dump(), {}, 0});
      }
    }
    const Engine& in_force = call.engine();
    auto rules = LoadDraftRules(call.snapshot.RulesDir(), *files, &in_force.countries());
    if (!rules.ok()) return rules.error();
    std::shared_ptr<const Engine> candidate = in_force.WithRules(std::move(rules).value());
    auto questions = WithLedger(pool, call.actor, [&](Ledger& l) { return lab::ImpactQuestionsFromLedger(l, since, *as_of); });
    if (!questions.ok()) return questions.error();
    questions->insert(questions->end(), std::make_move_iterator(orders.begin()), std::make_move_iterator(orders.end()));
    return Reply::Json(lab::ImpactToJson(lab::RunImpact(in_force, *candidate, std::move(questions).value(), *as_of)));
  });
}

}  // namespace exportctl::server
