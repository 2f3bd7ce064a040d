#include "lab/impact_questions.h"

#include <fmt/format.h>

#include "common/csv.h"
#include "common/json_limits.h"

namespace exportctl::lab {

using nlohmann::json;

namespace {

// The request a log entry answered: a check's record keeps it under "request"; a batch row's
// record keeps the row as read (CSV fields as strings, or the JSONL object).
void AddLoggedCheck(const DecisionLogEntry& e, std::vector<ImpactQuestion>* out, std::vector<Error>* errors) {
  auto body = detail::ParseJsonBounded(e.body, fmt::format("decision-log entry {}", e.seq));
  if (!body || !body->is_object() || !body->contains("request") || !(*body)["request"].is_object()) {
    errors->push_back(Error(ErrorCode::kInvalidData, fmt::format("decision-log entry {} keeps no request", e.seq)));
    return;
  }
  const json& request = (*body)["request"];
  ImpactQuestion q{"decision_log", fmt::format("decision {} ({} {})", e.seq, e.channel, e.recorded_at.substr(0, 10)),
                        {}, {}, 0};
  bool all_text = true;
  for (const auto& [k, v] : request.items()) all_text = all_text && v.is_string();
  if (e.channel == "batch" && all_text) {
    for (const auto& [k, v] : request.items())
      if (k != "id" && k != "order_id") q.request_fields.emplace_back(k, v.get<std::string>());
  } else {
    json r = request;
    for (auto it = r.begin(); it != r.end();)  // nulls are the echo's "not given"
      it = it->is_null() ? r.erase(it) : std::next(it);
    r.erase("id");
    q.request_json = r.dump();
  }
  out->push_back(std::move(q));
}

}  // namespace

Result<std::vector<ImpactQuestion>> ImpactQuestionsFromLedger(Ledger& ledger, Date since, Date as_of,
                                                                   std::size_t limit) {
  std::vector<ImpactQuestion> out;
  std::vector<Error> errors;
  DecisionLogFilter filter;
  filter.kind = "check";
  filter.from = since;
  filter.limit = 1000;
  std::vector<ImpactQuestion> logged;
  for (;;) {
    auto page = ledger.DecisionLog(filter);
    if (!page) return page.error();
    for (const DecisionLogEntry& e : *page) AddLoggedCheck(e, &logged, &errors);
    if (page->size() < static_cast<std::size_t>(filter.limit)) break;
    filter.after_seq = page->back().seq;
    if (logged.size() > 2 * limit) logged.erase(logged.begin(), logged.end() - static_cast<std::ptrdiff_t>(limit));
  }
  if (logged.size() > limit) logged.erase(logged.begin(), logged.end() - static_cast<std::ptrdiff_t>(limit));
  if (!errors.empty()) return Error::Many(ErrorCode::kInvalidData, std::move(errors));

  auto licences = ledger.ListLicences();
  if (!licences) return licences.error();
  for (const Licence& l : *licences) {
    if (l.status != LicenceStatus::kActive || as_of < l.valid_from || l.valid_to < as_of) continue;
    for (const std::string& item : l.items) {
      if (!item.empty() && std::isdigit(static_cast<unsigned char>(item[0]))) continue;  // an ECCN
      for (const std::string& to : l.destinations)
        for (const std::string& consignee : l.consignees.empty() ? std::vector<std::string>{""} : l.consignees) {
          json r = {{"chip", item}, {"destination", to}};
          if (!consignee.empty()) r["end_user"] = consignee;
          out.push_back({"licence",
                         fmt::format("licence {}: {} to {}{}", l.number, item, to, consignee.empty() ? "" : " for " + consignee),
                         r.dump(), {}, 0});
        }
    }
  }
  out.insert(out.begin(), std::make_move_iterator(logged.begin()), std::make_move_iterator(logged.end()));
  return out;
}

Result<std::vector<ImpactQuestion>> ImpactQuestionsFromOrders(std::string_view text, std::string_view name) {
  std::vector<ImpactQuestion> out;
  const bool jsonl = name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json");
  if (jsonl) {
    int line = 0;
    while (!text.empty()) {
      ++line;
      std::size_t eol = text.find('\n');
      std::string_view record = text.substr(0, eol);
      text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
      if (record.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      auto j = detail::ParseJsonBounded(record, "the order");
      if (!j) return Error(j.error().code(), j.error().message(), SourceLocation{std::string(name), line});
      if (!j->is_object())
        return Error(ErrorCode::kInvalidArgument, "an order is a JSON object", SourceLocation{std::string(name), line});
      std::string id = j->contains("id") && (*j)["id"].is_string() ? (*j)["id"].get<std::string>() : "";
      j->erase("id");
      out.push_back({"orders", fmt::format("{}:{}{}", name, line, id.empty() ? "" : " " + id), j->dump(), {}, 0});
    }
    return out;
  }
  detail::CsvReader reader(text);
  std::vector<std::string> header, fields;
  std::string err;
  if (!reader.Next(&header, &err) || !err.empty())
    return Error(ErrorCode::kInvalidArgument, "the order book has no header row (chip,quantity,destination,…)",
                 SourceLocation{std::string(name), 1});
  for (std::string& h : header)
    while (!h.empty() && (h.back() == ' ' || h.back() == '\r')) h.pop_back();
  while (reader.Next(&fields, &err)) {
    const int line = reader.record_line();
    if (!err.empty()) return Error(ErrorCode::kInvalidArgument, err, SourceLocation{std::string(name), line});
    if (fields.size() != header.size())
      return Error(ErrorCode::kInvalidArgument, fmt::format("{} fields, but the header has {}", fields.size(), header.size()),
                   SourceLocation{std::string(name), line});
    ImpactQuestion q{"orders", "", {}, {}, 0};
    std::string id;
    for (std::size_t k = 0; k < header.size(); ++k) {
      if (header[k] == "id" || header[k] == "order_id") id = fields[k];
      else q.request_fields.emplace_back(header[k], std::move(fields[k]));
    }
    q.reference = fmt::format("{}:{}{}", name, line, id.empty() ? "" : " " + id);
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace exportctl::lab
