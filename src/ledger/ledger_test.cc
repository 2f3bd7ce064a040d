// Ledger behaviour on both back ends: licences and amendments, shipments and refusals (with
// nothing written), idempotency, compensating entries, decisions, reports, migrations and
// tamper detection through sqlite3 / psql. PostgreSQL cases need EXPORTCTL_TEST_PG_URL.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "exportctl/ledger.h"
#include "ledger/audit_chain.h"
#include "ledger/test_support.h"

namespace exportctl::ledger {
namespace {

using testing::MakeTestDb;
using testing::RunSql;
using testing::SampleDecision;
using testing::SampleLicence;
using testing::SampleShipment;
using testing::TestDb;

class LedgerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql" && testing::PgUrl().empty()) GTEST_SKIP() << testing::kPgSkipMessage;
    db_ = MakeTestDb(GetParam());
    ASSERT_FALSE(db_.url.empty()) << "could not create a test database";
    auto ledger = testing::OpenWithFakeDecider(db_.url);
    ASSERT_TRUE(ledger.ok()) << ledger.error().ToString();
    ledger_ = std::move(*ledger);
    auto applied = ledger_->Migrate();
    ASSERT_TRUE(applied.ok()) << applied.error().ToString();
    testing::UseOnePersonDesk(*ledger_);  // four eyes: four_eyes_test.cc
  }

  void AddSample() {
    auto added = ledger_->AddLicence(SampleLicence());
    ASSERT_TRUE(added.ok()) << added.error().ToString();
  }

  std::int64_t AuditCount() {
    auto log = ledger_->AuditLog();
    EXPECT_TRUE(log.ok());
    return log.ok() ? std::int64_t(log->size()) : -1;
  }

  // Expects the shipment to be refused with `code` and a message containing `why`, and the
  // ledger and its audit log to be unchanged.
  void ExpectRefused(const ShipmentRequest& r, ErrorCode code, const std::string& why) {
    std::int64_t before = AuditCount();
    auto entries_before = ledger_->Entries({});
    auto e = ledger_->Ship(r);
    ASSERT_FALSE(e.ok()) << "shipment " << r.idempotency_key << " was accepted";
    EXPECT_EQ(e.error().code(), code) << e.error().message();
    EXPECT_NE(e.error().message().find(why), std::string::npos) << e.error().message();
    EXPECT_EQ(AuditCount(), before);
    EXPECT_EQ(ledger_->Entries({})->size(), entries_before->size());
  }

  TestDb db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_P(LedgerTest, MigrateIsIdempotent) {
  EXPECT_EQ(*ledger_->SchemaVersion(), LatestLedgerSchemaVersion());
  auto again = ledger_->Migrate();
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

TEST_P(LedgerTest, AddShowAmendKeepsHistory) {
  AddSample();
  auto dup = ledger_->AddLicence(SampleLicence());
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);

  Licence changed = SampleLicence();
  changed.quantity_cap = 2000;
  auto amended = ledger_->AmendLicence(changed, "BIS amendment 1: cap raised");
  ASSERT_TRUE(amended.ok()) << amended.error().ToString();
  EXPECT_EQ(amended->version, 2);
  auto latest = ledger_->GetLicence("D123456");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->quantity_cap, 2000);
  EXPECT_EQ(latest->amendment_reason, "BIS amendment 1: cap raised");
  auto history = ledger_->LicenceHistory("D123456");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].quantity_cap, 1000);
  EXPECT_EQ(ledger_->ListLicences()->size(), 1u);
  // The one-person-desk setting, then per licence change its request, version and decision.
  EXPECT_EQ(AuditCount(), 1 + 3 + 3);
  EXPECT_EQ(ledger_->GetLicence("NOPE").error().code(), ErrorCode::kNotFound);
}

TEST_P(LedgerTest, AmendmentCannotCutCapBelowShipped) {
  AddSample();
  ASSERT_TRUE(ledger_->Ship(SampleShipment("k1", 300)).ok());
  Licence changed = SampleLicence();
  changed.quantity_cap = 200;
  auto amended = ledger_->AmendLicence(changed, "cut");
  ASSERT_FALSE(amended.ok());
  EXPECT_EQ(amended.error().code(), ErrorCode::kRefused);
  EXPECT_NE(amended.error().message().find("below the 300 already shipped"), std::string::npos);
}

TEST_P(LedgerTest, ShipmentsDrawDownTheBalance) {
  AddSample();
  auto e = ledger_->Ship(SampleShipment("k1", 400));
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->id, 1);
  EXPECT_EQ(e->value_minor, 400 * 1200000);
  EXPECT_EQ(e->licence_version, 1);
  ASSERT_TRUE(ledger_->Ship(SampleShipment("k2", 200)).ok());
  auto b = ledger_->Balances("D123456");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ(b->front().quantity_used, 600);
  EXPECT_EQ(b->front().quantity_remaining, 400);
  EXPECT_EQ(b->front().value_remaining_minor, 400 * 1200000);
}

