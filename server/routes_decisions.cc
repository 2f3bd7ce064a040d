// The decision log over HTTP (docs/ledger.md, "Decision log"): every check and screening
// answered, with who asked and when. It names screened people, so reading it always needs a
// viewer token, even on loopback where other reads are open.
//
//   GET /v1/decisions         viewer  ?party=&chip=&outcome=&kind=&from=&to=&after=&limit=
//                                     -> {decisions: [...], next_after}  (oldest first, paged by seq)
//   GET /v1/decisions/{seq}   viewer  one entry with its whole answer (`body`)
//   GET /v1/escalations       viewer  ?decision=SEQ -> {escalations: [...]} (oldest first; all without it)
//   POST /v1/escalations      officer {decision_seq, escalated_to, reason, party?, entry_id?} -> 201 the
//                                     escalation recorded (audited; it settles nothing, docs/ledger.md)
#include <charconv>

#include <fmt/format.h>

#include "app/ledger_json.h"
#include "ledger_pool.h"
#include "routes.h"

namespace exportctl::server {

void RegisterDecisionLogRoutes(Api& api, LedgerPool& pool) {
  api.Add("GET", "/v1/decisions", Access::kViewer, [&pool](const Call& call) -> Result<Reply> {
    std::map<std::string, std::string> fields;
    for (const auto& [key, value] : call.request.params) fields[key] = value;
    auto filter = app::DecisionLogFilterFromFields(fields);
    if (!filter) return filter.error();
    return WithLedger(pool, call.actor, [&](Ledger& ledger) -> Result<Reply> {
      auto entries = ledger.DecisionLog(*filter);
      if (!entries) return entries.error();
      nlohmann::json out = nlohmann::json::array();
      for (const DecisionLogEntry& e : *entries) out.push_back(app::DecisionLogEntryToJson(e, /*with_body=*/false));
      const bool more = std::int64_t(entries->size()) == filter->limit;
      return Reply::Json({{"decisions", std::move(out)},
                          {"next_after", more ? nlohmann::json(entries->back().seq) : nlohmann::json(nullptr)}});
    });
  });
  api.Add(
      "GET", "/v1/decisions/([0-9]{1,18})", Access::kViewer,
      [&pool](const Call& call) -> Result<Reply> {
        const std::string text = call.request.matches[1];
        std::int64_t seq = 0;
        std::from_chars(text.data(), text.data() + text.size(), seq);
        return WithLedger(pool, call.actor, [&](Ledger& ledger) -> Result<Reply> {
          auto entry = ledger.DecisionLogEntryAt(seq);
          if (!entry) return entry.error();
          return Reply::Json(app::DecisionLogEntryToJson(*entry, /*with_body=*/true));
        });
      },
      "GET /v1/decisions/{seq}");
  api.Add("GET", "/v1/escalations", Access::kViewer, [&pool](const Call& call) -> Result<Reply> {
    std::int64_t seq = 0;
    for (const auto& [key, value] : call.request.params) {
      if (key != "decision")
        return Error(ErrorCode::kInvalidArgument, fmt::format("{}: unknown parameter (decision)", key)).WithField(key);
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seq);
      if (ec != std::errc() || end != value.data() + value.size() || seq < 1)
        return Error(ErrorCode::kInvalidArgument, fmt::format("decision: `{}` is not a decision-log seq", value)).WithField("decision");
    }
    return WithLedger(pool, call.actor, [&](Ledger& ledger) -> Result<Reply> {
      auto escalations = ledger.Escalations(seq);
      if (!escalations) return escalations.error();
      nlohmann::json out = nlohmann::json::array();
      for (const Escalation& e : *escalations) out.push_back(app::EscalationJson(e));
      return Reply::Json({{"escalations", std::move(out)}});
    });
  });
  api.Add("POST", "/v1/escalations", Access::kOfficer, [&pool](const Call& call) -> Result<Reply> {
    if (auto body = call.JsonBody(); !body) return body.error();
    auto escalation = EscalationFromJson(call.request.body);
    if (!escalation) return escalation.error();
    auto recorded = WithLedger(pool, call.actor, [&](Ledger& ledger) { return ledger.Escalate(*escalation); });
    if (!recorded) return recorded.error();
    return Reply::Json(app::EscalationJson(*recorded), 201);
  });
}

}  // namespace exportctl::server
