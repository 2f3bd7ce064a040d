// The ledger's JSON mapping: output shapes (money as strings, percentages, null refers_to) and
// request parsing that names every bad field.
#include "app/ledger_json.h"

#include <gtest/gtest.h>

namespace exportctl::app {
namespace {

using nlohmann::json;

json GoodShipment() {
  return {{"idempotency_key", "order-17"}, {"licence", "D123456"},  {"chip", "nvidia-h20"},
          {"destination", "cn"},           {"consignee", "Example Cloud Ltd"}, {"quantity", 10},
          {"unit_price", "12000.50"},      {"currency", "usd"},      {"date", "2026-02-10"}};
}

std::vector<std::string> FieldsOf(const Error& e) {
  std::vector<std::string> out;
  if (e.details().empty()) out.push_back(e.field());
  for (const Error& d : e.details()) out.push_back(d.field());
  return out;
}

TEST(LedgerJsonTest, ShipmentRequestParsesAndRoundTrips) {
  auto r = ShipmentRequestFromJson(GoodShipment());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->idempotency_key, "order-17");
  EXPECT_EQ(r->basis, ShipmentBasis::kLicence);
  EXPECT_EQ(r->destination, "CN");
  EXPECT_EQ(r->unit_price.minor, 1200050);
  EXPECT_EQ(r->unit_price.currency, "USD");
  EXPECT_EQ(r->ship_date.ToString(), "2026-02-10");
  json back = ShipmentRequestToJson(*r);
  auto again = ShipmentRequestFromJson(back);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_EQ(ShipmentRequestToJson(*again), back);
  EXPECT_EQ(back["unit_price"], "12000.50");
}

TEST(LedgerJsonTest, ShipmentRequestAcceptsTheBatchFileSpelling) {
  json j = GoodShipment();
  j.erase("idempotency_key");
  j["key"] = "b1";
  j["quantity"] = "25";
  j["unit_price"] = 12000;
  auto r = ShipmentRequestFromJson(j);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->idempotency_key, "b1");
  EXPECT_EQ(r->quantity, 25);
  EXPECT_EQ(r->unit_price.minor, 1200000);
}

