// Unit tests of the ledger model: amounts, percentages, licence JSON, decisions, hashing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "exportctl/ledger.h"
#include "ledger/audit_chain.h"
#include "ledger/decision.h"
#include "ledger/model.h"
#include "ledger/records.h"
#include "ledger/test_support.h"

namespace exportctl::ledger {
namespace {

TEST(LedgerModel, ParsesAmountsInMinorUnits) {
  EXPECT_EQ(*ParseMinorUnits("12.34"), 1234);
  EXPECT_EQ(*ParseMinorUnits("12"), 1200);
  EXPECT_EQ(*ParseMinorUnits("12.5"), 1250);
  EXPECT_EQ(*ParseMinorUnits("1,000.00"), 100000);
  EXPECT_FALSE(ParseMinorUnits("12.345").ok());
  EXPECT_FALSE(ParseMinorUnits("-1").ok());
  EXPECT_FALSE(ParseMinorUnits("abc").ok());
  EXPECT_FALSE(ParseMinorUnits("").ok());
  EXPECT_FALSE(ParseMinorUnits("99999999999999999999").ok());
  EXPECT_EQ(FormatMinorUnits(1234), "12.34");
  EXPECT_EQ(FormatMinorUnits(-5), "-0.05");
  EXPECT_EQ(FormatMoney(123456789, "USD"), "USD 1,234,567.89");
}

TEST(LedgerModel, ParsesPercentagesInBasisPoints) {
  EXPECT_EQ(*ParsePercentBp("15%"), 1500);
  EXPECT_EQ(*ParsePercentBp("12.5"), 1250);
  EXPECT_EQ(*ParsePercentBp("100"), 10000);
  EXPECT_FALSE(ParsePercentBp("101%").ok());
  EXPECT_FALSE(ParsePercentBp("1.234").ok());
  EXPECT_EQ(FormatPercentBp(1250), "12.5%");
  EXPECT_EQ(FormatPercentBp(2500), "25%");
}

TEST(LedgerModel, LicenceJsonRoundTrips) {
  Licence l = testing::SampleLicence();
  l.conditions.duty_bp = 2500;
  l.conditions.notifications = {"notify BIS within 30 days"};
  ASSERT_TRUE(NormalizeLicence(l).ok());
  auto back = LicenceFromJson(LicenceToJson(l));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(LicenceBody(*back).dump(), LicenceBody(l).dump());
}

TEST(LedgerModel, LicenceJsonAcceptsHumanForms) {
  auto l = LicenceFromJson(R"({"number":"D1","holder":"h","authority":"BIS","items":["nvidia-h200"],
    "destinations":["cn"],"consignees":["X"],"quantity_cap":10,"value_cap":"1,000.50","currency":"usd",
    "valid_from":"2026-01-01","valid_to":"2026-06-30",
    "conditions":{"duty":"25%","volume_ratio_cap":50,"revenue_share":"0"}})");
  ASSERT_TRUE(l.ok()) << l.error().ToString();
  ASSERT_TRUE(NormalizeLicence(*l).ok());
  EXPECT_EQ(l->value_cap.minor, 100050);
  EXPECT_EQ(l->value_cap.currency, "USD");
  EXPECT_EQ(l->destinations, std::vector<std::string>{"CN"});
  EXPECT_EQ(l->conditions.duty_bp, 2500);
  EXPECT_EQ(l->conditions.volume_ratio_cap_bp, 5000);
}

TEST(LedgerModel, LicenceJsonRejectsBadInputClearly) {
  auto unknown = LicenceFromJson(R"({"number":"D1","valid_from":"2026-01-01","valid_to":"2026-01-02","colour":"red"})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("unknown field `colour`"), std::string::npos);
  auto bad_date = LicenceFromJson(R"({"number":"D1","valid_from":"2026-02-30","valid_to":"2026-03-01"})");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_NE(bad_date.error().message().find("2026-02-30"), std::string::npos);
  // Found by fuzz/licence_fuzz: a number too large for a double is an error, not an exception.
  auto huge = LicenceFromJson("99999E999999999999999999999999999.");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code(), ErrorCode::kParseError);
  auto huge_cap = LicenceFromJson(R"({"number":"D1","quantity_cap":1e999})");
  ASSERT_FALSE(huge_cap.ok());
  Licence l = testing::SampleLicence();
  l.valid_to = *Date::Parse("2025-01-01");
  auto st = NormalizeLicence(l);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message().find("before `valid_from`"), std::string::npos);
}

TEST(LedgerModel, QuarterOfDay) {
  EXPECT_EQ(QuarterOf("2026-01-01"), "2026Q1");
  EXPECT_EQ(QuarterOf("2026-06-30"), "2026Q2");
  EXPECT_EQ(QuarterOf("2026-12-31"), "2026Q4");
}

