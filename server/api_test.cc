// API tests: the server in-process on a free loopback port, every endpoint including the 400, 401,
// 403, 404 and 413 paths, each response validated against server/openapi.json, and answers compared
// with the engine's own (the API must say what the CLI says).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <httplib.h>

#include "app/json_mapping.h"
#include "app/ledger_json.h"
#include "app/ledger_open.h"
#include "app/request_mapping.h"
#include "auth.h"
#include "openapi_validator.h"
#include "server.h"

namespace exportctl::server {
namespace {

using nlohmann::json;

const std::string kSource = EXPORTCTL_SOURCE_DIR;

json LoadJsonFile(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

class RunningServer {
 public:
  explicit RunningServer(ServerOptions options) {
    home_ = std::filesystem::temp_directory_path() / ("exportctl-api-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(home_);
    tokens_path_ = (home_ / "tokens").string();
    viewer = *TokenStore::Create(tokens_path_, Role::kViewer, "test viewer");
    officer = *TokenStore::Create(tokens_path_, Role::kOfficer, "test officer");
    admin = *TokenStore::Create(tokens_path_, Role::kAdmin, "test admin");
    options.port = 0;
    options.openapi_path = kSource + "/server/openapi.json";
    ledger_url = "sqlite:" + (home_ / "ledger.sqlite").string();
    options.ledger_url = ledger_url;
    auto created = Server::Create(options, MakeSnapshotLoader(EngineOptions{kSource + "/data", {}}, home_.string()));
    if (!created.ok()) throw std::runtime_error(created.error().ToString());
    server = std::move(created).value();
    port = *server->Bind();
    thread_ = std::thread([this] { server->Run(); });
  }
  ~RunningServer() {
    server->Stop();
    thread_.join();
    std::filesystem::remove_all(home_);
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(30, 0);
    return c;
  }
  std::unique_ptr<Server> server;
  int port = 0;
  std::string viewer, officer, admin;
  std::string ledger_url;  // a fresh SQLite ledger in the temporary home

 private:
  static inline int counter_ = 0;
  std::filesystem::path home_;
  std::string tokens_path_;
  std::thread thread_;
};

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions options;
    options.threads = 4;
    options.max_body_bytes = 64 * 1024;
    options.max_batch = 5;
    options.web_dir = "/nonexistent/web/dist";
    server_ = new RunningServer(options);
    validator_ = new OpenApiValidator(LoadJsonFile(kSource + "/server/openapi.json"));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete validator_;
  }

  // Sends a request and checks the response against the OpenAPI document for `documented` (the
  // path template). Returns the parsed JSON body (null for non-JSON).
  static json Send(const std::string& method, const std::string& target, const std::string& documented, int expect_status,
                   const json* body = nullptr, const std::string& token = {}, std::string raw_body = {},
                   httplib::Headers headers = {}) {
    auto client = server_->Client();
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result res = method == "GET" ? client.Get(target, headers)
                                         : client.Post(target, headers, body ? body->dump() : raw_body, "application/json");
    EXPECT_TRUE(res) << method << " " << target << ": no response";
    if (!res) return nullptr;
    EXPECT_EQ(res->status, expect_status) << method << " " << target << ": " << res->body.substr(0, 400);
    std::string ctype = res->get_header_value("Content-Type");
    std::string base = ctype.substr(0, ctype.find(';'));
    std::string lower_method = method == "GET" ? "get" : "post";
    for (const std::string& problem : validator_->ValidateResponse(documented, lower_method, res->status, res->body, base))
      ADD_FAILURE() << method << " " << target << " does not match openapi.json: " << problem;
    if (base != "application/json") return json(res->body);
    return json::parse(res->body, nullptr, false);
  }

  static const Engine& TheEngine() { return *server_->server->Current()->engine; }

  static inline RunningServer* server_ = nullptr;
  static inline OpenApiValidator* validator_ = nullptr;
};

TEST_F(ApiTest, HealthNamesTheRuleSet) {
  json j = Send("GET", "/health", "/health", 200);
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["ruleset"]["id"], TheEngine().rules().id());
  EXPECT_GT(j["chips"].get<int>(), 10);
}

TEST_F(ApiTest, OpenApiDocumentIsServedAndDescribesEveryArea) {
  json j = Send("GET", "/openapi.json", "/openapi.json", 200);
  EXPECT_EQ(j["openapi"], "3.0.3");
  for (const char* path : {"/v1/classify", "/v1/check", "/v1/check/batch", "/v1/catalog", "/v1/rules", "/v1/plot-data",
                           "/v1/licences", "/v1/shipments", "/v1/reports/balances", "/v1/audit/verify"})
    EXPECT_TRUE(j["paths"].contains(path)) << path;
}

TEST_F(ApiTest, CatalogClassifiesEveryChipOnTheDate) {
  json j = Send("GET", "/v1/catalog?as_of=2025-05-01", "/v1/catalog", 200);
  EXPECT_EQ(j["as_of"], "2025-05-01");
  ASSERT_EQ(j["chips"].size(), TheEngine().catalog().chips().size());
  bool found_h20 = false;
  for (const json& c : j["chips"])
    if (c["chip"]["id"] == "nvidia-h20") {
      found_h20 = true;
      EXPECT_EQ(c["eccn"], "EAR99");
    }
  EXPECT_TRUE(found_h20);
}

TEST_F(ApiTest, CatalogRejectsABadDateNamingTheField) {
  json j = Send("GET", "/v1/catalog?as_of=2025-13-45", "/v1/catalog", 400);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["field"], "as_of");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("`2025-13-45`"), std::string::npos);
}