TEST_P(LedgerTest, RefusesBadShipmentsWithClearReasonsAndWritesNothing) {
  AddSample();
  ASSERT_TRUE(ledger_->Ship(SampleShipment("base", 600)).ok());

  ExpectRefused(SampleShipment("a", 10, "D999999"), ErrorCode::kRefused, "unknown licence `D999999`");
  auto r = SampleShipment("b", 10);
  r.ship_date = *Date::Parse("2027-01-05");
  ExpectRefused(r, ErrorCode::kRefused, "licence `D123456` expired on 2026-12-31");
  r = SampleShipment("c", 10);
  r.ship_date = *Date::Parse("2025-12-31");
  ExpectRefused(r, ErrorCode::kRefused, "not valid before 2026-01-01");
  r = SampleShipment("d", 10);
  r.destination = "RU";
  ExpectRefused(r, ErrorCode::kRefused, "does not cover destination `RU`");
  r = SampleShipment("e", 10);
  r.consignee = "Somebody Else";
  ExpectRefused(r, ErrorCode::kRefused, "consignee `Somebody Else` is not named on licence `D123456`");
  ExpectRefused(SampleShipment("f", 600), ErrorCode::kRefused,
                "refused: quantity 600 exceeds the remaining 400 of licence `D123456`");
  r = SampleShipment("g", 100);
  r.unit_price.minor = 5000000;
  ExpectRefused(r, ErrorCode::kRefused, "value USD 5,000,000.00 exceeds the remaining USD 4,800,000.00");
  r = SampleShipment("h", 10);
  r.unit_price.currency = "EUR";
  ExpectRefused(r, ErrorCode::kRefused, "currency `EUR` does not match the USD of licence `D123456`");
  r = SampleShipment("i", 10);
  r.chip = "nvidia-h100";
  ExpectRefused(r, ErrorCode::kRefused, "does not cover item `nvidia-h100`");
  r = SampleShipment("j", 0);
  ExpectRefused(r, ErrorCode::kInvalidArgument, "invalid quantity 0");
  r = SampleShipment("k", 10);
  r.ship_date = Date();
  ExpectRefused(r, ErrorCode::kInvalidArgument, "ship date");
  r = SampleShipment("l", 10);
  r.unit_price.currency = "US";
  ExpectRefused(r, ErrorCode::kInvalidArgument, "invalid currency `US`");

  Licence suspended = SampleLicence();
  suspended.status = LicenceStatus::kSuspended;
  ASSERT_TRUE(ledger_->AmendLicence(suspended, "suspended by BIS").ok());
  ExpectRefused(SampleShipment("m", 10), ErrorCode::kRefused, "licence `D123456` is suspended");
}

TEST_P(LedgerTest, IdempotencyKeyNeverCountsTwice) {
  AddSample();
  auto first = ledger_->Ship(SampleShipment("same", 100));
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->replayed);
  auto again = ledger_->Ship(SampleShipment("same", 100));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(ledger_->Balances("D123456")->front().quantity_used, 100);
  auto different = ledger_->Ship(SampleShipment("same", 101));
  ASSERT_FALSE(different.ok());
  EXPECT_EQ(different.error().code(), ErrorCode::kConflict);
  EXPECT_NE(different.error().message().find("idempotency key `same`"), std::string::npos);
}

// The PostgreSQL path hashes the audit chain inside the server; non-ASCII and quoted names must
// chain to the same bytes as the verifier computes (lengths are UTF-8 byte counts).
TEST_P(LedgerTest, NamesInAnyScriptChainAndVerify) {
  Licence l = SampleLicence();
  l.consignees = {"华为技术有限公司", "O'Brien \"Labs\" \\ Ltd"};
  ASSERT_TRUE(ledger_->AddLicence(l).ok());
  auto r = SampleShipment("u1", 5);
  r.consignee = "华为技术有限公司";
  auto first = ledger_->Ship(r);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  r = SampleShipment("u2", 7);
  r.consignee = "O'Brien \"Labs\" \\ Ltd";
  ASSERT_TRUE(ledger_->Ship(r).ok());
  auto entries = ledger_->Entries({});
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ(entries->front().consignee, "华为技术有限公司");
  auto report = ledger_->VerifyAudit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << (report->problems.empty() ? "" : report->problems.front());
}

namespace {
DecisionLogEntry LogEntry(const std::string& id, const std::string& party, const std::string& outcome) {
  DecisionLogEntry e;
  e.actor = "os:alice";
  e.channel = "cli";
  e.kind = "check";
  e.decision_id = id;
  e.outcome = outcome;
  e.as_of = "2026-02-10";
  e.chip = "nvidia-h20";
  e.destination = "CN";
  e.party = party;
  e.ruleset = "exportctl-bundled 2026-12-02.1 abc";
  e.lists = R"([{"id":"sdn","version":"v1","sha256":"00"}])";
  e.body = R"({"outcome":")" + outcome + R"("})";
  return e;
}
}  // namespace

