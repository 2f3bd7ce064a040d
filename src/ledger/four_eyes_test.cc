// Identity and four eyes in the ledger, on SQLite and PostgreSQL: licences and clearances take
// effect only when a second, different, authenticated user approves; the one-person-desk switch
// and every token are audited; direct edits to clearances, approvals or actors are caught.
#include <gtest/gtest.h>

#include "ledger/test_support.h"

namespace exportctl::ledger {
namespace {

using testing::LocalActor;
using testing::MakeTestDb;
using testing::RunSql;
using testing::SampleLicence;
using testing::TestDb;
using testing::TokenUser;

class FourEyesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql" && testing::PgUrl().empty()) GTEST_SKIP() << testing::kPgSkipMessage;
    db_ = MakeTestDb(GetParam());
    ASSERT_FALSE(db_.url.empty());
    auto ledger = testing::OpenWithFakeDecider(db_.url);
    ASSERT_TRUE(ledger.ok()) << ledger.error().ToString();
    ledger_ = std::move(*ledger);
    ASSERT_TRUE(ledger_->Migrate().ok());
    ledger_->SetActor(LocalActor("alice"));
  }

  std::vector<std::string> Problems() {
    auto report = ledger_->VerifyAudit();
    EXPECT_TRUE(report.ok());
    return report.ok() ? report->problems : std::vector<std::string>{"(verify failed)"};
  }

  static Clearance SampleClearance() {
    Clearance c;
    c.party = "Huawei Technologies Co., Ltd.";
    c.list = "entity-list-curated";
    c.entry_id = "el-huawei";
    c.reason = "test clearance";
    return c;
  }

  TestDb db_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_P(FourEyesTest, ALicenceTakesEffectOnlyWhenASecondUserApproves) {
  ASSERT_TRUE(ledger_->Settings()->approvals_required);  // the default
  auto proposed = ledger_->ProposeLicence(SampleLicence());
  ASSERT_TRUE(proposed.ok()) << proposed.error().ToString();
  EXPECT_EQ(proposed->state, ChangeState::kPending);
  EXPECT_EQ(proposed->requested_by, "os:alice");
  EXPECT_EQ(ledger_->GetLicence("D123456").error().code(), ErrorCode::kNotFound);
  // Bypassing four eyes is refused and writes nothing.
  auto before = ledger_->AuditLog()->size();
  EXPECT_EQ(ledger_->AddLicence(SampleLicence("D999")).error().code(), ErrorCode::kForbidden);
  EXPECT_EQ(ledger_->AuditLog()->size(), before);

  // The local operator is recorded but cannot approve; nor can the requester with a token.
  ledger_->SetActor(LocalActor("bob"));
  EXPECT_EQ(ledger_->Approve(proposed->id, "").error().code(), ErrorCode::kForbidden);
  ledger_->SetActor(TokenUser("alice"));
  auto own = ledger_->Approve(proposed->id, "");
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().code(), ErrorCode::kForbidden);
  EXPECT_NE(own.error().message().find("second, different user"), std::string::npos);
  ledger_->SetActor(TokenUser("carol", UserRole::kViewer));
  EXPECT_EQ(ledger_->Approve(proposed->id, "").error().code(), ErrorCode::kForbidden);
  EXPECT_EQ(ledger_->ProposeLicence(SampleLicence("D777")).error().code(), ErrorCode::kForbidden);
  EXPECT_EQ(ledger_->GetLicence("D123456").error().code(), ErrorCode::kNotFound);

  ledger_->SetActor(TokenUser("bob"));
  auto approved = ledger_->Approve(proposed->id, "matches the BIS licence PDF");
  ASSERT_TRUE(approved.ok()) << approved.error().ToString();
  EXPECT_EQ(approved->state, ChangeState::kApplied);
  EXPECT_FALSE(approved->without_approval);
  ASSERT_TRUE(approved->licence);
  EXPECT_EQ(approved->licence->version, 1);
  EXPECT_TRUE(ledger_->GetLicence("D123456").ok());
  EXPECT_EQ(ledger_->Approve(proposed->id, "").error().code(), ErrorCode::kConflict);