TEST_F(ApiTest, CatalogEntryByAliasAndUnknownChip) {
  json j = Send("GET", "/v1/catalog/H20", "/v1/catalog/{id}", 200);
  EXPECT_EQ(j["id"], "nvidia-h20");
  EXPECT_NEAR(j["metrics"]["tpp"].get<double>(), 2368, 1e-6);
  json e = Send("GET", "/v1/catalog/NoSuchChip9000", "/v1/catalog/{id}", 404);
  EXPECT_EQ(e["error"]["code"], "not_found");
}

TEST_F(ApiTest, ClassifyAnswersAsTheEngineWithTrace) {
  json req = {{"chip", "RTX 4090D"}, {"as_of", "2024-06-01"}, {"explain", true}};
  json j = Send("POST", "/v1/classify", "/v1/classify", 200, &req);
  const Chip* chip = *TheEngine().FindChip("RTX 4090D");
  json expected = app::ClassificationToJson(Classify(TheEngine().rules(), *chip, *Date::Parse("2024-06-01"), true), TheEngine().rules(), true);
  EXPECT_EQ(j, expected);
  ASSERT_FALSE(j["trace"].empty());
  EXPECT_EQ(j["eccn"], "EAR99");
}

TEST_F(ApiTest, ClassifyACustomSpec) {
  json req = {{"spec", {{"id", "my-chip"}, {"name", "My Chip"}, {"designed_for", "datacenter"}, {"die_area_mm2", 800},
                        {"dense_tops", {{"fp8", 1000}}}}},
              {"as_of", "2025-05-01"}};
  json j = Send("POST", "/v1/classify", "/v1/classify", 200, &req);
  EXPECT_NEAR(j["metrics"]["tpp"].get<double>(), 8000, 1e-6);
  EXPECT_EQ(j["eccn"].get<std::string>().substr(0, 5), "3A090");
  EXPECT_TRUE(j["controlled"].get<bool>());
}

TEST_F(ApiTest, ClassifyBadInputs) {
  json neither = {{"as_of", "2025-05-01"}};
  EXPECT_EQ(Send("POST", "/v1/classify", "/v1/classify", 400, &neither)["error"]["code"], "invalid_argument");
  json unknown = {{"chip", "H20"}, {"colour", "red"}};
  EXPECT_EQ(Send("POST", "/v1/classify", "/v1/classify", 400, &unknown)["error"]["field"], "colour");
  json e = Send("POST", "/v1/classify", "/v1/classify", 400, nullptr, {}, "{not json");
  EXPECT_EQ(e["error"]["code"], "parse_error");
  EXPECT_EQ(e["error"]["field"], "body");
  json bad_chip = {{"chip", "NoSuchChip9000"}};
  json nf = Send("POST", "/v1/classify", "/v1/classify", 404, &bad_chip);
  EXPECT_EQ(nf["error"]["field"], "chip");
}