// The decision log: appended in order with its own chain, filtered, paged; an edit, a deletion or
// an insertion behind the ledger's back is named by VerifyAudit.
TEST_P(LedgerTest, DecisionLogAppendsFiltersAndIsTamperEvident) {
  std::vector<DecisionLogEntry> batch = {LogEntry("dec_1", "Example Cloud Ltd", "license_required"),
                                         LogEntry("dec_2", "华为技术有限公司", "prohibited"),
                                         LogEntry("dec_3", "O'Brien 100% Labs_", "hold")};
  ASSERT_TRUE(ledger_->AppendDecisionLog(batch).ok());
  EXPECT_EQ(batch[2].seq, 3);
  EXPECT_EQ(batch[1].prev_hash, batch[0].hash);
  // The chain's definition, written out independently (ledgers made by earlier releases keep
  // verifying): the entry as a compact JSON object with sorted keys, hashed as an audit entry.
  for (const DecisionLogEntry& e : batch) {
    const std::string payload = nlohmann::json{{"actor", e.actor}, {"channel", e.channel}, {"kind", e.kind}, {"decision_id", e.decision_id},
                                               {"outcome", e.outcome}, {"as_of", e.as_of}, {"chip", e.chip}, {"destination", e.destination},
                                               {"party", e.party}, {"ruleset", e.ruleset}, {"lists", e.lists}, {"body", e.body}}
                                    .dump();
    EXPECT_EQ(e.hash, ledger::AuditEntryHash({e.seq, e.recorded_at, "decision_log", e.decision_id, payload, e.prev_hash, ""}));
  }
  std::vector<DecisionLogEntry> more = {LogEntry("dec_4", "Example Labs", "no_license_required")};
  more[0].kind = "screen";
  ASSERT_TRUE(ledger_->AppendDecisionLog(more).ok());
  EXPECT_EQ(more[0].seq, 4);
  EXPECT_EQ(more[0].prev_hash, batch[2].hash);

  auto all = ledger_->DecisionLog({});
  ASSERT_TRUE(all.ok()) << all.error().ToString();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[1].party, "华为技术有限公司");
  EXPECT_EQ((*all)[0].actor, "os:alice");
  DecisionLogFilter f;
  f.party = "example";
  EXPECT_EQ(ledger_->DecisionLog(f)->size(), 2u);
  f.party = "100% labs_";  // LIKE wildcards are literal
  ASSERT_EQ(ledger_->DecisionLog(f)->size(), 1u);
  f.party = "0% L";
  EXPECT_EQ(ledger_->DecisionLog(f)->size(), 1u);
  f.party = "_";
  EXPECT_EQ(ledger_->DecisionLog(f)->size(), 1u);
  f = {};
  f.outcome = "prohibited";
  EXPECT_EQ(ledger_->DecisionLog(f)->front().decision_id, "dec_2");
  f = {};
  f.kind = "screen";
  EXPECT_EQ(ledger_->DecisionLog(f)->size(), 1u);
  f = {};
  f.after_seq = 1;
  f.limit = 2;
  auto page = ledger_->DecisionLog(f);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ(page->front().seq, 2);
  f = {};
  f.to = *Date::Parse("2000-01-01");
  EXPECT_TRUE(ledger_->DecisionLog(f)->empty());
  EXPECT_EQ(ledger_->DecisionLogEntryAt(3)->decision_id, "dec_3");
  EXPECT_EQ(ledger_->DecisionLogEntryAt(9).error().code(), ErrorCode::kNotFound);
  auto ok = ledger_->VerifyAudit();
  ASSERT_TRUE(ok->ok);
  EXPECT_EQ(ok->decision_log_entries, 4);

  auto problems = [&] {
    auto report = ledger_->VerifyAudit();
    EXPECT_TRUE(report.ok());
    std::string all_problems;
    for (const auto& p : report->problems) all_problems += p + "\n";
    return all_problems;
  };
  // An outcome edited in place.
  ASSERT_EQ(RunSql(db_, "UPDATE decision_log SET outcome = 'no_license_required' WHERE seq = 2"), 0);
  EXPECT_NE(problems().find("decision log entry 2 (check `dec_2`): content does not match its hash (edited)"),
            std::string::npos)
      << problems();
  ASSERT_EQ(RunSql(db_, "UPDATE decision_log SET outcome = 'prohibited' WHERE seq = 2"), 0);
  EXPECT_EQ(problems(), "");
  // An entry deleted.
  ASSERT_EQ(RunSql(db_, "DELETE FROM decision_log WHERE seq = 3"), 0);
  EXPECT_NE(problems().find("decision log entry 3 is missing (deleted)"), std::string::npos) << problems();
}

std::string g_clock;  // the ledger clock of the retention test
std::string TestClock() { return g_clock; }