  // Every audit entry names its actor: the request the requester, the licence and the decision the approver.
  std::map<std::string, std::string> actor_of;
  const auto log = ledger_->AuditLog();
  for (const AuditEntry& a : *log) actor_of[a.kind] = a.actor;
  for (const AuditEntry& a : *log) actor_of[a.kind] = a.actor;
  EXPECT_EQ(actor_of["change_request"], "os:alice");
  EXPECT_EQ(actor_of["licence"], "bob");
  EXPECT_EQ(actor_of["change_decision"], "bob");
  EXPECT_TRUE(Problems().empty());

  // An amendment too; a rejected one changes nothing.
  Licence raised = SampleLicence();
  raised.quantity_cap = 500;
  ledger_->SetActor(TokenUser("alice"));
  auto amendment = ledger_->ProposeAmendment(raised, "BIS raised the quantity");
  ASSERT_TRUE(amendment.ok()) << amendment.error().ToString();
  ledger_->SetActor(TokenUser("bob"));
  ASSERT_TRUE(ledger_->Reject(amendment->id, "no letter on file").ok());
  EXPECT_EQ(ledger_->GetLicence("D123456")->version, 1);
  EXPECT_EQ(ledger_->Approve(amendment->id, "").error().code(), ErrorCode::kConflict);
  EXPECT_EQ(ledger_->Changes(/*pending_only=*/true)->size(), 0u);
  EXPECT_EQ(ledger_->Changes(/*pending_only=*/false)->size(), 2u);
}

TEST_P(FourEyesTest, AClearanceWithoutASecondApproverHasNoEffect) {
  const Date today = *Date::Parse("2026-12-02");
  Clearance c = SampleClearance();
  c.expires = *Date::Parse("2027-01-01");
  auto proposed = ledger_->ProposeClearances({c});
  ASSERT_TRUE(proposed.ok()) << proposed.error().ToString();
  EXPECT_TRUE(ledger_->Clearances(today, false)->empty());
  EXPECT_EQ(ledger_->DirectoryVersion().value(), 0);

  ledger_->SetActor(TokenUser("bob"));
  auto approved = ledger_->Approve(proposed->front().id, "");
  ASSERT_TRUE(approved.ok()) << approved.error().ToString();
  ASSERT_TRUE(approved->clearance);
  auto in_force = ledger_->Clearances(today, false);
  ASSERT_EQ(in_force->size(), 1u);
  EXPECT_EQ(in_force->front().requested_by, "os:alice");
  EXPECT_EQ(in_force->front().approved_by, "bob");
  EXPECT_GT(ledger_->DirectoryVersion().value(), 0);
  // Expired from its expiry date on; revoked at once, audited.
  EXPECT_TRUE(ledger_->Clearances(*Date::Parse("2027-01-01"), false)->empty());
  EXPECT_EQ(ledger_->Clearances(*Date::Parse("2027-01-01"), true)->size(), 1u);
  ledger_->SetActor(TokenUser("viewer-vic", UserRole::kViewer));
  EXPECT_EQ(ledger_->RevokeClearance(in_force->front().id, "new facts").error().code(), ErrorCode::kForbidden);
  ledger_->SetActor(TokenUser("bob"));
  auto revoked = ledger_->RevokeClearance(in_force->front().id, "new facts");
  ASSERT_TRUE(revoked.ok()) << revoked.error().ToString();
  EXPECT_TRUE(ledger_->Clearances(today, false)->empty());
  EXPECT_TRUE(Problems().empty());

  // A CSV import is all or nothing: a bad row refuses every row.
  Clearance bad = SampleClearance();
  bad.reason = "";
  auto mixed = ledger_->ProposeClearances({SampleClearance(), bad});
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().field(), "reason");
  EXPECT_EQ(ledger_->Changes(true)->size(), 0u);
}

