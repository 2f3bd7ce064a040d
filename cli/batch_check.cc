#include "batch_check.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/request_mapping.h"
#include "common/csv.h"
#include "common/toml_util.h"
#include "common/json_limits.h"

namespace exportctl::cli {

namespace {

struct Chunk {
  std::string_view text;
  int first_line;
};

// Splits input into chunks of whole records (a newline outside quotes ends a CSV record).
std::vector<Chunk> SplitRecords(std::string_view text, int first_line, std::size_t target, bool csv) {
  std::vector<Chunk> chunks;
  std::size_t start = 0, pos = 0;
  int line = first_line, chunk_line = first_line;
  bool quoted = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (csv && c == '"') quoted = !quoted;
    if (c != '\n') continue;
    ++line;
    if (!quoted && pos + 1 - start >= target) {
      chunks.push_back({text.substr(start, pos + 1 - start), chunk_line});
      start = pos + 1;
      chunk_line = line;
    }
  }
  if (start < text.size()) chunks.push_back({text.substr(start), chunk_line});
  return chunks;
}

std::string JsonString(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

std::string RuleIds(const std::vector<const Rule*>& rules) {
  std::string out;
  for (const Rule* r : rules) out += (out.empty() ? "" : ";") + r->id;
  return out;
}

struct Counts {
  std::atomic<int64_t> rows{0}, errors{0};
  std::array<std::atomic<int64_t>, 5> outcomes{};  // by Outcome
};

// One result line per row, in the requested format.
void WriteResult(std::string* out, Format format, int line, const std::string& id, const Decision& d) {
  std::vector<std::string> exceptions, restrictions, warnings, holds;
  for (const Rule* r : d.exceptions) exceptions.push_back(r->exception);
  for (const Hold& h : d.holds) holds.push_back(h.text);
  for (const DecisionItem& i : d.import_restrictions) restrictions.push_back(i.rule ? i.rule->id : "");
  for (const DecisionItem& i : d.warnings) warnings.push_back(i.text);
  const std::string& eccn = d.classification->eccn;
  std::string_view policy = d.review_policy == ReviewPolicy::kNone ? "" : ReviewPolicyName(d.review_policy);
  if (format == Format::kCsv) {
    *out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},\n", line, detail::CsvEscape(id), d.decision_id, OutcomeName(d.outcome), eccn,
                        policy, fmt::join(exceptions, ";"), RuleIds(d.deciding_rules), fmt::join(restrictions, ";"),
                        detail::CsvEscape(fmt::format("{}", fmt::join(warnings, " | "))),
                        detail::CsvEscape(fmt::format("{}", fmt::join(holds, " | "))));
    return;
  }
  std::string ids;
  for (const Rule* r : d.deciding_rules) ids += (ids.empty() ? "\"" : ",\"") + r->id + "\"";
  std::string hits;
  for (const PartyHit& h : d.screening)
    hits += fmt::format("{}{{\"party\":{},\"entry\":{},\"list\":{},\"score\":{:.3f},\"band\":\"{}\"}}", hits.empty() ? "" : ",",
                        JsonString(h.party), JsonString(h.entry_name), JsonString(h.list), h.score, h.band);
  *out += fmt::format(
      "{{\"line\":{},\"id\":{},\"decision_id\":\"{}\",\"as_of\":\"{}\",\"chip\":\"{}\",\"destination\":\"{}\",\"quantity\":{},"
      "\"outcome\":\"{}\",\"license_required\":{},\"eccn\":\"{}\",\"review_policy\":{},\"license_exceptions\":{},"
      "\"rule_ids\":[{}],\"import_restrictions\":{},\"warnings\":{},\"holds\":{},\"screening\":[{}]}}\n",
      line, JsonString(id), d.decision_id, d.as_of.ToString(), d.classification->chip->id, d.destination, d.quantity,
      OutcomeName(d.outcome), d.outcome == Outcome::kLicenseRequired || d.outcome == Outcome::kProhibited ? "true" : "false", eccn,
      policy.empty() ? "null" : "\"" + std::string(policy) + "\"", nlohmann::json(exceptions).dump(), ids,
      nlohmann::json(restrictions).dump(), nlohmann::json(warnings).dump(), nlohmann::json(holds).dump(), hits);
}