// Part 762 retention: entries older than five years go only when no export event within those
// five years refers to their decision; the purge is audited and the chain still verifies.
TEST_P(LedgerTest, DecisionLogIsPurgedOnlyPastRetentionAndStillVerifies) {
  LedgerOptions options;
  options.clock = TestClock;
  options.decider = testing::FakeDecider();
  auto opened = Ledger::Open(db_.url, options);
  ASSERT_TRUE(opened.ok());
  Ledger& ledger = **opened;
  ledger.SetActor(testing::LocalActor("records"));
  g_clock = "2020-01-15T10:00:00Z";
  std::vector<DecisionLogEntry> old = {LogEntry("dec_a", "Example Labs", "no_license_required"),
                                       LogEntry("dec_b", "Example Labs", "hold"),
                                       LogEntry("fake-nvidia-h20-US-2021-06-01-10", "Example Labs", "no_license_required")};
  ASSERT_TRUE(ledger.AppendDecisionLog(old).ok());
  g_clock = "2021-06-01T09:00:00Z";  // the third decision is relied on by an export on 2021-06-01
  auto r = SampleShipment("retained", 10, "");
  r.basis = ShipmentBasis::kNoLicenceRequired;
  r.destination = "US";
  r.ship_date = *Date::Parse("2021-06-01");
  auto shipped = ledger.Ship(r);
  ASSERT_TRUE(shipped.ok()) << shipped.error().ToString();
  ASSERT_EQ(shipped->decision_id, old[2].decision_id);
  g_clock = "2026-03-01T08:00:00Z";
  std::vector<DecisionLogEntry> recent = {LogEntry("dec_d", "Example Labs", "license_required")};
  ASSERT_TRUE(ledger.AppendDecisionLog(recent).ok());

  ledger.SetActor(testing::TokenUser("officer-olga"));
  EXPECT_EQ(ledger.PurgeDecisionLog().error().code(), ErrorCode::kForbidden);
  ledger.SetActor(testing::TokenUser("root", UserRole::kAdmin));
  auto purged = ledger.PurgeDecisionLog();
  ASSERT_TRUE(purged.ok()) << purged.error().ToString();
  EXPECT_EQ(purged->cutoff, "2021-03-01");
  EXPECT_EQ(purged->through_seq, 2);  // the third is tied to the 2021-06-01 export: kept, and all after it
  EXPECT_EQ(purged->entries, 2);
  auto left = ledger.DecisionLog({});
  ASSERT_EQ(left->size(), 2u);
  EXPECT_EQ((*left)[0].seq, 3);
  auto report = ledger.VerifyAudit();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << ::testing::PrintToString(report->problems);

  // Once the export is five years old too, its decision goes; the recent one stays.
  g_clock = "2026-07-01T08:00:00Z";
  purged = ledger.PurgeDecisionLog();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(purged->through_seq, 3);
  EXPECT_EQ(ledger.PurgeDecisionLog()->entries, 0);  // nothing more is past retention
  std::vector<DecisionLogEntry> next = {LogEntry("dec_e", "Example Labs", "hold")};
  ASSERT_TRUE(ledger.AppendDecisionLog(next).ok());
  EXPECT_EQ(next[0].seq, 5);
  report = ledger.VerifyAudit();
  EXPECT_TRUE(report->ok) << ::testing::PrintToString(report->problems);
  bool audited = false;
  const auto log = ledger.AuditLog();
  for (const AuditEntry& a : *log) audited |= a.kind == "decision_log_purge" && a.actor == "root";
  for (const AuditEntry& a : *log) audited |= a.kind == "decision_log_purge" && a.actor == "root";
  EXPECT_TRUE(audited);

  // A purge record removed behind the ledger's back is found.
  ASSERT_EQ(RunSql(db_, "DELETE FROM decision_log_purges WHERE through_seq = 3"), 0);
  report = ledger.VerifyAudit();
  EXPECT_FALSE(report->ok);
}

// A second writer amends the licence after this one has read (and, on PostgreSQL, cached) it:
// the next shipment is checked against the amendment, never the stale version.
TEST_P(LedgerTest, ShipmentsSeeAnAmendmentMadeByAnotherWriter) {
  AddSample();
  ASSERT_TRUE(ledger_->Ship(SampleShipment("before", 100)).ok());
  auto other = testing::OpenWithFakeDecider(db_.url);
  ASSERT_TRUE(other.ok());
  (*other)->SetActor(testing::LocalActor("other"));
  Licence narrowed = SampleLicence();
  narrowed.consignees = {"Example Labs"};
  narrowed.quantity_cap = 150;
  ASSERT_TRUE((*other)->AmendLicence(narrowed, "consignee withdrawn").ok());
  ExpectRefused(SampleShipment("after", 10), ErrorCode::kRefused,
                "consignee `Example Cloud Ltd` is not named on licence `D123456`");
  // The other writer's shipments count against the cap this one checks.
  auto labs = SampleShipment("other-writer", 20);
  labs.consignee = "Example Labs";
  ASSERT_TRUE((*other)->Ship(labs).ok());
  labs.idempotency_key = "after-labs";
  labs.quantity = 31;
  ExpectRefused(labs, ErrorCode::kRefused, "quantity 31 exceeds the remaining 30");
  labs.quantity = 30;
  auto e = ledger_->Ship(labs);
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->licence_version, 2);
  EXPECT_EQ(ledger_->Balances("D123456")->front().quantity_remaining, 0);
  EXPECT_TRUE(ledger_->VerifyAudit()->ok);
}

TEST_P(LedgerTest, BatchCommitsAcceptedAndSkipsRefused) {
  AddSample();
  std::vector<ShipmentRequest> batch = {SampleShipment("b1", 400), SampleShipment("b2", 700),
                                        SampleShipment("b3", 600), SampleShipment("b1", 400),
                                        SampleShipment("b4", 1)};
  batch[4].destination = "RU";
  auto results = ledger_->ShipBatch(batch);
  ASSERT_TRUE(results.ok()) << results.error().ToString();
  ASSERT_EQ(results->size(), 5u);
  EXPECT_TRUE((*results)[0].ok());
  ASSERT_FALSE((*results)[1].ok());
  EXPECT_NE((*results)[1].error().message().find("quantity 700 exceeds the remaining 600"), std::string::npos);
  EXPECT_TRUE((*results)[2].ok());
  ASSERT_TRUE((*results)[3].ok());
  EXPECT_TRUE((*results)[3]->replayed);
  EXPECT_FALSE((*results)[4].ok());
  EXPECT_EQ(ledger_->Balances("D123456")->front().quantity_used, 1000);
  EXPECT_EQ(ledger_->Entries({})->size(), 2u);
  auto report = ledger_->VerifyAudit();
  EXPECT_TRUE(report->ok) << ::testing::PrintToString(report->problems);
}

