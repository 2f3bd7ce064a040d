// Concurrency checks of the ledger on both back ends: 8 concurrent writer processes, and 8 writer
// threads (which combine their commits on PostgreSQL), against one licence; a writer killed with
// SIGKILL mid-stream, and the CLI end to end (bad input, refusals,
// tamper detection). PostgreSQL cases need EXPORTCTL_TEST_PG_URL.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "exportctl/ledger.h"
#include "ledger/test_support.h"

namespace exportctl::ledger {
namespace {

using testing::MakeTestDb;
using testing::RunCommand;
using testing::RunSql;
using testing::SampleLicence;
using testing::SampleShipment;
using testing::TestDb;

class LedgerProcessTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql" && testing::PgUrl().empty()) GTEST_SKIP() << testing::kPgSkipMessage;
    db_ = MakeTestDb(GetParam());
    ASSERT_FALSE(db_.url.empty());
    auto ledger = testing::OpenWithFakeDecider(db_.url);
    ASSERT_TRUE(ledger.ok()) << ledger.error().ToString();
    ledger_ = std::move(*ledger);
    ASSERT_TRUE(ledger_->Migrate().ok());
    testing::UseOnePersonDesk(*ledger_);
  }
  TestDb db_;
  std::unique_ptr<Ledger> ledger_;
};

// Reads whole lines from a pipe until EOF.
std::vector<std::string> ReadLines(int fd) {
  std::vector<std::string> lines;
  std::string buffer;
  char chunk[4096];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, std::size_t(n));
  }
  std::istringstream in(buffer);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_P(LedgerProcessTest, EightConcurrentWritersNeverExceedTheCaps) {
  Licence l = SampleLicence();
  l.quantity_cap = 1000;
  l.value_cap = Money{1000 * 800000, "USD"};  // binds before the quantity cap at high prices
  ASSERT_TRUE(ledger_->AddLicence(l).ok());
  ledger_.reset();

  constexpr int kWriters = 8, kAttempts = 25;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      auto ledger = testing::OpenWithFakeDecider(db_.url);
      if (!ledger) _exit(2);
      int unexpected = 0;
      for (int i = 0; i < kAttempts; ++i) {
        ShipmentRequest r = SampleShipment("w" + std::to_string(w) + "-" + std::to_string(i), 5 + (w * 7 + i * 3) % 20);
        r.unit_price.minor = 100000 + ((w * 13 + i * 17) % 20) * 100000;  // USD 1,000.00 … 20,000.00
        auto e = (*ledger)->Ship(r);
        char line[128];
        if (e) {
          int n = std::snprintf(line, sizeof line, "ok %lld %lld\n", static_cast<long long>(r.quantity),
                                static_cast<long long>(e->value_minor));
          if (write(fds[1], line, std::size_t(n)) != n) _exit(3);
        } else if (e.error().code() != ErrorCode::kRefused) {
          std::fprintf(stderr, "writer %d: %s\n", w, e.error().ToString().c_str());
          ++unexpected;
        }
      }
      _exit(unexpected == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  close(fds[1]);
  std::vector<std::string> lines = ReadLines(fds[0]);
  close(fds[0]);
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed with an unexpected error";
  }
  std::int64_t accepted_qty = 0, accepted_value = 0;
  for (const auto& line : lines) {
    long long q = 0, v = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "ok %lld %lld", &q, &v), 2);
    accepted_qty += q;
    accepted_value += v;
  }
  auto ledger = testing::OpenWithFakeDecider(db_.url);
  ASSERT_TRUE(ledger.ok());
  auto b = (*ledger)->Balances("D123456");
  ASSERT_TRUE(b.ok());
  EXPECT_LE(b->front().quantity_used, l.quantity_cap);
  EXPECT_LE(b->front().value_used_minor, l.value_cap.minor);
  EXPECT_EQ(b->front().quantity_used, accepted_qty);
  EXPECT_EQ(b->front().value_used_minor, accepted_value);
  EXPECT_EQ((*ledger)->Entries({})->size(), lines.size());
  EXPECT_LT(lines.size(), std::size_t(kWriters * kAttempts)) << "the caps never bound: the test proves nothing";
  EXPECT_GT(lines.size(), 10u);
  auto report = (*ledger)->VerifyAudit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << ::testing::PrintToString(report->problems);
}