TEST_F(ApiTest, CheckAnswersAsTheEngine) {
  json req = {{"chip", "H20"}, {"quantity", 1000}, {"destination", "CN"}, {"as_of", "2025-05-01"}, {"explain", true}};
  json j = Send("POST", "/v1/check", "/v1/check", 200, &req);
  json engine_req = req;
  engine_req.erase("explain");
  Chip spec;
  auto r = app::CheckRequestFromJson(TheEngine(), engine_req, Date::FromDays(0), &spec);
  ASSERT_TRUE(r.ok());
  auto d = TheEngine().Check(*r, true);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(j, app::DecisionToJson(*d, TheEngine().rules(), true));
  EXPECT_FALSE(j["trace"].empty());
  EXPECT_FALSE(j["citations"].empty());
}

TEST_F(ApiTest, CheckRejectsBadFieldsNamingThem) {
  json bad_qty = {{"chip", "H20"}, {"quantity", "lots"}, {"destination", "CN"}};
  json e = Send("POST", "/v1/check", "/v1/check", 400, &bad_qty);
  EXPECT_EQ(e["error"]["field"], "quantity");
  EXPECT_NE(e["error"]["message"].get<std::string>().find("`lots`"), std::string::npos);
  json no_chip = {{"destination", "CN"}};
  EXPECT_EQ(Send("POST", "/v1/check", "/v1/check", 400, &no_chip)["error"]["field"], "chip");
  json two = {{"chip", "H20"}, {"quantity", "x"}, {"as_of", "yesterday"}, {"destination", "CN"}};
  json many = Send("POST", "/v1/check", "/v1/check", 400, &two);
  EXPECT_EQ(many["error"]["details"].size(), 2u);
}

TEST_F(ApiTest, BatchReportsPerItemErrors) {
  json req = {{"requests", json::array({{{"chip", "H20"}, {"destination", "CN"}, {"as_of", "2025-05-01"}},
                                        {{"chip", "NoSuchChip9000"}, {"destination", "CN"}},
                                        {{"chip", "H100"}, {"destination", "DE"}, {"as_of", "2025-05-01"}}})}};
  json j = Send("POST", "/v1/check/batch", "/v1/check/batch", 200, &req);
  ASSERT_EQ(j["results"].size(), 3u);
  EXPECT_EQ(j["failed"], 1);
  EXPECT_TRUE(j["results"][0].contains("decision"));
  EXPECT_EQ(j["results"][1]["error"]["code"], "not_found");
  EXPECT_EQ(j["results"][2]["index"], 2);
  json too_many = {{"requests", json::array()}};
  for (int i = 0; i < 6; ++i) too_many["requests"].push_back({{"chip", "H20"}, {"destination", "CN"}});
  EXPECT_EQ(Send("POST", "/v1/check/batch", "/v1/check/batch", 400, &too_many)["error"]["field"], "requests");
}

TEST_F(ApiTest, OversizedBodyIs413) {
  std::string big = "{\"chip\":\"H20\",\"end_user\":\"" + std::string(70 * 1024, 'x') + "\"}";
  json e = Send("POST", "/v1/check", "/v1/check", 413, nullptr, {}, big);
  EXPECT_EQ(e["error"]["code"], "invalid_argument");
  EXPECT_EQ(e["error"]["field"], "body");
}

TEST_F(ApiTest, UnknownEndpointIsJson404) {
  auto res = server_->Client().Get("/v1/nothing-here");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "not_found");
}

TEST_F(ApiTest, RulesInForceAndTimeline) {
  json all = Send("GET", "/v1/rules", "/v1/rules", 200);
  json dated = Send("GET", "/v1/rules?as_of=2025-05-01", "/v1/rules", 200);
  EXPECT_EQ(all["rules"].size(), TheEngine().rules().rules().size());
  EXPECT_LT(dated["rules"].size(), all["rules"].size());
  EXPECT_GT(dated["rules"].size(), 0u);
  Send("GET", "/v1/rules?as_of=nope", "/v1/rules", 400);
  json tl = Send("GET", "/v1/rules/timeline", "/v1/rules/timeline", 200);
  EXPECT_GT(tl["change_dates"].size(), 2u);
  EXPECT_EQ(tl["rules"].size(), all["rules"].size());
}