TEST_P(LedgerTest, CancellationsAndReturnsAreCompensatingEntries) {
  AddSample();
  auto s = ledger_->Ship(SampleShipment("s1", 500));
  ASSERT_TRUE(s.ok());
  CompensationRequest ret{"r1", EntryKind::kReturn, s->id, 100, *Date::Parse("2026-03-01"), "damaged"};
  auto r = ledger_->Compensate(ret);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->quantity, -100);
  EXPECT_EQ(r->refers_to, s->id);
  EXPECT_EQ(ledger_->Balances("D123456")->front().quantity_used, 400);
  CompensationRequest too_much{"r2", EntryKind::kReturn, s->id, 401, *Date::Parse("2026-03-01"), ""};
  auto over = ledger_->Compensate(too_much);
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.error().message().find("return quantity 401 exceeds the 400 still shipped"), std::string::npos);
  CompensationRequest cancel{"c1", EntryKind::kCancellation, s->id, 0, *Date::Parse("2026-03-02"), "order cancelled"};
  auto c = ledger_->Compensate(cancel);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->quantity, -400);
  EXPECT_EQ(ledger_->Balances("D123456")->front().quantity_used, 0);
  EXPECT_EQ(ledger_->Balances("D123456")->front().value_used_minor, 0);
  CompensationRequest again{"c2", EntryKind::kCancellation, s->id, 0, *Date::Parse("2026-03-02"), ""};
  EXPECT_NE(ledger_->Compensate(again).error().message().find("already fully cancelled"), std::string::npos);
  CompensationRequest unknown{"c3", EntryKind::kCancellation, 999, 0, *Date::Parse("2026-03-02"), ""};
  auto missing = ledger_->Compensate(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message(), "unknown shipment 999");
  // The original shipment row is untouched: three entries, the first still +500.
  auto entries = ledger_->Entries({});
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ(entries->front().quantity, 500);
  EXPECT_TRUE(ledger_->VerifyAudit()->ok);
}

// The ledger decides each shipment itself; a decision the client sends is only a claim.
TEST_P(LedgerTest, TheLedgerDecidesAndAClaimIsOnlyCompared) {
  // No licence needed (the engine says so for NL): recorded with the engine's decision, no claim.
  auto r = SampleShipment("n1", 10, "");
  r.basis = ShipmentBasis::kNoLicenceRequired;
  r.destination = "NL";
  auto e = ledger_->Ship(r);
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->decision_id, "fake-nvidia-h20-NL-2026-02-10-10");
  auto log = ledger_->AuditLog();
  ASSERT_EQ(log->size(), 3u);  // the one-person-desk setting, the decision, the shipment
  EXPECT_EQ((*log)[1].kind, "decision");
  EXPECT_NE((*log)[1].payload.find("fake-nvidia-h20-NL-2026-02-10-10"), std::string::npos);

  // A forged claim: the client says "no licence required" where the engine says a licence is needed.
  r = SampleShipment("n2", 10, "");
  r.basis = ShipmentBasis::kNoLicenceRequired;
  r.destination = "CN";
  r.decision_json = SampleDecision("dec-forged", "no_license_required", "nvidia-h20", "CN", "2026-02-10");
  ExpectRefused(r, ErrorCode::kRefused,
                "the decision sent (`dec-forged`, outcome `no_license_required`) does not match the ledger's own "
                "decision (`fake-nvidia-h20-CN-2026-02-10-10`, outcome `license_required`");
  r.decision_json.clear();
  ExpectRefused(r, ErrorCode::kRefused, "a licence is required (ship under basis `license`)");
  // A claim for another shipment is refused before anything is decided.
  r.destination = "NL";
  r.decision_json = SampleDecision("dec-1", "no_license_required", "nvidia-h20", "DE", "2026-02-10");
  ExpectRefused(r, ErrorCode::kRefused, "is for destination `DE`, not `NL`");
  r.decision_json = SampleDecision("dec-1", "no_license_required", "nvidia-h20", "NL", "2026-02-09");
  ExpectRefused(r, ErrorCode::kRefused, "was made as of 2026-02-09, not the ship date 2026-02-10");
  // A matching claim is accepted, but the record is the ledger's own decision.
  r.decision_json = SampleDecision("dec-client", "no_license_required", "nvidia-h20", "NL", "2026-02-10");
  e = ledger_->Ship(r);
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->decision_id, "fake-nvidia-h20-NL-2026-02-10-10");

  // Prohibited and hold are refused whatever the basis, licence or not.
  AddSample();
  auto kp = SampleShipment("kp", 1);
  kp.destination = "KP";
  ExpectRefused(kp, ErrorCode::kRefused, "is `prohibited`: no shipment may be recorded");
  auto ir = SampleShipment("ir", 1, "");
  ir.basis = ShipmentBasis::kNoLicenceRequired;
  ir.destination = "IR";
  ExpectRefused(ir, ErrorCode::kRefused, "is `hold`: a fact is missing");

  // A licence exception must be one the decision offers, named.
  auto ae = SampleShipment("ae", 1, "");
  ae.basis = ShipmentBasis::kLicenceException;
  ae.destination = "AE";
  ExpectRefused(ae, ErrorCode::kInvalidArgument, "names the exception");
  ae.licence_exception = "LVS";
  ExpectRefused(ae, ErrorCode::kRefused, "licence exception `LVS` is not among those available (NAC, ACA)");
  ae.licence_exception = "aca";
  e = ledger_->Ship(ae);
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->basis, ShipmentBasis::kLicenceException);
  EXPECT_TRUE(ledger_->VerifyAudit()->ok);
}