TEST_P(FourEyesTest, DirectEditsOfClearancesApprovalsAndActorsAreCaught) {
  auto proposed = ledger_->ProposeClearances({SampleClearance()});
  ASSERT_TRUE(proposed.ok());
  ledger_->SetActor(TokenUser("bob"));
  ASSERT_TRUE(ledger_->Approve(proposed->front().id, "").ok());
  ASSERT_TRUE(Problems().empty());

  // An extra clearance written behind the ledger's back (the old editable whitelist.csv).
  ASSERT_EQ(RunSql(db_, "INSERT INTO clearances (id, change_id, party, list, entry_id, reason, expires, requested_by, "
                        "approved_by, recorded_at, audit_seq) VALUES (2, 99, 'Other Co', 'sdn', '1', 'x', '', 'eve', "
                        "'eve', '2026-12-02T00:00:00Z', 999)"),
            0);
  auto problems = Problems();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.front().find("clearance #2"), std::string::npos) << problems.front();
  ASSERT_EQ(RunSql(db_, "DELETE FROM clearances WHERE id = 2"), 0);
  ASSERT_TRUE(Problems().empty());

  // An edited reason, and an approval claimed by someone else.
  ASSERT_EQ(RunSql(db_, "UPDATE clearances SET reason = 'edited' WHERE id = 1"), 0);
  problems = Problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems.front().find("clearance #1"), std::string::npos) << problems.front();
  ASSERT_EQ(RunSql(db_, "UPDATE clearances SET reason = 'test clearance' WHERE id = 1"), 0);
  ASSERT_EQ(RunSql(db_, "UPDATE change_decisions SET decided_by = 'mallory'"), 0);
  problems = Problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems.front().find("decision on change request #1"), std::string::npos) << problems.front();
  ASSERT_EQ(RunSql(db_, "UPDATE change_decisions SET decided_by = 'bob'"), 0);
  // The actor of an audit entry is covered by its hash.
  ASSERT_EQ(RunSql(db_, "UPDATE audit_log SET actor = 'mallory' WHERE kind = 'clearance'"), 0);
  problems = Problems();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems.front().find("content does not match its hash"), std::string::npos) << problems.front();
}