TEST(LedgerAuditChain, Sha256KnownAnswer) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// The payload is the canonical JSON of the row (what json::dump() writes), assembled from pieces
// so the server can fill in the id and running totals (migrations.cc).
TEST(LedgerAuditChain, EntryPayloadIsTheCanonicalJsonOfTheRow) {
  EntryRow row;
  row.entry.id = 42;
  row.entry.idempotency_key = "k\"1\"";
  row.entry.consignee = "华为 \\ \u0001";
  row.entry.chip = "nvidia-h20";
  row.entry.quantity = 3;
  row.entry.date = *Date::Parse("2026-02-10");
  row.licence_quantity_total = 1234567890123;
  row.licence_value_total = -5;
  const std::string payload = EntryPayload(row);
  nlohmann::json parsed = nlohmann::json::parse(payload);
  EXPECT_EQ(parsed.dump(), payload);  // canonical: sorted keys, no spaces
  EXPECT_EQ(parsed["id"], 42);
  EXPECT_EQ(parsed["consignee"], "华为 \\ \u0001");
  EXPECT_EQ(parsed["licence_quantity_total"], 1234567890123);
  EXPECT_EQ(parsed["licence_value_total"], -5);
  EXPECT_EQ(parsed.size(), 22u);
  // The stored spelling is frozen (ledgers recorded before the JSON said `license_exception` verify).
  EXPECT_EQ(parsed["basis"], "licence");
  row.entry.basis = ShipmentBasis::kLicenceException;
  EXPECT_EQ(nlohmann::json::parse(EntryPayload(row))["basis"], "licence_exception");
  EXPECT_EQ(ShipmentBasisName(row.entry.basis), "license_exception");
  row.entry.basis = ShipmentBasis::kLicence;
  const auto pieces = EntryPayloadPieces(row).pieces;
  EXPECT_EQ(pieces[0] + "42" + pieces[1] + "1234567890123" + pieces[2] + "-5" + pieces[3], payload);
}

TEST(LedgerAuditChain, HashCoversEveryField) {
  AuditEntry e{1, "2026-01-01T00:00:00Z", "shipment", "1", "{}", std::string(kGenesisHash), ""};
  std::string h = AuditEntryHash(e);
  for (int field = 0; field < 6; ++field) {
    AuditEntry m = e;
    switch (field) {
      case 0: m.seq = 2; break;
      case 1: m.recorded_at += "x"; break;
      case 2: m.kind = "licence"; break;
      case 3: m.subject = "2"; break;
      case 4: m.payload = "{ }"; break;
      case 5: m.prev_hash[0] = '1'; break;
    }
    EXPECT_NE(AuditEntryHash(m), h) << "field " << field;
  }
  // Length prefixes: moving bytes between fields changes the hash.
  AuditEntry a = e, b = e;
  a.kind = "ab";
  a.subject = "c";
  b.kind = "a";
  b.subject = "bc";
  EXPECT_NE(AuditEntryHash(a), AuditEntryHash(b));
}

TEST(LedgerDecision, ParsesAndChecksSupport) {
  auto d = ParseDecision(testing::SampleDecision("dec-1", "no_license_required", "nvidia-h20", "NL", "2026-02-10"));
  ASSERT_TRUE(d.ok()) << d.error().ToString();
  ShipmentRequest r = testing::SampleShipment("k", 1, "");
  r.basis = ShipmentBasis::kNoLicenceRequired;
  r.destination = "NL";
  EXPECT_TRUE(CheckDecisionSupports(*d, r).ok());
  r.basis = ShipmentBasis::kLicenceException;
  auto st = CheckDecisionSupports(*d, r);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kRefused);
  EXPECT_NE(st.error().message().find("outcome `no_license_required`"), std::string::npos);
  r.basis = ShipmentBasis::kNoLicenceRequired;
  r.destination = "CN";
  EXPECT_NE(CheckDecisionSupports(*d, r).error().message().find("destination `NL`, not `CN`"), std::string::npos);
  r.destination = "NL";
  r.ship_date = *Date::Parse("2026-02-11");
  EXPECT_NE(CheckDecisionSupports(*d, r).error().message().find("not the ship date 2026-02-11"), std::string::npos);
}

TEST(LedgerDecision, AcceptsObjectChipAndDestination) {
  auto d = ParseDecision(R"({"decision_id":"x","as_of":"2026-01-02","outcome":"prohibited",
                            "chip":{"id":"nvidia-h100"},"destination":{"code":"CN","name":"China"}})");
  ASSERT_TRUE(d.ok()) << d.error().ToString();
  EXPECT_EQ(d->chip, "nvidia-h100");
  EXPECT_EQ(d->destination, "CN");
  EXPECT_FALSE(ParseDecision(R"({"as_of":"2026-01-02"})").ok());
  EXPECT_FALSE(ParseDecision("not json").ok());
}

}  // namespace
}  // namespace exportctl::ledger