TEST_F(ApiTest, PlotSvgAndPlotDataFollowTheDate) {
  auto res = server_->Client().Get("/v1/plot.svg?as_of=2025-05-01");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_NE(res->body.find("<svg"), std::string::npos);
  json before = Send("GET", "/v1/plot-data?as_of=2022-01-01", "/v1/plot-data", 200);
  json after = Send("GET", "/v1/plot-data?as_of=2025-05-01", "/v1/plot-data", 200);
  auto controlled = [](const json& j) {
    int n = 0;
    for (const json& r : j["regions"]) n += r["controlled"].get<bool>() ? int(r["cells"].size()) : 0;
    return n;
  };
  EXPECT_EQ(controlled(before), 0) << "no 3A090 before October 2022";
  EXPECT_GT(controlled(after), 0);
  EXPECT_EQ(after["chips"].size(), TheEngine().catalog().chips().size());
  Send("GET", "/v1/plot-data?as_of=bad", "/v1/plot-data", 400);
}

TEST_F(ApiTest, ReloadNeedsAnAdminToken) {
  EXPECT_EQ(Send("POST", "/v1/admin/reload", "/v1/admin/reload", 401)["error"]["code"], "unauthorized");
  EXPECT_EQ(Send("POST", "/v1/admin/reload", "/v1/admin/reload", 401, nullptr, "ect_bogus")["error"]["code"], "unauthorized");
  json f = Send("POST", "/v1/admin/reload", "/v1/admin/reload", 403, nullptr, server_->viewer);
  EXPECT_EQ(f["error"]["code"], "forbidden");
  long before = server_->server->Current()->generation;
  json ok = Send("POST", "/v1/admin/reload", "/v1/admin/reload", 200, nullptr, server_->admin);
  EXPECT_EQ(ok["snapshot"].get<long>(), before + 1);
}

TEST_F(ApiTest, ReloadDuringRequestsDropsNothing) {
  std::atomic<bool> stop = false;
  std::atomic<int> failures = 0, done = 0;
  std::vector<std::thread> clients;
  for (int t = 0; t < 2; ++t)
    clients.emplace_back([&] {
      auto client = server_->Client();
      json req = {{"chip", "H20"}, {"quantity", 10}, {"destination", "CN"}, {"as_of", "2025-05-01"}};
      while (!stop) {
        auto res = client.Post("/v1/check", req.dump(), "application/json");
        if (!res || res->status != 200 || json::parse(res->body)["eccn"] != "EAR99") ++failures;
        ++done;
      }
    });
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(server_->server->Reload().ok());
  while (done < 50) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  for (auto& c : clients) c.join();
  EXPECT_EQ(failures, 0);
}

TEST_F(ApiTest, MetricsCountRequestsPerRoute) {
  json req = {{"chip", "H20"}, {"destination", "CN"}};
  Send("POST", "/v1/check", "/v1/check", 200, &req);
  auto res = server_->Client().Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("exportctl_http_requests_total{route=\"POST /v1/check\",code=\"2xx\"}"), std::string::npos);
  EXPECT_NE(res->body.find("exportctl_http_request_duration_seconds_bucket{route=\"POST /v1/check\",le=\"+Inf\"}"), std::string::npos);
}

TEST_F(ApiTest, PageExplainsAMissingBuild) {
  auto res = server_->Client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("not built"), std::string::npos);
}

#ifdef EXPORTCTL_HAVE_SCREEN
TEST_F(ApiTest, ScreenFindsAListedPartyWithItsExplanation) {
  json req = {{"name", "Beijing Biren Technology Development Co Ltd"}};
  json j = Send("POST", "/v1/screen", "/v1/screen", 200, &req);
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["entry_name"], "Beijing Biren Technology Development Co., Ltd.");
  json clear = {{"name", "Acme Widgets of Ohio"}};
  EXPECT_TRUE(Send("POST", "/v1/screen", "/v1/screen", 200, &clear)["hits"].empty());
  json empty = {{"name", "  "}};
  EXPECT_EQ(Send("POST", "/v1/screen", "/v1/screen", 400, &empty)["error"]["field"], "name");
  json bad_score = {{"name", "Biren"}, {"min_score", 3}};
  EXPECT_EQ(Send("POST", "/v1/screen", "/v1/screen", 400, &bad_score)["error"]["field"], "min_score");
  json pair = {{"a", "Beijing Biren Technology"}, {"b", "Biren Technology Beijing"}};
  json c = Send("POST", "/v1/screen/compare", "/v1/screen/compare", 200, &pair);
  EXPECT_GT(c["score"].get<double>(), 0.75);
}
#endif

