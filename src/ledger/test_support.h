// Test helpers shared by the ledger tests: a fresh ledger per test on SQLite (temp file) or
// PostgreSQL (a fresh schema in the database named by EXPORTCTL_TEST_PG_URL), raw SQL through the
// sqlite3 / psql command-line tools (to tamper as an attacker would), and sample data.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "exportctl/ledger.h"

namespace exportctl::ledger::testing {

// A fresh, empty database for one test.
struct TestDb {
  std::string backend;  // "sqlite" or "postgresql"
  std::string url;      // for Ledger::Open and --db
  std::string path;     // sqlite file
  std::string schema;   // postgresql schema
  std::string base_url; // postgresql database URL (without the search_path option)
};

// The PostgreSQL URL, or "" when EXPORTCTL_TEST_PG_URL is unset.
std::string PgUrl();
inline constexpr const char* kPgSkipMessage =
    "EXPORTCTL_TEST_PG_URL is not set: PostgreSQL ledger tests skipped (source scripts/start-postgres.sh)";
TestDb MakeTestDb(const std::string& backend);
// Runs SQL on the test database with sqlite3 or psql; returns the tool's exit code.
int RunSql(const TestDb& db, const std::string& sql);
// Runs a command, capturing stdout and stderr; returns its exit code.
int RunCommand(const std::vector<std::string>& argv, std::string* out, std::string* err);

Licence SampleLicence(const std::string& number = "D123456");
ShipmentRequest SampleShipment(const std::string& key, std::int64_t quantity,
                               const std::string& licence = "D123456");
// A stand-in for the decision engine in the ledger's own tests (the engine's real decisions are
// tested through app::MakeShipmentDecider): the outcome for a destination from `outcomes`
// (else license_required), licence exceptions NAC and ACA offered with license_exception, and a decision
// JSON shaped like `exportctl check --format json`.
inline const std::map<std::string, std::string> kFakeOutcomes = {
    {"US", "no_license_required"}, {"NL", "no_license_required"}, {"AE", "license_exception"},
    {"KP", "prohibited"},          {"IR", "hold"}};
ShipmentDecider FakeDecider(std::map<std::string, std::string> outcomes = kFakeOutcomes);
// A ledger on `url` deciding with FakeDecider(outcomes).
Result<std::unique_ptr<Ledger>> OpenWithFakeDecider(const std::string& url,
                                                    std::map<std::string, std::string> outcomes = kFakeOutcomes);
// Makes `ledger` a one-person desk (approvals off, as the local operator "os:test"), so that
// AddLicence / AmendLicence apply at once: for tests about anything but four eyes.
void UseOnePersonDesk(Ledger& ledger);
// The local operator (`os:NAME`, not authenticated) and a token's user (authenticated).
Actor LocalActor(const std::string& name);
Actor TokenUser(const std::string& name, UserRole role = UserRole::kOfficer);
std::string SampleDecision(const std::string& id, const std::string& outcome, const std::string& chip,
                           const std::string& destination, const std::string& as_of);

}  // namespace exportctl::ledger::testing