// An idempotent retry of a recorded shipment replays it even when the engine would now refuse the
// request (a list was updated, a rule changed): the client learns what was recorded.
TEST_P(LedgerTest, ARetryReplaysEvenWhenTheEngineNowSaysOtherwise) {
  auto r = SampleShipment("retry", 3, "");
  r.basis = ShipmentBasis::kNoLicenceRequired;
  r.destination = "NL";
  auto first = ledger_->Ship(r);
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  auto stricter = testing::OpenWithFakeDecider(db_.url, {{"NL", "hold"}});
  ASSERT_TRUE(stricter.ok());
  auto again = (*stricter)->Ship(r);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->id, first->id);
  auto batch = (*stricter)->ShipBatch({r});
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE((*batch)[0].ok()) << (*batch)[0].error().ToString();
  EXPECT_TRUE((*batch)[0]->replayed);
  r.quantity = 4;  // same key, other content
  EXPECT_EQ((*stricter)->Ship(r).error().code(), ErrorCode::kConflict);
  r.idempotency_key = "retry-2";  // a new shipment is decided as of now
  auto refused = (*stricter)->Ship(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("is `hold`"), std::string::npos) << refused.error().message();
  EXPECT_EQ(ledger_->Entries({})->size(), 1u);
}

// Without a decision engine the ledger records no shipment at all.
TEST_P(LedgerTest, ALedgerWithoutADeciderRefusesShipments) {
  AddSample();
  auto bare = Ledger::Open(db_.url);
  ASSERT_TRUE(bare.ok());
  auto e = (*bare)->Ship(SampleShipment("bare", 1));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code(), ErrorCode::kRefused);
  EXPECT_NE(e.error().message().find("without a decision engine"), std::string::npos);
  EXPECT_TRUE((*ledger_->Entries({})).empty());
}

TEST_P(LedgerTest, RevenueShareAndDutyPerQuarter) {
  AddSample();
  auto r = SampleShipment("q1", 10);  // 2026-02-10: Q1, USD 120,000.00
  ASSERT_TRUE(ledger_->Ship(r).ok());
  r = SampleShipment("q2", 5);
  r.ship_date = *Date::Parse("2026-04-01");
  r.unit_price.minor = 1000001;  // USD 10,000.01
  ASSERT_TRUE(ledger_->Ship(r).ok());
  auto rows = ledger_->RevenueShare("D123456");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].quarter, "2026Q1");
  EXPECT_EQ((*rows)[0].revenue_minor, 12000000);
  EXPECT_EQ((*rows)[0].revenue_share_owed_minor, 1800000);
  EXPECT_EQ((*rows)[1].quarter, "2026Q2");
  EXPECT_EQ((*rows)[1].revenue_minor, 5000005);
  EXPECT_EQ((*rows)[1].revenue_share_owed_minor, 750001);  // 750000.75 rounds to 750001
}

// The H200 licence's conditions (regulation.md §5): China volume at most 50% of the US volume of the
// same items, enforced per quarter; the 25% Section 232 duty owed on the US import value, not on
// the China sale price.
TEST_P(LedgerTest, VolumeCapIsEnforcedAndTheDutyIsOnTheUsImportValue) {
  Licence h200 = SampleLicence("H200-1");
  h200.items = {"nvidia-h200-sxm"};
  h200.conditions = {};
  h200.conditions.duty_bp = 2500;
  h200.conditions.volume_ratio_cap_bp = 5000;
  ASSERT_TRUE(ledger_->AddLicence(h200).ok());
  auto us = SampleShipment("us1", 100, "");
  us.basis = ShipmentBasis::kNoLicenceRequired;
  us.chip = "nvidia-h200-sxm";
  us.destination = "US";
  ASSERT_TRUE(ledger_->Ship(us).ok());
  auto cn = SampleShipment("cn1", 50, "H200-1");
  cn.chip = "nvidia-h200-sxm";
  ExpectRefused(cn, ErrorCode::kRefused, "carries a 25% duty on the US import value (Section 232)");
  cn.us_import_value = Money{50 * 1000000, "USD"};  // USD 10,000.00 a unit declared on import; sold at 12,000.00
  auto shipped = ledger_->Ship(cn);
  ASSERT_TRUE(shipped.ok()) << shipped.error().ToString();
  EXPECT_EQ(shipped->us_import_value_minor, 50000000);
  auto rows = ledger_->VolumeRatio("H200-1");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].licensed_quantity, 50);
  EXPECT_EQ((*rows)[0].reference_quantity, 100);
  EXPECT_EQ((*rows)[0].ratio_bp, 5000);
  EXPECT_TRUE((*rows)[0].compliant);
  // One more unit would take 2026Q1 to 51 of 100: refused, nothing written.
  cn.idempotency_key = "cn2";
  cn.quantity = 1;
  cn.us_import_value = Money{1000000, "USD"};
  ExpectRefused(cn, ErrorCode::kRefused,
                "licence `H200-1` caps its 2026Q1 volume at 50% of the US volume of the same items (100 units): 50 "
                "shipped under it, 1 more would make 51");
  EXPECT_TRUE(ledger_->VolumeRatio("H200-1")->front().compliant);
  // More US volume makes room, in the same batch too.
  auto us2 = us;
  us2.idempotency_key = "us2";
  us2.quantity = 2;
  auto batch = ledger_->ShipBatch({us2, cn});
  ASSERT_TRUE(batch.ok());
  ASSERT_TRUE((*batch)[1].ok()) << (*batch)[1].error().ToString();
  // Another quarter starts from zero.
  cn.idempotency_key = "cn3";
  cn.ship_date = *Date::Parse("2026-04-01");
  ExpectRefused(cn, ErrorCode::kRefused, "2026Q2 volume at 50% of the US volume of the same items (0 units)");

  // Duty: 25% of the import value (50 + 1 units at 10,000.00), never of the sale price.
  auto owed = ledger_->RevenueShare("H200-1");
  ASSERT_TRUE(owed.ok());
  ASSERT_EQ(owed->size(), 1u);
  EXPECT_EQ(owed->front().revenue_minor, 51 * 1200000);
  EXPECT_EQ(owed->front().us_import_value_minor, 51 * 1000000);
  EXPECT_EQ(owed->front().duty_owed_minor, 51 * 250000);
  // A return undoes its units' share of the import value.
  ASSERT_TRUE(ledger_->Compensate({"ret-1", EntryKind::kReturn, shipped->id, 10, *Date::Parse("2026-03-01"), "rma"}).ok());
  EXPECT_EQ(ledger_->RevenueShare("H200-1")->front().duty_owed_minor, 41 * 250000);
  EXPECT_TRUE(ledger_->VerifyAudit()->ok);
}