// Threads of one process, each with its own Ledger: on PostgreSQL their single shipments are
// combined into shared transactions, and each must still be checked and answered on its own —
// caps never exceeded, every acknowledged shipment counted once, a key sent twice at once
// recorded once.
TEST_P(LedgerProcessTest, EightConcurrentWriterThreadsNeverExceedTheCaps) {
  Licence l = SampleLicence();
  l.quantity_cap = 1000;
  l.value_cap = Money{1000 * 800000, "USD"};
  ASSERT_TRUE(ledger_->AddLicence(l).ok());

  constexpr int kWriters = 8, kAttempts = 40;
  struct Outcome {
    std::int64_t quantity = 0, value = 0, accepted = 0, replayed = 0, unexpected = 0;
  };
  std::vector<Outcome> outcomes(kWriters);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto ledger = testing::OpenWithFakeDecider(db_.url);
      if (!ledger) {
        ++outcomes[w].unexpected;
        return;
      }
      for (int i = 0; i < kAttempts; ++i) {
        // Writers 2k and 2k+1 send the same keys (the same requests) at the same time.
        ShipmentRequest r = SampleShipment("t" + std::to_string(w / 2) + "-" + std::to_string(i), 5 + (w / 2 * 7 + i * 3) % 20);
        r.unit_price.minor = 100000 + ((w / 2 * 13 + i * 17) % 20) * 100000;
        auto e = (*ledger)->Ship(r);
        if (e && e->replayed) {
          ++outcomes[w].replayed;
        } else if (e) {
          ++outcomes[w].accepted;
          outcomes[w].quantity += r.quantity;
          outcomes[w].value += e->value_minor;
        } else if (e.error().code() != ErrorCode::kRefused) {
          ADD_FAILURE() << "writer " << w << ": " << e.error().ToString();
          ++outcomes[w].unexpected;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  Outcome sum;
  for (const Outcome& o : outcomes) {
    sum.quantity += o.quantity;
    sum.value += o.value;
    sum.accepted += o.accepted;
    sum.replayed += o.replayed;
    sum.unexpected += o.unexpected;
  }
  EXPECT_EQ(sum.unexpected, 0);
  auto b = ledger_->Balances("D123456");
  ASSERT_TRUE(b.ok());
  EXPECT_LE(b->front().quantity_used, l.quantity_cap);
  EXPECT_LE(b->front().value_used_minor, l.value_cap.minor);
  EXPECT_EQ(b->front().quantity_used, sum.quantity);
  EXPECT_EQ(b->front().value_used_minor, sum.value);
  EXPECT_EQ(std::int64_t(ledger_->Entries({})->size()), sum.accepted);
  EXPECT_GT(sum.replayed, 0) << "no key was ever sent twice while recorded";
  EXPECT_LT(sum.accepted, kWriters / 2 * kAttempts) << "the caps never bound: the test proves nothing";
  auto report = ledger_->VerifyAudit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << ::testing::PrintToString(report->problems);
}

TEST_P(LedgerProcessTest, SigkilledWriterLosesNoAcknowledgedShipment) {
  ASSERT_TRUE(ledger_->AddLicence(SampleLicence()).ok());
  ledger_.reset();
  constexpr int kStream = 900;   // below the cap of 1000 units at 1 unit each
  constexpr int kKillAfter = 60;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    auto ledger = testing::OpenWithFakeDecider(db_.url);
    if (!ledger) _exit(2);
    for (int i = 0; i < kStream; ++i) {
      auto e = (*ledger)->Ship(SampleShipment("crash-" + std::to_string(i), 1));
      if (!e) _exit(1);
      std::string ack = std::to_string(i) + "\n";  // acknowledged only after commit
      if (write(fds[1], ack.data(), ack.size()) != ssize_t(ack.size())) _exit(3);
    }
    _exit(0);
  }
  close(fds[1]);
  // Read acknowledgements until kKillAfter have arrived, then kill the writer mid-stream.
  std::set<int> acked;
  std::string buffer;
  char chunk[256];
  while (int(acked.size()) < kKillAfter) {
    ssize_t n = read(fds[0], chunk, sizeof chunk);
    ASSERT_GT(n, 0) << "writer ended early";
    buffer.append(chunk, std::size_t(n));
    std::size_t nl;
    while ((nl = buffer.find('\n')) != std::string::npos) {
      acked.insert(std::stoi(buffer.substr(0, nl)));
      buffer.erase(0, nl + 1);
    }
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer finished before it was killed";
  for (const auto& line : ReadLines(fds[0])) acked.insert(std::stoi(buffer + line)), buffer.clear();
  close(fds[0]);

  auto ledger = testing::OpenWithFakeDecider(db_.url);
  ASSERT_TRUE(ledger.ok());
  auto entries = (*ledger)->Entries({});
  ASSERT_TRUE(entries.ok());
  std::set<std::string> stored;
  for (const auto& e : *entries) stored.insert(e.idempotency_key);
  for (int i : acked) EXPECT_TRUE(stored.count("crash-" + std::to_string(i))) << "acknowledged shipment " << i << " lost";
  // Retry the whole prefix (acknowledged, in flight and never sent) with the same keys.
  int highest = *acked.rbegin();
  int retried = highest + 10;
  for (int i = 0; i < retried; ++i) {
    auto e = (*ledger)->Ship(SampleShipment("crash-" + std::to_string(i), 1));
    ASSERT_TRUE(e.ok()) << e.error().ToString();
    if (acked.count(i)) EXPECT_TRUE(e->replayed);
  }
  auto after = (*ledger)->Entries({});
  EXPECT_EQ(after->size(), std::size_t(retried));
  EXPECT_EQ((*ledger)->Balances("D123456")->front().quantity_used, retried);
  EXPECT_TRUE((*ledger)->VerifyAudit()->ok);
}

// --- The CLI end to end ---

class LedgerCliTest : public LedgerProcessTest {
 protected:
  int Cli(std::vector<std::string> args, std::string* out = nullptr, std::string* err = nullptr) {
    args.insert(args.begin(), EXPORTCTL_CLI_PATH);
    args.push_back("--db");
    args.push_back(db_.url);
    std::string o, e;
    int rc = RunCommand(args, &o, &e);
    if (out) *out = o;
    if (err) *err = e;
    return rc;
  }
  std::int64_t AuditEntries() {
    auto log = ledger_->AuditLog();
    return log.ok() ? std::int64_t(log->size()) : -1;
  }
  void AddLicenceViaCli() {
    std::string err;
    ASSERT_EQ(Cli({"licence", "add", "--number", "D123456", "--holder", "Acme", "--authority", "BIS", "--item",
                   "nvidia-h20", "--destination", "CN", "--consignee", "Example Cloud Ltd", "--quantity-cap", "1000",
                   "--value-cap", "12000000.00", "--currency", "USD", "--valid-from", "2026-01-01", "--valid-to",
                   "2026-12-31", "--revenue-share", "15%"},
                  nullptr, &err),
              0)
        << err;
  }
  std::vector<std::string> Ship(const std::string& key, const std::string& qty, const std::string& date = "2026-02-10") {
    return {"ship", "--key", key, "--licence", "D123456", "--chip", "nvidia-h20", "--destination", "CN",
            "--consignee", "Example Cloud Ltd", "--quantity", qty, "--unit-price", "12000.00", "--currency", "USD",
            "--date", date};
  }
};

TEST_P(LedgerCliTest, ShipsRefusesAndReports) {
  AddLicenceViaCli();
  std::string out, err;
  ASSERT_EQ(Cli(Ship("c1", "600"), &out, &err), 0) << err;
  EXPECT_NE(out.find("remaining 400 units"), std::string::npos) << out;
  std::int64_t before = AuditEntries();
  EXPECT_EQ(Cli(Ship("c2", "600"), &out, &err), 30);
  EXPECT_NE(err.find("refused: quantity 600 exceeds the remaining 400 of licence `D123456`"), std::string::npos) << err;
  EXPECT_EQ(Cli(Ship("c3", "10", "2026-13-01"), &out, &err), 2);
  EXPECT_NE(err.find("invalid date `2026-13-01`"), std::string::npos) << err;
  EXPECT_EQ(Cli(Ship("c4", "10", "2027-01-01"), &out, &err), 30);
  EXPECT_NE(err.find("expired on 2026-12-31"), std::string::npos) << err;
  EXPECT_EQ(AuditEntries(), before) << "a refused shipment wrote something";

  ASSERT_EQ(Cli({"ledger", "report", "balance", "--format", "csv"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("D123456,active,2026-12-31,1000,600,400,USD"), std::string::npos) << out;
  ASSERT_EQ(Cli({"ledger", "report", "revenue-share", "--format", "json"}, &out, &err), 0) << err;
  auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["revenue_share_owed"], "1080000.00");
  ASSERT_EQ(Cli({"audit", "verify"}, &out, &err), 0) << out << err;
  // The one-person-desk setting; the licence's change request, version and decision (approvals
  // off); the engine's decision (recorded once); the shipment.
  EXPECT_NE(out.find("audit log ok: 6 entries"), std::string::npos) << out;
}

// `exportctl ship` decides with the real engine (bundled rules, catalog and lists): a hand-edited
// decision is refused with both outcomes, a hold is refused naming the missing fact, and a licence
// exception must be one the rules offer.
TEST_P(LedgerCliTest, ShipDecidesWithTheEngineAndRefusesAForgedDecision) {
  std::string out, err;
  // H100 to China: 3A090.a, licence required (§742.6(a)(6)); a user edits the decision to "no licence".
  ASSERT_EQ(RunCommand({EXPORTCTL_CLI_PATH, "check", "--chip", "H100", "--to", "CN", "--end-user", "Example Cloud Ltd",
                        "--end-user-hq", "CN", "--as-of", "2026-02-10", "--format", "json", "--db", db_.url},
                       &out, &err),
            10)
      << err;
  auto decision = nlohmann::json::parse(out);
  ASSERT_EQ(decision["outcome"], "license_required");
  decision["outcome"] = "no_license_required";
  const std::string forged = (std::filesystem::temp_directory_path() / ("forged_" + std::to_string(getpid()) + ".json")).string();
  std::ofstream(forged) << decision.dump(2);
  std::vector<std::string> nlr = {"ship", "--key", "f1", "--basis", "no_license_required", "--chip", "H100",
                                  "--destination", "CN", "--consignee", "Example Cloud Ltd", "--quantity", "8",
                                  "--unit-price", "25000.00", "--currency", "USD", "--date", "2026-02-10",
                                  "--decision", forged};
  EXPECT_EQ(Cli(nlr, &out, &err), 30);
  EXPECT_NE(err.find("outcome `no_license_required`) does not match the ledger's own decision"), std::string::npos) << err;
  EXPECT_NE(err.find("outcome `license_required`"), std::string::npos) << err;
  std::filesystem::remove(forged);

  // H20 to the Netherlands with no end-user headquarters: a hold, naming the fact.
  std::vector<std::string> nl = {"ship", "--key", "h1", "--basis", "no_license_required", "--chip", "nvidia-h20",
                                 "--destination", "NL", "--consignee", "Example Labs BV", "--quantity", "4",
                                 "--unit-price", "12000.00", "--currency", "USD", "--date", "2026-02-10"};
  EXPECT_EQ(Cli(nl, &out, &err), 30);
  EXPECT_NE(err.find("is `hold`"), std::string::npos) << err;
  EXPECT_NE(err.find("`end_user_hq` not given"), std::string::npos) << err;
  nl.insert(nl.end(), {"--end-user-hq", "NL"});
  ASSERT_EQ(Cli(nl, &out, &err), 0) << err;

  // RTX 4090 to the UAE: licence exception ACA (§740.8), not LVS.
  std::vector<std::string> ae = {"ship", "--key", "e1", "--basis", "licence_exception", "--exception", "LVS",
                                 "--chip", "RTX 4090", "--destination", "AE", "--consignee", "Gulf Labs",
                                 "--end-user-hq", "AE", "--quantity", "2", "--unit-price", "1600.00", "--currency",
                                 "USD", "--date", "2026-02-10"};
  EXPECT_EQ(Cli(ae, &out, &err), 30);
  EXPECT_NE(err.find("licence exception `LVS` is not among those available (ACA)"), std::string::npos) << err;
  ae[6] = "ACA";
  ASSERT_EQ(Cli(ae, &out, &err), 0) << err;

  // RTX 4090 to China: 3A090.a but not datacenter, so NAC (§740.8) after a 25-day notification.
  ASSERT_EQ(Cli({"nac", "notify", "--confirmation", "Z7654321", "--sent-on", "2026-01-16", "--item", "nvidia-rtx-4090",
                 "--destination", "CN", "--end-user", "Example Cloud Ltd", "--consignee", "Example Cloud Ltd",
                 "--quantity", "100"},
                &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("first export under it on 2026-02-10 (day 25)"), std::string::npos) << out;
  std::vector<std::string> nac = {"ship", "--key", "nac1", "--basis", "licence_exception", "--exception", "NAC",
                                  "--nac-confirmation", "Z7654321", "--chip", "RTX 4090", "--destination", "CN",
                                  "--consignee", "Example Cloud Ltd", "--end-user-hq", "CN", "--quantity", "4",
                                  "--unit-price", "1600.00", "--currency", "USD", "--date", "2026-02-09"};
  EXPECT_EQ(Cli(nac, &out, &err), 30);
  EXPECT_NE(err.find("may not take place before 2026-02-10"), std::string::npos) << err;
  nac.back() = "2026-02-10";
  ASSERT_EQ(Cli(nac, &out, &err), 0) << err;
  ASSERT_EQ(Cli({"nac", "list", "--format", "csv"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("Z7654321,2026-01-16,2026-02-10,notified,CN,Example Cloud Ltd,nvidia-rtx-4090,100,4"), std::string::npos)
      << out;
  ASSERT_EQ(Cli({"audit", "verify"}, &out, &err), 0) << out << err;
}

// A held check asked on the command line is in the decision log; `decisions escalate` hands it to
// counsel (recorded, audited), `decisions escalations` lists it, and the chain still verifies.
TEST_P(LedgerCliTest, AHeldCheckIsEscalatedFromTheCommandLine) {
  std::string out, err;
  ASSERT_EQ(Cli({"check", "--chip", "H100", "--to", "MY", "--end-user", "Cli Escalation Sdn Bhd", "--as-of", "2026-02-10"},
                &out, &err),
            13)
      << out << err;  // exit 13, hold: the end user's headquarters is not given
  ASSERT_EQ(Cli({"decisions", "list", "--party", "cli escalation", "--format", "json"}, &out, &err), 0) << err;
  auto listed = nlohmann::json::parse(out);
  ASSERT_EQ(listed.size(), 1u) << out;
  EXPECT_EQ(listed[0]["outcome"], "hold");
  const std::string seq = std::to_string(listed[0]["seq"].get<long>());
  EXPECT_EQ(Cli({"decisions", "escalate", seq, "--to", "Counsel", "--reason", "x", "--party", "Cli Escalation Sdn Bhd"}, &out, &err), 2)
      << "a hit is named by party and entry together: " << err;
  ASSERT_EQ(Cli({"decisions", "escalate", seq, "--to", "Export counsel", "--reason", "headquarters unknown"}, &out, &err), 0) << err;
  EXPECT_NE(out.find("escalation #1"), std::string::npos) << out;
  ASSERT_EQ(Cli({"decisions", "escalations", "--decision", seq, "--format", "json"}, &out, &err), 0) << err;
  auto escalations = nlohmann::json::parse(out);
  ASSERT_EQ(escalations.size(), 1u) << out;
  EXPECT_EQ(escalations[0]["escalated_to"], "Export counsel");
  EXPECT_EQ(escalations[0]["decision_id"], listed[0]["decision_id"]);
  ASSERT_EQ(Cli({"audit", "verify"}, &out, &err), 0) << out << err;
}

TEST_P(LedgerCliTest, BatchFileShipsInOneTransaction) {
  AddLicenceViaCli();
  std::string path = (std::filesystem::temp_directory_path() / ("batch_" + std::to_string(getpid()) + ".jsonl")).string();
  const std::string row = R"("licence":"D123456","chip":"nvidia-h20","destination":"CN","consignee":"Example Cloud Ltd",)"
                          R"("unit_price":"12000.00","currency":"USD","date":"2026-02-10")";
  std::ofstream(path) << "{\"key\":\"b1\",\"quantity\":600," << row << "}\n"
                      << "{\"key\":\"b2\",\"quantity\":600," << row << "}\n"
                      << "{\"key\":\"b3\",\"quantity\":400," << row << "}\n";
  std::string out, err;
  EXPECT_EQ(Cli({"ship", "--batch", path}, &out, &err), 30) << err;
  EXPECT_NE(out.find(R"("key":"b1","line":1,"status":"accepted")"), std::string::npos) << out;
  EXPECT_NE(out.find("quantity 600 exceeds the remaining 400"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("key":"b3","line":3,"status":"accepted")"), std::string::npos) << out;
  EXPECT_EQ(ledger_->Balances("D123456")->front().quantity_used, 1000);
  std::filesystem::remove(path);
}

TEST_P(LedgerCliTest, AuditVerifyNamesATamperedRow) {
  AddLicenceViaCli();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Cli(Ship("k" + std::to_string(i), "10")), 0);
  ASSERT_EQ(RunSql(db_, "UPDATE entries SET consignee = 'Someone Else' WHERE id = 2"), 0);
  std::string out, err;
  EXPECT_EQ(Cli({"audit", "verify"}, &out, &err), 3);
  // Entries: the setting, the licence's request, version and decision, the engine's decision (the
  // three shipments ask the same question), shipments 1-3.
  EXPECT_NE(out.find("shipment 2 (audit entry 7 (shipment 2)): row differs from its audit record"), std::string::npos)
      << out;
}

TEST_P(LedgerCliTest, LicenceFromTomlFile) {
  std::string path = (std::filesystem::temp_directory_path() / ("licence_" + std::to_string(getpid()) + ".toml")).string();
  std::ofstream(path) << "number = \"H200-7\"\nholder = \"Acme\"\nauthority = \"BIS\"\n"
                         "items = [\"H200\", \"4A090.a\"]\ndestinations = [\"CN\"]\nconsignees = [\"Example Cloud Ltd\"]\n"
                         "quantity_cap = 500\nvalue_cap = \"10000000.00\"\ncurrency = \"USD\"\n"
                         "valid_from = 2026-01-01\nvalid_to = 2026-12-31\n"
                         "[conditions]\nduty = \"25%\"\nvolume_ratio_cap = \"50%\"\n";
  std::string out, err;
  ASSERT_EQ(Cli({"licence", "add", "--file", path}, &out, &err), 0) << err;
  ASSERT_EQ(Cli({"licence", "show", "H200-7", "--format", "json"}, &out, &err), 0) << err;
  auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["conditions"]["duty_bp"], 2500);
  EXPECT_EQ(j["conditions"]["volume_ratio_cap_bp"], 5000);
  EXPECT_EQ(j["valid_from"], "2026-01-01");
  // The alias is recorded as the catalog id, so shipments of the chip match the licence.
  EXPECT_EQ(j["items"], nlohmann::json({"nvidia-h200-sxm", "4A090.a"}));
  std::ofstream(path) << "number = \"X\"\nquantity_cap = -3\n";
  EXPECT_NE(Cli({"licence", "add", "--file", path}, &out, &err), 0);
  // A bad file names the field and its line, and writes nothing.
  const std::string good = "number = \"D-9\"\nholder = \"Acme\"\nauthority = \"BIS\"\nitems = [\"nvidia-h20\"]\n"
                           "destinations = [\"CN\"]\nconsignees = [\"Example Cloud Ltd\"]\nquantity_cap = 5\n"
                           "value_cap = \"100.00\"\ncurrency = \"USD\"\nvalid_from = 2026-01-01\nvalid_to = 2026-12-31\n";
  std::int64_t before = AuditEntries();
  for (auto [from, to, where] : {std::tuple{"currency = \"USD\"", "currency = \"XYZ\"", ":9"},
                                 {"destinations = [\"CN\"]", "destinations = [\"UK\"]", ":5"},
                                 {"items = [\"nvidia-h20\"]", "items = [\"Not A Chip!\"]", ":4"}}) {
    std::string bad = good;
    bad.replace(bad.find(from), std::string(from).size(), to);
    std::ofstream(path) << bad;
    EXPECT_EQ(Cli({"licence", "add", "--file", path}, &out, &err), 2) << bad;
    EXPECT_NE(err.find(path + where), std::string::npos) << err;
  }
  std::ofstream(path) << good;
  std::string with_unknown = good;
  with_unknown.replace(with_unknown.find("nvidia-h20"), 10, "nvidia-h999");
  std::ofstream(path) << with_unknown;
  EXPECT_EQ(Cli({"licence", "add", "--file", path}, &out, &err), 2);
  EXPECT_NE(err.find("unknown chip `nvidia-h999`"), std::string::npos) << err;
  EXPECT_EQ(AuditEntries(), before) << "a refused licence wrote something";
  std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerProcessTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Backends, LedgerCliTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace exportctl::ledger