// An escalation records who was asked to settle a held decision or a hit, by whom and why: an
// officer's act, on a decision-log entry that exists, audited like every other row.
TEST_P(FourEyesTest, EscalationsAreAuditedRecordsOfWhoWasAskedToSettleAHold) {
  DecisionLogEntry held;
  held.actor = "os:alice";
  held.channel = "cli";
  held.kind = "check";
  held.decision_id = "dec_held";
  held.outcome = "hold";
  held.as_of = "2026-12-02";
  held.chip = "nvidia-h20";
  held.destination = "MY";
  held.party = "Huawei Technologies Co., Ltd.";
  held.lists = "[]";
  held.body = R"({"outcome":"hold"})";
  std::vector<DecisionLogEntry> log = {held};
  ASSERT_TRUE(ledger_->AppendDecisionLog(log).ok());

  Escalation e;
  e.decision_seq = log[0].seq;
  e.party = held.party;
  e.entry_id = "el-huawei";
  e.escalated_to = "Legal (export-counsel@example.com)";
  e.reason = "the end user's address matches a listed subsidiary; counsel to decide";
  const std::size_t audit_before = ledger_->AuditLog()->size();
  ledger_->SetActor(TokenUser("vic", UserRole::kViewer));
  EXPECT_EQ(ledger_->Escalate(e).error().code(), ErrorCode::kForbidden);
  ledger_->SetActor(TokenUser("bob"));
  Escalation unknown = e;
  unknown.decision_seq = 99;
  EXPECT_EQ(ledger_->Escalate(unknown).error().field(), "decision_seq");
  Escalation half = e;
  half.entry_id.clear();
  EXPECT_EQ(ledger_->Escalate(half).error().field(), "entry_id");  // the missing half is named
  Escalation no_reason = e;
  no_reason.reason = "two\nlines";
  EXPECT_EQ(ledger_->Escalate(no_reason).error().field(), "reason");
  EXPECT_EQ(ledger_->AuditLog()->size(), audit_before) << "a refused escalation writes nothing";

  auto recorded = ledger_->Escalate(e);
  ASSERT_TRUE(recorded.ok()) << recorded.error().ToString();
  EXPECT_EQ(recorded->id, 1);
  EXPECT_EQ(recorded->decision_id, "dec_held");
  EXPECT_EQ(recorded->escalated_by, "bob");
  ASSERT_EQ(ledger_->Escalations(log[0].seq)->size(), 1u);
  EXPECT_EQ(ledger_->Escalations(log[0].seq)->front().escalated_to, e.escalated_to);
  EXPECT_TRUE(ledger_->Escalations(log[0].seq + 1)->empty());
  auto round_trip = EscalationFromJson(EscalationToJson(*recorded));
  ASSERT_TRUE(round_trip.ok()) << round_trip.error().ToString();
  EXPECT_EQ(round_trip->reason, e.reason);
  EXPECT_EQ(EscalationFromJson(R"({"decision_seq": "1", "escalated_to": "x", "reason": "y"})").error().field(), "decision_seq");
  EXPECT_EQ(EscalationFromJson(R"({"decision_seq": 1, "escalated_to": "x", "reason": "y", "colour": 1})").error().field(), "colour");

  // Audited: the entry names the actor; an edited or deleted row is named by `audit verify`.
  const AuditEntry last = ledger_->AuditLog()->back();
  EXPECT_EQ(last.kind, "escalation");
  EXPECT_EQ(last.actor, "bob");
  ASSERT_TRUE(Problems().empty());
  ASSERT_EQ(RunSql(db_, "UPDATE escalations SET escalated_to = 'nobody' WHERE id = 1"), 0);
  auto problems = Problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems.front().find("escalation #1"), std::string::npos) << problems.front();
  ASSERT_EQ(RunSql(db_, "DELETE FROM escalations WHERE id = 1"), 0);
  problems = Problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems.front().find("ledger row is missing"), std::string::npos) << problems.front();
}

// The audit log read a page at a time, newest first, narrowed on the server.
TEST_P(FourEyesTest, TheAuditLogIsSearchedAndPagedNewestFirst) {
  for (const char* number : {"D100", "D200", "D300"}) {
    ledger_->SetActor(LocalActor("alice"));
    auto proposed = ledger_->ProposeLicence(SampleLicence(number));
    ASSERT_TRUE(proposed.ok()) << proposed.error().ToString();
    ledger_->SetActor(TokenUser("bob"));
    ASSERT_TRUE(ledger_->Approve(proposed->id, "fine").ok());
  }
  const auto all = *ledger_->AuditLog();
  AuditLogFilter f;
  f.limit = 4;
  auto page = ledger_->SearchAuditLog(f);
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  EXPECT_EQ(page->total, std::int64_t(all.size()));
  EXPECT_EQ(page->matching, page->total);
  ASSERT_EQ(page->entries.size(), 4u);
  EXPECT_EQ(page->entries.front().seq, all.back().seq);
  EXPECT_EQ(page->entries.front().hash, all.back().hash);
  f.before_seq = page->entries.back().seq;
  auto next = ledger_->SearchAuditLog(f);
  ASSERT_TRUE(next.ok());
  ASSERT_FALSE(next->entries.empty());
  EXPECT_EQ(next->entries.front().seq, page->entries.back().seq - 1);
  EXPECT_TRUE(std::find(page->kinds.begin(), page->kinds.end(), "licence") != page->kinds.end());

  AuditLogFilter licences;
  licences.kind = "licence";
  EXPECT_EQ(ledger_->SearchAuditLog(licences)->matching, 3);
  licences.text = "d200";  // the subject, whatever the case
  auto one = ledger_->SearchAuditLog(licences);
  ASSERT_EQ(one->entries.size(), 1u);
  EXPECT_EQ(one->entries.front().subject, "D200");
  licences.text = "D2%";  // LIKE's wildcards are plain text
  EXPECT_EQ(ledger_->SearchAuditLog(licences)->matching, 0);
  AuditLogFilter by_bob;
  by_bob.actor = "BO";
  auto bobs = ledger_->SearchAuditLog(by_bob);
  ASSERT_GT(bobs->matching, 0);
  for (const AuditEntry& a : bobs->entries) EXPECT_EQ(a.actor, "bob");
}

