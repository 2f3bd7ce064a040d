#include "ledger/test_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace exportctl::ledger::testing {

std::string PgUrl() {
  const char* env = std::getenv("EXPORTCTL_TEST_PG_URL");
  return env ? env : "";
}

namespace {
std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}
}  // namespace

TestDb MakeTestDb(const std::string& backend) {
  TestDb db;
  db.backend = backend;
  if (backend == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / ("exportctl_ledger_test_" + UniqueSuffix());
    std::filesystem::create_directories(dir);
    db.path = (dir / "ledger.sqlite").string();
    db.url = "sqlite:" + db.path;
    return db;
  }
  db.base_url = PgUrl();
  db.schema = "t_" + UniqueSuffix();
  std::string cmd = "psql -q -v ON_ERROR_STOP=1 " + ShellQuote(db.base_url) + " -c " +
                    ShellQuote("CREATE SCHEMA " + db.schema) + " >/dev/null";
  if (std::system(cmd.c_str()) != 0) return db;
  db.url = db.base_url + (db.base_url.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + db.schema;
  return db;
}

int RunSql(const TestDb& db, const std::string& sql) {
  std::string cmd;
  if (db.backend == "sqlite") {
    cmd = "sqlite3 " + ShellQuote(db.path) + " " + ShellQuote(sql);
  } else {
    cmd = "psql -q -v ON_ERROR_STOP=1 " + ShellQuote(db.base_url) + " -c " +
          ShellQuote("SET search_path TO " + db.schema + "; " + sql) + " >/dev/null";
  }
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

int RunCommand(const std::vector<std::string>& argv, std::string* out, std::string* err) {
  auto dir = std::filesystem::temp_directory_path();
  std::string base = (dir / ("exportctl_cmd_" + UniqueSuffix())).string();
  std::string out_path = base + ".out", err_path = base + ".err";
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  if (out) *out = slurp(out_path);
  if (err) *err = slurp(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Licence SampleLicence(const std::string& number) {
  Licence l;
  l.number = number;
  l.holder = "Acme Semiconductors Inc.";
  l.authority = "BIS";
  l.items = {"nvidia-h20", "amd-mi308"};
  l.destinations = {"CN"};
  l.consignees = {"Example Cloud Ltd", "Example Labs"};
  l.quantity_cap = 1000;
  l.value_cap = Money{1000 * 1200000, "USD"};  // 1000 units at USD 12,000.00
  l.valid_from = *Date::Parse("2026-01-01");
  l.valid_to = *Date::Parse("2026-12-31");
  l.conditions.revenue_share_bp = 1500;
  return l;
}

ShipmentRequest SampleShipment(const std::string& key, std::int64_t quantity, const std::string& licence) {
  ShipmentRequest r;
  r.idempotency_key = key;
  r.basis = ShipmentBasis::kLicence;
  r.licence_number = licence;
  r.chip = "nvidia-h20";
  r.destination = "CN";
  r.consignee = "Example Cloud Ltd";
  r.quantity = quantity;
  r.unit_price = Money{1200000, "USD"};
  r.ship_date = *Date::Parse("2026-02-10");
  return r;
}

ShipmentDecider FakeDecider(std::map<std::string, std::string> outcomes) {
  return [outcomes = std::move(outcomes)](const ShipmentRequest& r) -> Result<ShipmentDecision> {
    ShipmentDecision d;
    auto it = outcomes.find(r.destination);
    d.outcome = it == outcomes.end() ? "license_required" : it->second;
    d.decision_id = fmt::format("fake-{}-{}-{}-{}", r.chip, r.destination, r.ship_date.ToString(), r.quantity);
    if (d.outcome == "license_exception") d.exceptions = {"NAC", "ACA"};
    d.why = "fake engine";
    d.json = SampleDecision(d.decision_id, d.outcome, r.chip, r.destination, r.ship_date.ToString());
    return d;
  };
}

Result<std::unique_ptr<Ledger>> OpenWithFakeDecider(const std::string& url, std::map<std::string, std::string> outcomes) {
  LedgerOptions options;
  options.decider = FakeDecider(std::move(outcomes));
  return Ledger::Open(url, std::move(options));
}

void UseOnePersonDesk(Ledger& ledger) {
  ledger.SetActor(LocalActor("test"));
  auto set = ledger.SetApprovalsRequired(false);
  if (!set) throw std::runtime_error("cannot switch approvals off: " + set.error().ToString());
}

Actor LocalActor(const std::string& name) { return Actor{.name = "os:" + name, .local = true}; }
Actor TokenUser(const std::string& name, UserRole role) {
  return Actor{.name = name, .authenticated = true, .role = role};
}

std::string SampleDecision(const std::string& id, const std::string& outcome, const std::string& chip,
                           const std::string& destination, const std::string& as_of) {
  nlohmann::json j = {{"decision_id", id},   {"as_of", as_of},
                      {"outcome", outcome},  {"chip", chip},
                      {"destination", destination},
                      {"rule_ids", {"ear-744.23", "ear-3a090"}},
                      {"ruleset", "us-ear-2026-01"}};
  return j.dump(2) + "\n";
}

}  // namespace exportctl::ledger::testing