// An amendment's conditions apply to shipments recorded under it; quarters already reported keep
// their figures.
TEST_P(LedgerTest, AnAmendedRevenueShareLeavesPastQuartersAlone) {
  AddSample();
  ASSERT_TRUE(ledger_->Ship(SampleShipment("q3", 10)).ok());  // 2026Q1 at 15%: USD 120,000.00 revenue
  Licence amended = SampleLicence();
  amended.conditions.revenue_share_bp = 2000;
  ASSERT_TRUE(ledger_->AmendLicence(amended, "share raised to 20%").ok());
  auto later = SampleShipment("q4", 10);
  later.ship_date = *Date::Parse("2026-04-02");
  ASSERT_TRUE(ledger_->Ship(later).ok());
  auto rows = ledger_->RevenueShare("D123456");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].quarter, "2026Q1");
  EXPECT_EQ((*rows)[0].revenue_share_bp, 1500);
  EXPECT_EQ((*rows)[0].revenue_share_owed_minor, 1800000);
  EXPECT_EQ((*rows)[1].quarter, "2026Q2");
  EXPECT_EQ((*rows)[1].revenue_share_bp, 2000);
  EXPECT_EQ((*rows)[1].revenue_share_owed_minor, 2400000);
}

TEST_P(LedgerTest, ShipmentReportFiltersByPartyAndDate) {
  AddSample();
  auto r = SampleShipment("p1", 1);
  ASSERT_TRUE(ledger_->Ship(r).ok());
  r = SampleShipment("p2", 2);
  r.consignee = "Example Labs";
  r.ship_date = *Date::Parse("2026-05-01");
  ASSERT_TRUE(ledger_->Ship(r).ok());
  EntryFilter f;
  f.party = "example labs";
  auto rows = ledger_->Entries(f);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().idempotency_key, "p2");
  f = {};
  f.to = *Date::Parse("2026-03-01");
  rows = ledger_->Entries(f);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().idempotency_key, "p1");
}