TEST_P(FourEyesTest, TheOnePersonDeskSwitchIsAnAuditedAdminStepAndEveryChangeUnderItSaysSo) {
  ledger_->SetActor(TokenUser("bob"));
  EXPECT_EQ(ledger_->SetApprovalsRequired(false).error().code(), ErrorCode::kForbidden);
  ledger_->SetActor(TokenUser("root", UserRole::kAdmin));
  auto off = ledger_->SetApprovalsRequired(false);
  ASSERT_TRUE(off.ok()) << off.error().ToString();
  EXPECT_FALSE(off->approvals_required);
  EXPECT_EQ(off->changed_by, "root");
  ledger_->SetActor(LocalActor("alice"));
  auto applied = ledger_->ProposeLicence(SampleLicence());
  ASSERT_TRUE(applied.ok()) << applied.error().ToString();
  EXPECT_EQ(applied->state, ChangeState::kApplied);
  EXPECT_TRUE(applied->without_approval);
  EXPECT_TRUE(ledger_->GetLicence("D123456").ok());
  EXPECT_TRUE(ledger_->Change(applied->id)->without_approval);
  auto clearance = ledger_->ProposeClearances({SampleClearance()});
  ASSERT_TRUE(clearance.ok());
  EXPECT_EQ(ledger_->Clearances(*Date::Parse("2026-12-02"), false)->front().approved_by, "");
  bool setting_audited = false;
  const auto log = ledger_->AuditLog();
  for (const AuditEntry& a : *log) setting_audited |= a.kind == "setting" && a.actor == "root";
  EXPECT_TRUE(setting_audited);
  EXPECT_TRUE(Problems().empty());
}

TEST_P(FourEyesTest, TokensBelongToNamedUsersAndOnlyAdminsMakeThem) {
  ledger_->SetActor(TokenUser("bob"));
  EXPECT_EQ(ledger_->CreateToken("eve", UserRole::kAdmin, "").error().code(), ErrorCode::kForbidden);
  ledger_->SetActor(LocalActor("alice"));
  EXPECT_EQ(ledger_->CreateToken("os:eve", UserRole::kAdmin, "").error().code(), ErrorCode::kInvalidArgument);
  auto secret = ledger_->CreateToken("dana", UserRole::kOfficer, "laptop");
  ASSERT_TRUE(secret.ok()) << secret.error().ToString();
  EXPECT_EQ(secret->size(), 44u);
  auto who = ledger_->Authenticate(*secret);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->name, "dana");
  EXPECT_TRUE(who->authenticated);
  EXPECT_EQ(who->role, UserRole::kOfficer);
  EXPECT_EQ(ledger_->Authenticate("ect_0000").error().code(), ErrorCode::kUnauthorized);
  auto tokens = ledger_->Tokens();
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ(tokens->front().created_by, "os:alice");
  ASSERT_TRUE(ledger_->RevokeToken(tokens->front().sha256.substr(0, 8)).ok());
  EXPECT_EQ(ledger_->Authenticate(*secret).error().code(), ErrorCode::kUnauthorized);
  EXPECT_TRUE(Problems().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, FourEyesTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace exportctl::ledger