void WriteError(std::string* out, Format format, int line, const std::string& id, const std::string& message) {
  if (format == Format::kCsv) *out += fmt::format("{},{},,,,,,,,,,{}\n", line, detail::CsvEscape(id), detail::CsvEscape(message));
  else *out += fmt::format("{{\"line\":{},\"id\":{},\"error\":{}}}\n", line, JsonString(id), JsonString(message));
}

std::string OneLine(const Error& e) {
  std::string text = e.ToString();
  for (char& c : text)
    if (c == '\n') c = ';';
  return text;
}

}  // namespace

int RunBatchCheck(const Engine& engine, const BatchOptions& options) {
  auto started = std::chrono::steady_clock::now();
  auto text = detail::ReadFile(options.input);
  if (!text.ok()) return Fail(text.error());
  const bool csv = !(options.input.ends_with(".jsonl") || options.input.ends_with(".ndjson") || options.input.ends_with(".json"));
  std::string_view body = *text;
  std::vector<std::string> header;
  int first_line = 1;
  if (csv) {
    detail::CsvReader reader(body);
    std::string err;
    if (!reader.Next(&header, &err) || !err.empty())
      return Fail(Error(ErrorCode::kInvalidArgument, "the batch file has no header row (chip,quantity,destination,…)", SourceLocation{options.input, 1}));
    for (std::string& h : header) {
      while (!h.empty() && (h.back() == ' ' || h.back() == '\r')) h.pop_back();
      if (h.starts_with("\xEF\xBB\xBF")) h.erase(0, 3);
    }
    std::size_t eol = body.find('\n');
    body = eol == std::string_view::npos ? std::string_view() : body.substr(eol + 1);
    first_line = 2;
  }
  std::vector<Chunk> chunks = SplitRecords(body, first_line, 1 << 18, csv);
  std::vector<std::string> outputs(chunks.size());
  std::vector<std::string> error_lines;
  std::mutex error_mu;
  Counts counts;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done_bytes{0};
  std::atomic<bool> log_failed{false};
  std::unique_ptr<std::atomic<bool>[]> finished(new std::atomic<bool>[chunks.size()]);
  for (std::size_t i = 0; i < chunks.size(); ++i) finished[i] = false;

  auto work = [&] {
    for (std::size_t i = next++; i < chunks.size(); i = next++) {
      std::string& out = outputs[i];
      auto fail = [&](int line, const std::string& id, const std::string& message) {
        WriteError(&out, options.format, line, id, message);
        ++counts.errors;
        std::lock_guard lock(error_mu);
        if (error_lines.size() < 20) error_lines.push_back(fmt::format("{}:{}: {}", options.input, line, message));
      };
      auto decide = [&](int line, const std::string& id, Result<CheckRequest> request, const nlohmann::json& raw) {
        ++counts.rows;
        if (!request.ok()) return fail(line, id, OneLine(request.error()));
        auto d = engine.Check(*request);
        if (!d.ok()) return fail(line, id, OneLine(d.error()));
        ++counts.outcomes[static_cast<int>(d->outcome)];
        const std::size_t at = out.size();
        WriteResult(&out, options.format, line, id, *d);
        if (options.decision_log) {
          // The row's request, and its result exactly as written to the output.
          std::string record = nlohmann::json{{"file", options.input}, {"line", line}, {"request", raw},
                                              {"result", out.substr(at)}}
                                   .dump();
          if (Status s = options.decision_log->Add(app::CheckLogEntry(*d, engine.rules(), std::move(record), options.actor, "batch")); !s) {
            log_failed = true;
            fail(line, id, OneLine(s.error()));
          }
        }
      };
      if (csv) {
        detail::CsvReader reader(chunks[i].text);
        std::vector<std::string> fields;
        std::string err;
        app::RequestFields row;
        while (reader.Next(&fields, &err)) {
          int line = chunks[i].first_line + reader.record_line() - 1;
          if (!err.empty()) {
            ++counts.rows;
            fail(line, "", err);
            continue;
          }
          if (fields.size() != header.size()) {
            ++counts.rows;
            fail(line, "", fmt::format("{} fields, but the header has {}", fields.size(), header.size()));
            continue;
          }
          row.clear();
          for (std::size_t k = 0; k < header.size(); ++k) row[header[k]] = std::move(fields[k]);
          std::string id = row.contains("id") ? row["id"] : row.contains("order_id") ? row["order_id"] : "";
          decide(line, id, app::CheckRequestFromFields(engine, row, options.default_as_of), nlohmann::json(row));
        }
      } else {
        std::string_view rest = chunks[i].text;
        int line = chunks[i].first_line;
        while (!rest.empty()) {
          std::size_t eol = rest.find('\n');
          std::string_view record = rest.substr(0, eol);
          rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
          if (record.find_first_not_of(" \t\r") != std::string_view::npos) {
            auto parsed = detail::ParseJsonBounded(record, "the row");
            if (!parsed.ok()) {
              ++counts.rows;
              fail(line, "", parsed.error().message().find("nests") != std::string::npos ? parsed.error().message() : "malformed JSON");
            } else {
              const nlohmann::json& j = *parsed;
              std::string id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : "";
              Chip spec;
              decide(line, id, app::CheckRequestFromJson(engine, j, options.default_as_of, &spec), j);
            }
          }
          ++line;
        }
      }
      done_bytes += chunks[i].text.size();
      finished[i].store(true, std::memory_order_release);
    }
  };

  std::FILE* out = options.output.empty() ? stdout : std::fopen(options.output.c_str(), "wb");
  if (!out) return Fail(Error(ErrorCode::kIoError, fmt::format("cannot write `{}`", options.output)));
  if (options.format == Format::kCsv)
    std::fputs(DecisionCsvHeader().c_str(), out);

  int threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  // Write finished chunks in order while the workers go on; draw progress on a terminal.
  const bool progress = StderrIsTerminal();
  std::size_t written = 0;
  auto last_draw = std::chrono::steady_clock::now();
  while (written < chunks.size()) {
    if (finished[written].load(std::memory_order_acquire)) {
      std::fwrite(outputs[written].data(), 1, outputs[written].size(), out);
      std::string().swap(outputs[written]);
      ++written;
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (progress && std::chrono::steady_clock::now() - last_draw > std::chrono::milliseconds(200)) {
      last_draw = std::chrono::steady_clock::now();
      double frac = body.empty() ? 1.0 : double(done_bytes.load()) / double(body.size());
      int filled = static_cast<int>(frac * 40);
      std::fprintf(stderr, "\r[%-40s] %5.1f%%  %lld rows", std::string(filled, '#').c_str(), frac * 100, static_cast<long long>(counts.rows.load()));
    }
  }
  for (std::thread& t : pool) t.join();
  if (options.decision_log)
    if (Status s = options.decision_log->Flush(); !s) {
      log_failed = true;
      std::cerr << "exportctl: " << s.error().message() << '\n';
    }
  if (out != stdout) std::fclose(out);
  else std::fflush(out);
  if (progress) std::fprintf(stderr, "\r%60s\r", "");

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cerr << fmt::format("{} rows in {:.2f} s ({:.0f} rows/s): {} no licence required, {} licence exception, {} licence required, {} prohibited, {} held, {} bad rows\n",
                           counts.rows.load(), seconds, counts.rows.load() / std::max(seconds, 1e-9),
                           counts.outcomes[0].load(), counts.outcomes[1].load(), counts.outcomes[2].load(), counts.outcomes[3].load(),
                           counts.outcomes[4].load(), counts.errors.load());
  for (const std::string& e : error_lines) std::cerr << "exportctl: " << e << '\n';
  if (counts.errors.load() > static_cast<int64_t>(error_lines.size()))
    std::cerr << fmt::format("exportctl: … and {} more bad rows (see the output)\n", counts.errors.load() - static_cast<int64_t>(error_lines.size()));
  if (log_failed) return kExitError;
  return counts.errors.load() == 0 ? kExitOk : kExitUsage;
}

std::string DecisionCsvHeader() {
  return "line,id,decision_id,outcome,eccn,review_policy,license_exceptions,rule_ids,import_restrictions,warnings,holds,error\n";
}

std::string DecisionRow(Format format, int line, const std::string& id, const Decision& d) {
  std::string out;
  WriteResult(&out, format, line, id, d);
  return out;
}

}  // namespace exportctl::cli