// §740.8(c): a NAC shipment waits 25 days after the notification, stops at an objection, and stays
// within the notification's items, consignee and quantity; the confirmation is on the record.
TEST_P(LedgerTest, NacShipmentsWaitTwentyFiveDaysAndStopAtAnObjection) {
  NacNotification n;
  n.confirmation = "Z1234567";
  n.sent_on = *Date::Parse("2026-01-16");  // day 25: 2026-02-10
  n.items = {"nvidia-h20"};
  n.destination = "ae";
  n.end_user = "Gulf Labs";
  n.consignee = "Example Cloud Ltd";
  n.quantity = 15;
  auto recorded = ledger_->RecordNacNotification(n);
  ASSERT_TRUE(recorded.ok()) << recorded.error().ToString();
  EXPECT_EQ(recorded->destination, "AE");
  EXPECT_EQ(ledger_->RecordNacNotification(n).error().code(), ErrorCode::kConflict);
  NacNotification bad = n;
  bad.confirmation = "Z2";
  bad.items = {"a", "b", "c", "d", "e", "f", "g"};
  bad.quantity = 0;
  EXPECT_EQ(ledger_->RecordNacNotification(bad).error().details().size(), 2u);

  auto r = SampleShipment("nac-1", 10, "");
  r.basis = ShipmentBasis::kLicenceException;
  r.licence_exception = "NAC";
  r.destination = "AE";
  ExpectRefused(r, ErrorCode::kInvalidArgument, "names its notification's confirmation number");
  r.nac_confirmation = "Z9999999";
  ExpectRefused(r, ErrorCode::kRefused, "no NAC notification `Z9999999` is recorded");
  r.nac_confirmation = "Z1234567";
  r.ship_date = *Date::Parse("2026-02-09");  // day 24
  ExpectRefused(r, ErrorCode::kRefused, "may not take place before 2026-02-10 (day 25");
  r.ship_date = *Date::Parse("2026-02-10");  // day 25
  r.consignee = "Someone Else";
  ExpectRefused(r, ErrorCode::kRefused, "names consignee `Example Cloud Ltd`, not `Someone Else`");
  r.consignee = "Example Cloud Ltd";
  auto e = ledger_->Ship(r);
  ASSERT_TRUE(e.ok()) << e.error().ToString();
  EXPECT_EQ(e->nac_confirmation, "Z1234567");
  EXPECT_EQ(ledger_->Entries({})->front().nac_confirmation, "Z1234567");
  r.idempotency_key = "nac-2";
  r.ship_date = *Date::Parse("2026-02-20");
  ExpectRefused(r, ErrorCode::kRefused, "quantity 10 exceeds the 5 of its 15 units not yet shipped");

  auto objected = ledger_->RecordNacObjection("Z1234567", *Date::Parse("2026-02-15"), "end use");
  ASSERT_TRUE(objected.ok()) << objected.error().ToString();
  r.quantity = 5;
  ExpectRefused(r, ErrorCode::kRefused, "BIS objected on 2026-02-15 (end use): a licence is required");
  auto all = ledger_->NacNotifications();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().quantity_shipped, 10);
  EXPECT_TRUE(all->front().objected_on.has_value());
  EXPECT_TRUE(ledger_->VerifyAudit()->ok);
  // The notification is in the audit chain: an edit behind the ledger's back is named.
  ASSERT_EQ(RunSql(db_, "UPDATE nac_notifications SET sent_on = '2026-01-01'"), 0);
  auto report = ledger_->VerifyAudit();
  ASSERT_FALSE(report->ok);
  EXPECT_NE(::testing::PrintToString(report->problems).find("NAC notification `Z1234567`"), std::string::npos)
      << ::testing::PrintToString(report->problems);
}

class TamperTest : public LedgerTest {
 protected:
  void Populate() {
    AddSample();
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(ledger_->Ship(SampleShipment("t" + std::to_string(i), 10)).ok());
    auto report = ledger_->VerifyAudit();
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->ok) << ::testing::PrintToString(report->problems);
    // The one-person-desk setting; the licence's change request, version and decision; the
    // decision the four shipments share (the same question); the shipments (audit entries 6 to 9).
    ASSERT_EQ(report->entries, 9);
  }
  // Verify must fail and one problem must contain `name`.
  void ExpectNamed(const std::string& name) {
    auto report = ledger_->VerifyAudit();
    ASSERT_TRUE(report.ok()) << report.error().ToString();
    EXPECT_FALSE(report->ok);
    bool found = false;
    for (const auto& p : report->problems) found = found || p.find(name) != std::string::npos;
    EXPECT_TRUE(found) << "no problem names `" << name << "`: " << ::testing::PrintToString(report->problems);
  }
};

TEST_P(TamperTest, EditedShipmentRowIsNamed) {
  Populate();
  ASSERT_EQ(RunSql(db_, "UPDATE entries SET quantity = 1 WHERE id = 2"), 0);
  ExpectNamed("shipment 2 (audit entry 7 (shipment 2)): row differs from its audit record");
}

TEST_P(TamperTest, EditedAuditPayloadIsNamed) {
  Populate();
  ASSERT_EQ(RunSql(db_, "UPDATE audit_log SET payload = REPLACE(payload, '\"quantity\":10', '\"quantity\":1') "
                        "WHERE seq = 8"),
            0);
  ExpectNamed("audit entry 8 (shipment 3): content does not match its hash");
}

TEST_P(TamperTest, DeletedEntryIsNamed) {
  Populate();
  ASSERT_EQ(RunSql(db_, "DELETE FROM entries WHERE id = 3; DELETE FROM audit_log WHERE seq = 8"), 0);
  ExpectNamed("audit entry 8 is missing");
}

TEST_P(TamperTest, DeletedRowAloneIsNamed) {
  Populate();
  ASSERT_EQ(RunSql(db_, "DELETE FROM entries WHERE id = 4"), 0);
  ExpectNamed("audit entry 9 (shipment 4): its ledger row is missing");
}

TEST_P(TamperTest, ReorderedEntriesAreNamed) {
  Populate();
  // Swap the contents of audit entries 6 and 7 (shipments 1 and 2, and their rows' pointers),
  // keeping seq order.
  ASSERT_EQ(RunSql(db_,
                   "UPDATE audit_log SET seq = -6 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = 7; "
                   "UPDATE audit_log SET seq = 7 WHERE seq = -6; "
                   "UPDATE entries SET audit_seq = -1 WHERE id = 1; UPDATE entries SET audit_seq = 6 WHERE id = 2; "
                   "UPDATE entries SET audit_seq = 7 WHERE id = 1"),
            0);
  ExpectNamed("audit entry 6 (shipment 2)");
}

TEST_P(TamperTest, EditedLicenceIsNamed) {
  Populate();
  ASSERT_EQ(RunSql(db_, "UPDATE licences SET body = REPLACE(body, '\"quantity_cap\":1000', '\"quantity_cap\":9000')"),
            0);
  ExpectNamed("licence `D123456` version 1");
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(Backends, TamperTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace exportctl::ledger