// --- The licence ledger -------------------------------------------------------------------------

json LicenceBody(const std::string& number, int cap) {
  return {{"number", number},
          {"holder", "Acme Semiconductors Inc."},
          {"authority", "BIS"},
          {"items", {"nvidia-h20"}},
          {"destinations", {"CN"}},
          {"consignees", {"Example Cloud Ltd"}},
          {"quantity_cap", cap},
          {"value_cap", "1000000.00"},
          {"currency", "USD"},
          {"valid_from", "2026-01-01"},
          {"valid_to", "2026-12-31"},
          {"conditions", {{"revenue_share", "15%"}}}};
}

json ShipmentBody(const std::string& licence, int quantity) {
  return {{"licence", licence},    {"chip", "nvidia-h20"},    {"destination", "CN"},
          {"consignee", "Example Cloud Ltd"}, {"quantity", quantity}, {"unit_price", "1000.00"},
          {"currency", "USD"},     {"date", "2026-02-10"}};
}

httplib::Headers Key(const std::string& key) { return {{"Idempotency-Key", key}}; }

TEST_F(ApiTest, LicencesAreAddedListedShownAndAmendedByOfficers) {
  json body = LicenceBody("API-L1", 10);
  EXPECT_EQ(Send("POST", "/v1/licences", "/v1/licences", 401, &body)["error"]["code"], "unauthorized");
  EXPECT_EQ(Send("POST", "/v1/licences", "/v1/licences", 403, &body, server_->viewer)["error"]["code"], "forbidden");
  json added = Send("POST", "/v1/licences", "/v1/licences", 201, &body, server_->officer);
  EXPECT_EQ(added["number"], "API-L1");
  EXPECT_EQ(added["version"], 1);
  EXPECT_EQ(added["conditions"]["revenue_share_bp"], 1500);
  EXPECT_EQ(added["value_cap_minor"], 100000000);
  json again = Send("POST", "/v1/licences", "/v1/licences", 409, &body, server_->officer);
  EXPECT_EQ(again["error"]["code"], "conflict");

  json bad = LicenceBody("API-L2", 10);
  bad["quantity_cap"] = "lots";
  json e = Send("POST", "/v1/licences", "/v1/licences", 400, &bad, server_->officer);
  EXPECT_EQ(e["error"]["field"], "quantity_cap");
  bad = LicenceBody("API-L2", 10);
  bad.erase("holder");
  EXPECT_EQ(Send("POST", "/v1/licences", "/v1/licences", 400, &bad, server_->officer)["error"]["field"], "holder");
  Send("POST", "/v1/licences", "/v1/licences", 400, nullptr, server_->officer, "{\"number\":");

  json list = Send("GET", "/v1/licences", "/v1/licences", 200);
  bool listed = false;
  for (const json& item : list["licences"])
    if (item["licence"]["number"] == "API-L1") {
      listed = true;
      EXPECT_EQ(item["balance"]["quantity_remaining"], 10);
      EXPECT_EQ(item["revenue_share_owed"], "0.00");
    }
  EXPECT_TRUE(listed);

  json amend = {{"licence", LicenceBody("API-L1", 25)}, {"reason", "quantity raised by BIS letter"}};
  json amended = Send("POST", "/v1/licences/API-L1/amend", "/v1/licences/{number}/amend", 200, &amend, server_->officer);
  EXPECT_EQ(amended["version"], 2);
  EXPECT_EQ(amended["quantity_cap"], 25);
  EXPECT_EQ(amended["amendment_reason"], "quantity raised by BIS letter");
  json shown = Send("GET", "/v1/licences/API-L1", "/v1/licences/{number}", 200);
  EXPECT_EQ(shown["history"].size(), 2u);
  EXPECT_EQ(shown["history"][0]["quantity_cap"], 10);
  EXPECT_EQ(shown["balance"]["quantity_cap"], 25);

  json no_reason = {{"licence", LicenceBody("API-L1", 30)}};
  EXPECT_EQ(Send("POST", "/v1/licences/API-L1/amend", "/v1/licences/{number}/amend", 400, &no_reason, server_->officer)
                ["error"]["field"], "reason");
  json bad_cap = {{"licence", LicenceBody("API-L1", -1)}, {"reason", "typo"}};
  EXPECT_EQ(Send("POST", "/v1/licences/API-L1/amend", "/v1/licences/{number}/amend", 400, &bad_cap, server_->officer)
                ["error"]["field"], "licence.quantity_cap");
  json other = {{"licence", LicenceBody("API-L9", 30)}, {"reason", "wrong licence"}};
  EXPECT_EQ(Send("POST", "/v1/licences/API-L1/amend", "/v1/licences/{number}/amend", 400, &other, server_->officer)
                ["error"]["field"], "licence.number");
  json unknown = {{"licence", LicenceBody("API-NOPE", 30)}, {"reason", "r"}};
  EXPECT_EQ(Send("POST", "/v1/licences/API-NOPE/amend", "/v1/licences/{number}/amend", 404, &unknown, server_->officer)
                ["error"]["code"], "not_found");
  EXPECT_EQ(Send("GET", "/v1/licences/API-NOPE", "/v1/licences/{number}", 404)["error"]["code"], "not_found");
}