TEST(LedgerJsonTest, ShipmentRequestNamesEveryBadField) {
  json j = GoodShipment();
  j["quantity"] = "lots";
  auto one = ShipmentRequestFromJson(j);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(one.error().field(), "quantity");
  EXPECT_EQ(one.error().message(), "quantity `lots` is not a positive integer");

  json many = GoodShipment();
  many.erase("chip");
  many["unit_price"] = 12.5;  // a float amount is refused: money never goes through a double
  many["date"] = "2026-02-30";
  many["colour"] = "red";
  many["destination"] = "China";
  auto bad = ShipmentRequestFromJson(many);
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> fields = FieldsOf(bad.error());
  for (const char* f : {"colour", "chip", "destination", "unit_price", "date"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f << " not named";
  EXPECT_EQ(fields.size(), 5u);
}

TEST(LedgerJsonTest, ShipmentRequestChecksKeysAndBasis) {
  json j = GoodShipment();
  j["key"] = "other";
  EXPECT_EQ(ShipmentRequestFromJson(j).error().field(), "key");
  json no_key = GoodShipment();
  no_key.erase("idempotency_key");
  EXPECT_EQ(ShipmentRequestFromJson(no_key).error().field(), "idempotency_key");
  json exception = GoodShipment();
  exception["basis"] = "licence_exception";
  exception["exception"] = "aca";
  EXPECT_EQ(ShipmentRequestFromJson(exception).error().field(), "licence");
  exception.erase("licence");
  exception.erase("exception");
  EXPECT_EQ(ShipmentRequestFromJson(exception).error().field(), "exception");
  exception["exception"] = "aca";
  exception["decision"] = {{"decision_id", "dec_1"}, {"outcome", "license_exception"}};
  auto r = ShipmentRequestFromJson(exception);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->decision_json, exception["decision"].dump());
  EXPECT_EQ(r->licence_exception, "ACA");
  // One spelling out (the outcomes'), the former one still taken in.
  EXPECT_EQ(ShipmentRequestToJson(*r)["basis"], "license_exception");
  exception["basis"] = "license_exception";
  ASSERT_TRUE(ShipmentRequestFromJson(exception).ok());
  EXPECT_EQ(ShipmentRequestFromJson(exception)->basis, ShipmentBasis::kLicenceException);
  exception["basis"] = "licnce_exception";
  exception["licence"] = "D1";  // a licence for the basis the misspelling falls back to, so one error is left
  EXPECT_EQ(ShipmentRequestFromJson(exception).error().field(), "basis");
  json no_licence = GoodShipment();
  no_licence.erase("licence");
  EXPECT_EQ(ShipmentRequestFromJson(no_licence).error().field(), "licence");
  EXPECT_EQ(ShipmentRequestFromJson(json::array()).error().field(), "body");
}

TEST(LedgerJsonTest, CompensationRequests) {
  auto ret = CompensationRequestFromJson({{"key", "r1"}, {"quantity", 3}, {"date", "2026-03-01"}, {"reason", "damaged"}},
                                         EntryKind::kReturn, 7);
  ASSERT_TRUE(ret.ok()) << ret.error().ToString();
  EXPECT_EQ(ret->shipment_id, 7);
  EXPECT_EQ(ret->quantity, 3);
  EXPECT_EQ(ret->reason, "damaged");
  auto no_qty = CompensationRequestFromJson({{"key", "r2"}, {"date", "2026-03-01"}}, EntryKind::kReturn, 7);
  EXPECT_EQ(no_qty.error().field(), "quantity");
  auto cancel_qty =
      CompensationRequestFromJson({{"key", "c1"}, {"quantity", 3}, {"date", "2026-03-01"}}, EntryKind::kCancellation, 7);
  EXPECT_EQ(cancel_qty.error().field(), "quantity");
  auto no_date = CompensationRequestFromJson({{"key", "c1"}}, EntryKind::kCancellation, 7);
  EXPECT_EQ(no_date.error().field(), "date");
}

TEST(LedgerJsonTest, OutputShapes) {
  Balance b;
  b.licence_number = "D1";
  b.quantity_cap = 10;
  b.quantity_used = 4;
  b.quantity_remaining = 6;
  b.value_cap = {100000, "USD"};
  b.value_used_minor = 40000;
  b.value_remaining_minor = 60000;
  b.valid_to = *Date::Parse("2026-12-31");
  EXPECT_EQ(BalanceToJson(b), json({{"licence", "D1"},
                                    {"status", "active"},
                                    {"valid_to", "2026-12-31"},
                                    {"quantity_cap", 10},
                                    {"quantity_used", 4},
                                    {"quantity_remaining", 6},
                                    {"currency", "USD"},
                                    {"value_cap", "1000.00"},
                                    {"value_used", "400.00"},
                                    {"value_remaining", "600.00"}}));
  Entry e;
  e.id = 3;
  e.quantity = -2;
  e.value_minor = -2400000;
  e.kind = EntryKind::kReturn;
  e.refers_to = 1;
  e.date = *Date::Parse("2026-03-01");
  json ej = EntryToJson(e);
  EXPECT_EQ(ej["kind"], "return");
  EXPECT_EQ(ej["refers_to"], 1);
  EXPECT_EQ(ej["value"], "-24000.00");
  e.refers_to = 0;
  EXPECT_TRUE(EntryToJson(e)["refers_to"].is_null());
  VolumeRatioRow v;
  v.ratio_bp = -1;
  v.cap_bp = 5000;
  EXPECT_EQ(VolumeRatioRowToJson(v)["ratio"], "n/a");
  EXPECT_EQ(VolumeRatioRowToJson(v)["cap"], "50%");
  RevenueShareRow r;
  r.revenue_share_bp = 1500;
  r.revenue_share_owed_minor = 1800000;
  EXPECT_EQ(RevenueShareRowToJson(r)["revenue_share"], "15%");
  EXPECT_EQ(RevenueShareRowToJson(r)["revenue_share_owed"], "18000.00");
  AuditReport a{false, 4, "ab", {"audit entry 2 is missing"}, 7};
  EXPECT_EQ(AuditReportToJson(a), json({{"ok", false}, {"entries", 4}, {"head_hash", "ab"}, {"decision_log_entries", 7}, {"problems", {"audit entry 2 is missing"}}}));
}

}  // namespace
}  // namespace exportctl::app