TEST_F(ApiTest, ShipmentsStayWithinTheCapAndReplayByIdempotencyKey) {
  json licence = LicenceBody("API-S1", 10);
  Send("POST", "/v1/licences", "/v1/licences", 201, &licence, server_->officer);
  json six = ShipmentBody("API-S1", 6);
  EXPECT_EQ(Send("POST", "/v1/shipments", "/v1/shipments", 401, &six, {}, {}, Key("s1-a"))["error"]["code"], "unauthorized");
  EXPECT_EQ(Send("POST", "/v1/shipments", "/v1/shipments", 403, &six, server_->viewer, {}, Key("s1-a"))["error"]["code"],
            "forbidden");
  json first = Send("POST", "/v1/shipments", "/v1/shipments", 201, &six, server_->officer, {}, Key("s1-a"));
  EXPECT_EQ(first["quantity"], 6);
  EXPECT_EQ(first["idempotency_key"], "s1-a");
  EXPECT_EQ(first["value"], "6000.00");
  EXPECT_FALSE(first["replayed"].get<bool>());
  json replay = Send("POST", "/v1/shipments", "/v1/shipments", 200, &six, server_->officer, {}, Key("s1-a"));
  EXPECT_TRUE(replay["replayed"].get<bool>());
  EXPECT_EQ(replay["id"], first["id"]);
  json in_body = ShipmentBody("API-S1", 6);
  in_body["idempotency_key"] = "s1-a";
  EXPECT_EQ(Send("POST", "/v1/shipments", "/v1/shipments", 200, &in_body, server_->officer)["id"], first["id"]);

  json seven = ShipmentBody("API-S1", 7);
  json clash = Send("POST", "/v1/shipments", "/v1/shipments", 409, &seven, server_->officer, {}, Key("s1-a"));
  EXPECT_EQ(clash["error"]["code"], "conflict");
  json five = ShipmentBody("API-S1", 5);
  json over = Send("POST", "/v1/shipments", "/v1/shipments", 409, &five, server_->officer, {}, Key("s1-b"));
  EXPECT_EQ(over["error"]["code"], "refused");
  EXPECT_EQ(over["error"]["message"], "refused: quantity 5 exceeds the remaining 4 of licence `API-S1`");

  json lots = ShipmentBody("API-S1", 1);
  lots["quantity"] = "lots";
  json bad = Send("POST", "/v1/shipments", "/v1/shipments", 400, &lots, server_->officer, {}, Key("s1-c"));
  EXPECT_EQ(bad["error"]["field"], "quantity");
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("`lots`"), std::string::npos);
  json no_key = ShipmentBody("API-S1", 1);
  EXPECT_EQ(Send("POST", "/v1/shipments", "/v1/shipments", 400, &no_key, server_->officer)["error"]["field"],
            "idempotency_key");
  json two_keys = ShipmentBody("API-S1", 1);
  two_keys["idempotency_key"] = "x";
  EXPECT_EQ(Send("POST", "/v1/shipments", "/v1/shipments", 400, &two_keys, server_->officer, {}, Key("y"))["error"]["field"],
            "idempotency_key");
  json several = ShipmentBody("API-S1", 1);
  several.erase("consignee");
  several["date"] = "2026-02-31";
  json many = Send("POST", "/v1/shipments", "/v1/shipments", 400, &several, server_->officer, {}, Key("s1-d"));
  EXPECT_EQ(many["error"]["details"].size(), 2u);
  json unknown_licence = ShipmentBody("API-NOPE", 1);
  EXPECT_EQ(Send("POST", "/v1/shipments", "/v1/shipments", 409, &unknown_licence, server_->officer, {}, Key("s1-e"))
                ["error"]["code"], "refused");
  std::string big = "{\"chip\":\"" + std::string(70 * 1024, 'x') + "\"}";
  EXPECT_EQ(Send("POST", "/v1/shipments", "/v1/shipments", 413, nullptr, server_->officer, big)["error"]["field"], "body");

  // The API's shapes are the shared mapping's (as the CLI prints them), read from the same database.
  auto ledger = app::OpenLedgerForUse(server_->ledger_url);
  ASSERT_TRUE(ledger.ok()) << ledger.error().ToString();
  EntryFilter filter;
  filter.licence_number = "API-S1";
  json listed = Send("GET", "/v1/shipments?licence=API-S1", "/v1/shipments", 200);
  auto entries = (*ledger)->Entries(filter);
  ASSERT_EQ(listed["shipments"].size(), 1u);
  EXPECT_EQ(listed["shipments"][0], app::EntryToJson(entries->front()));
  json balance = Send("GET", "/v1/reports/balances?licence=API-S1", "/v1/reports/balances", 200);
  EXPECT_EQ(balance["balances"][0], app::BalanceToJson((*ledger)->Balances("API-S1")->front()));
  EXPECT_EQ(balance["balances"][0]["quantity_remaining"], 4);
  json shares = Send("GET", "/v1/reports/revenue-share?licence=API-S1", "/v1/reports/revenue-share", 200);
  ASSERT_EQ(shares["revenue_share"].size(), 1u);
  EXPECT_EQ(shares["revenue_share"][0]["revenue_share_owed"], "900.00");  // 15% of 6 × 1000.00
  Send("GET", "/v1/reports/volume-ratio?licence=API-S1", "/v1/reports/volume-ratio", 200);
  EXPECT_EQ(Send("GET", "/v1/reports/balances?licence=API-NOPE", "/v1/reports/balances", 404)["error"]["code"], "not_found");
  EXPECT_EQ(Send("GET", "/v1/shipments?from=2026-13-01", "/v1/shipments", 400)["error"]["field"], "from");
  EXPECT_EQ(Send("GET", "/v1/shipments?party=example%20cloud%20ltd&to=2026-01-31", "/v1/shipments", 200)["shipments"].size(), 0u);
}

TEST_F(ApiTest, CancellationsAndReturnsCompensateShipments) {
  json licence = LicenceBody("API-C1", 10);
  Send("POST", "/v1/licences", "/v1/licences", 201, &licence, server_->officer);
  json eight = ShipmentBody("API-C1", 8);
  json shipped = Send("POST", "/v1/shipments", "/v1/shipments", 201, &eight, server_->officer, {}, Key("c1-ship"));
  std::string id = std::to_string(shipped["id"].get<long>());
  json ret = {{"quantity", 3}, {"date", "2026-02-11"}, {"reason", "damaged"}};
  json r = Send("POST", "/v1/shipments/" + id + "/return", "/v1/shipments/{id}/return", 201, &ret, server_->officer, {},
                Key("c1-ret"));
  EXPECT_EQ(r["kind"], "return");
  EXPECT_EQ(r["quantity"], -3);
  EXPECT_EQ(r["refers_to"], shipped["id"]);
  EXPECT_TRUE(Send("POST", "/v1/shipments/" + id + "/return", "/v1/shipments/{id}/return", 200, &ret, server_->officer, {},
                   Key("c1-ret"))["replayed"].get<bool>());
  json no_qty = {{"date", "2026-02-11"}};
  EXPECT_EQ(Send("POST", "/v1/shipments/" + id + "/return", "/v1/shipments/{id}/return", 400, &no_qty, server_->officer, {},
                 Key("c1-ret2"))["error"]["field"], "quantity");
  json cancel = {{"idempotency_key", "c1-cancel"}, {"date", "2026-02-12"}, {"reason", "order withdrawn"}};
  json c = Send("POST", "/v1/shipments/" + id + "/cancel", "/v1/shipments/{id}/cancel", 201, &cancel, server_->officer);
  EXPECT_EQ(c["quantity"], -5);
  json balance = Send("GET", "/v1/reports/balances?licence=API-C1", "/v1/reports/balances", 200);
  EXPECT_EQ(balance["balances"][0]["quantity_used"], 0);
  json twice = {{"idempotency_key", "c1-cancel2"}, {"date", "2026-02-12"}};
  json refused = Send("POST", "/v1/shipments/" + id + "/cancel", "/v1/shipments/{id}/cancel", 409, &twice, server_->officer);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("already fully cancelled"), std::string::npos);
  json unknown = {{"idempotency_key", "c1-cancel3"}, {"date", "2026-02-12"}};
  EXPECT_EQ(Send("POST", "/v1/shipments/999999/cancel", "/v1/shipments/{id}/cancel", 404, &unknown, server_->officer)
                ["error"]["code"], "not_found");
  EXPECT_EQ(Send("POST", "/v1/shipments/" + id + "/cancel", "/v1/shipments/{id}/cancel", 403, &unknown, server_->viewer)
                ["error"]["code"], "forbidden");
}

TEST_F(ApiTest, AuditVerifyIsOpenAndTheLogIsForAdmins) {
  json licence = LicenceBody("API-A1", 5);
  Send("POST", "/v1/licences", "/v1/licences", 201, &licence, server_->officer);
  json one = ShipmentBody("API-A1", 1);
  Send("POST", "/v1/shipments", "/v1/shipments", 201, &one, server_->officer, {}, Key("a1-ship"));
  json report = Send("GET", "/v1/audit/verify", "/v1/audit/verify", 200);
  EXPECT_TRUE(report["ok"].get<bool>()) << report.dump();
  EXPECT_GE(report["entries"].get<int>(), 2);
  EXPECT_EQ(report["head_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(Send("GET", "/v1/audit", "/v1/audit", 401)["error"]["code"], "unauthorized");
  EXPECT_EQ(Send("GET", "/v1/audit", "/v1/audit", 403, nullptr, server_->officer)["error"]["code"], "forbidden");
  json log = Send("GET", "/v1/audit", "/v1/audit", 200, nullptr, server_->admin);
  ASSERT_EQ(log["entries"].size(), report["entries"].get<std::size_t>());
  EXPECT_EQ(log["entries"].back()["hash"], report["head_hash"]);
  EXPECT_EQ(log["entries"][0]["prev_hash"], std::string(64, '0'));
}

TEST(ApiLedgerStartupTest, AnUnreadableLedgerStopsTheStart) {
  auto dir = std::filesystem::temp_directory_path() / ("exportctl-api-ledger-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "not-a-file.sqlite");
  ServerOptions options;
  options.port = 0;
  options.openapi_path = kSource + "/server/openapi.json";
  options.ledger_url = "sqlite:" + (dir / "not-a-file.sqlite").string();
  auto created = Server::Create(options, MakeSnapshotLoader(EngineOptions{kSource + "/data", {}}, dir.string()));
  EXPECT_FALSE(created.ok());
  std::filesystem::remove_all(dir);
}

TEST(ApiAuthReadsTest, ReadsNeedAViewerTokenWhenAsked) {
  ServerOptions options;
  options.threads = 2;
  options.require_token_for_reads = true;
  RunningServer s(options);
  auto client = s.Client();
  json req = {{"chip", "H20"}, {"destination", "CN"}};
  auto anonymous = client.Post("/v1/check", req.dump(), "application/json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(json::parse(anonymous->body)["error"]["field"], "token");
  auto viewer = client.Post("/v1/check", {{"Authorization", "Bearer " + s.viewer}}, req.dump(), "application/json");
  ASSERT_TRUE(viewer);
  EXPECT_EQ(viewer->status, 200);
  EXPECT_EQ(client.Get("/health")->status, 200);  // public
  EXPECT_EQ(client.Get("/v1/licences")->status, 401);  // ledger reads too
  EXPECT_EQ(client.Get("/v1/licences", {{"Authorization", "Bearer " + s.viewer}})->status, 200);
}

}  // namespace
}  // namespace exportctl::server
