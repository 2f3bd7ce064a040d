// API tests: the server in-process on a free loopback port, every endpoint including the 400, 401,
// 403, 404 and 413 paths, each response validated against server/openapi.json, and answers compared
// with the engine's own (the API must say what the CLI says).
#include <set>
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
#include "common/file.h"
#include "exportctl/lab.h"
#include "lab/lab_json.h"
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
    ledger_url = "sqlite:" + (home_ / "ledger.sqlite").string();
    {  // The users, as the local operator creates them (`exportctl token create`).
      auto ledger = Ledger::Open(ledger_url);
      if (!ledger.ok() || !(*ledger)->Migrate().ok()) throw std::runtime_error("cannot create the test ledger");
      (*ledger)->SetActor(Actor{.name = "os:test", .local = true});
      viewer = *(*ledger)->CreateToken("test-viewer", UserRole::kViewer, "api tests");
      officer = *(*ledger)->CreateToken("test-officer", UserRole::kOfficer, "api tests");
      approver = *(*ledger)->CreateToken("test-approver", UserRole::kOfficer, "api tests: the second pair of eyes");
      admin = *(*ledger)->CreateToken("test-admin", UserRole::kAdmin, "api tests");
    }
    options.port = 0;
    options.openapi_path = kSource + "/server/openapi.json";
    options.ledger_url = ledger_url;
    // The golden corpus is loaded (what-if runs it) but not run as a smoke test on every reload.
    auto created = Server::Create(options, MakeSnapshotLoader(EngineOptions{kSource + "/data", {}}, home_.string(),
                                                              kSource + "/tests/cases", /*smoke_test=*/false));
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
  std::string viewer, officer, approver, admin;
  std::string ledger_url;  // a fresh SQLite ledger in the temporary home

 private:
  static inline int counter_ = 0;
  std::filesystem::path home_;
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
    const std::string payload = body ? body->dump() : raw_body;
    httplib::Result res = method == "GET"   ? client.Get(target, headers)
                          : method == "PUT" ? client.Put(target, headers, payload, "application/json")
                                            : client.Post(target, headers, payload, "application/json");
    EXPECT_TRUE(res) << method << " " << target << ": no response";
    if (!res) return nullptr;
    EXPECT_EQ(res->status, expect_status) << method << " " << target << ": " << res->body.substr(0, 400);
    std::string ctype = res->get_header_value("Content-Type");
    std::string base = ctype.substr(0, ctype.find(';'));
    std::string lower_method = method == "GET" ? "get" : method == "PUT" ? "put" : "post";
    for (const std::string& problem : validator_->ValidateResponse(documented, lower_method, res->status, res->body, base))
      ADD_FAILURE() << method << " " << target << " does not match openapi.json: " << problem;
    if (base != "application/json") return json(res->body);
    return json::parse(res->body, nullptr, false);
  }

  static const Engine& TheEngine() { return *server_->server->Current()->engine; }

  // The second pair of eyes: approves a pending change request (as test-approver).
  static json ApproveChange(const json& proposed) {
    EXPECT_EQ(proposed["state"], "pending") << proposed.dump();
    const std::string id = std::to_string(proposed["id"].get<int>());
    return Send("POST", "/v1/changes/" + id + "/approve", "/v1/changes/{id}/approve", 200, nullptr, server_->approver);
  }
  // A licence in force: proposed by test-officer, approved by test-approver.
  static json AddApprovedLicence(const json& licence) {
    return ApproveChange(Send("POST", "/v1/licences", "/v1/licences", 202, &licence, server_->officer))["licence"];
  }

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
                           "/v1/licences", "/v1/shipments", "/v1/reports/balances", "/v1/audit/verify", "/v1/lab/design",
                           "/v1/lab/timeline", "/v1/lab/timeline.svg", "/v1/lab/whatif", "/v1/rules/files/{path}"})
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
      EXPECT_EQ(c["eccn"], "3A991.p");  // below 3A090, an IC with 8 TOPS or more
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
  EXPECT_EQ(j["eccn"], "3A991.p");
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

// A JSON spec is read by the same table reader as a --spec file, without a detour through TOML
// text: null is an absent figure (a die area unknown leaves the density unknown), a wrong type or
// an unknown key is refused naming `spec`, and nesting deeper than a spec has is refused.
TEST_F(ApiTest, ClassifyASpecWithNullsAndBadValues) {
  json with_null = {{"spec", {{"id", "x1"}, {"name", "X1"}, {"designed_for", "datacenter"}, {"die_area_mm2", nullptr},
                              {"dense_tops", {{"fp8", 1000}, {"fp16", nullptr}}}}},
                    {"as_of", "2025-05-01"}};
  json j = Send("POST", "/v1/classify", "/v1/classify", 200, &with_null);
  EXPECT_NEAR(j["metrics"]["tpp"].get<double>(), 8000, 1e-6);
  EXPECT_TRUE(j["metrics"]["pd"].is_null());
  for (json bad : {json{{"id", "x2"}, {"name", "X2"}, {"designed_for", "datacenter"}, {"die_area_mm2", "big"}},
                   json{{"id", "x3"}, {"name", "X3"}, {"designed_for", "datacenter"}, {"colour", "red"}},
                   json{{"id", "x4"}, {"name", "X4"}, {"designed_for", "datacenter"}, {"dense_tops", {{"fp8", {{"a", {{"b", {{"c", 1}}}}}}}}}},
                   json{{"id", "x5"}, {"name", "X5"}, {"designed_for", "datacenter"}, {"sources", {"a", nullptr}}}}) {
    json req = {{"spec", bad}, {"as_of", "2025-05-01"}};
    json e = Send("POST", "/v1/classify", "/v1/classify", 400, &req);
    EXPECT_EQ(e["error"]["field"], "spec") << bad.dump();
  }
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
  // Every kind of bad field names itself, however the value is wrong.
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"chip", "H20"}, {"destination", "CN"}, {"owners", {"Acme"}}}, "owners"},
      {{{"chip", "H20"}, {"destination", "CN"}, {"owners", {{{"name", 3}}}}}, "owners"},
      {{{"chip", "H20"}, {"destination", "CN"}, {"end_user", {{"name", "x"}}}}, "end_user"},
      {{{"chip", "H20"}, {"destination", "CN"}, {"spec", {{"id", "p"}, {"name", "P"}}}}, "spec"},
      {{{"destination", "CN"}, {"contains", {"0x H20"}}}, "contains"},
  };
  for (const auto& [body, field] : cases)
    EXPECT_EQ(Send("POST", "/v1/check", "/v1/check", 400, &body)["error"]["field"], field) << body.dump();
  json unknown_ic = {{"destination", "CN"}, {"contains", {"8x NoSuchChip"}}};
  EXPECT_EQ(Send("POST", "/v1/check", "/v1/check", 404, &unknown_ic)["error"]["field"], "contains");
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
  // The page and the SVG draw the same regions in the same colours (one sampler, one palette):
  // on 2025-05-01 the 2023 rule's 3A090.a.1 (red) and 3A090.b (yellow) are among them.
  std::set<std::string> colours;
  for (const json& r : after["regions"]) {
    const std::string colour = r["colour"];
    if (colour.empty()) continue;
    colours.insert(colour);
    if (r["eccn"] != "undetermined") EXPECT_NE(res->body.find("fill=\"" + colour + "\""), std::string::npos) << r["eccn"];
    EXPECT_NE(res->body.find(r["label"].get<std::string>()), std::string::npos) << r["eccn"];
  }
  EXPECT_TRUE(colours.contains("#c0392b") && colours.contains("#f1c40f")) << after["regions"].dump().substr(0, 400);
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
        if (!res || res->status != 200 || json::parse(res->body)["eccn"] != "3A991.p") {
          if (failures++ == 0)
            ADD_FAILURE() << (res ? std::to_string(res->status) + " " + res->body.substr(0, 300)
                                  : "no response: " + httplib::to_string(res.error()));
        }
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

// --- The policy lab -----------------------------------------------------------------------------

// The bundled us/classification.toml with 3A090.a.1's threshold moved from TPP 4800 to 5000.
// The bundled classification rules with 3A090.a.1's TPP threshold (4800 in the rule text) moved.
std::string ClassificationWithA1At(int tpp) {
  std::string text = *detail::ReadFile(kSource + "/data/rules/us/classification.toml");
  const std::string rule = "id = \"US-EAR-ACS23-3A090.a.1\"";
  std::size_t at = text.find(rule);
  std::size_t when = text.find("tpp >= 4800\"", at);
  EXPECT_NE(at, std::string::npos);
  EXPECT_NE(when, std::string::npos);
  return text.replace(when, std::string("tpp >= 4800").size(), "tpp >= " + std::to_string(tpp));
}
std::string ClassificationWithA1At5000() { return ClassificationWithA1At(5000); }
std::string ClassificationWithA1At2000() { return ClassificationWithA1At(2000); }

const json* Control(const json& report, const std::string& section, const std::string& id) {
  const json& controls = section == "derived" ? report["derived"]["controls"] : report["controls"];
  for (const json& c : controls)
    if (c["id"] == id) return &c;
  return nullptr;
}

const json* Limit(const json& control, const std::string& figure) {
  for (const json& l : control["limits"])
    if (l["figure"] == figure) return &l;
  return nullptr;
}

TEST_F(ApiTest, LabDesignIsTheCliReport) {
  json j = Send("GET", "/v1/lab/design?chip=H100&to=CN&as_of=2025-06-01", "/v1/lab/design", 200);
  lab::DesignRequest r;
  r.base = *TheEngine().FindChip("H100");
  r.destination = "CN";
  r.as_of = *Date::Parse("2025-06-01");
  auto report = lab::ExploreDesign(TheEngine(), r);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(j, lab::DesignToJson(*report));
  // regulation.md §2.3: 3A090.b, TPP 2400 (with PD 3.2 for the die area at that TPP): the H20's ceiling.
  const json* any = Control(j, "controls", "3A090/4A090");
  ASSERT_NE(any, nullptr);
  EXPECT_EQ(j["controls"][0]["id"], "3A090/4A090");
  const json* tpp = Limit(*any, "tpp");
  ASSERT_NE(tpp, nullptr);
  EXPECT_EQ((*tpp)["state"], "bounded");
  EXPECT_NEAR((*tpp)["limit"].get<double>(), 2400, 1e-3);
  EXPECT_LT((*tpp)["limit"].get<double>(), 2400);
  EXPECT_NEAR((*tpp)["margin"].get<double>(), 2400 / 15831.2 - 1, 1e-6);
  EXPECT_NEAR(any->at("max_dense_tops")["fp16"].get<double>(), 150, 0.01);
  EXPECT_NEAR(j["derived"]["tpp"].get<double>(), 2400, 1e-3);
  const json* die = Limit(*Control(j, "derived", "3A090/4A090"), "die_area");
  EXPECT_NEAR((*die)["limit"].get<double>(), 750, 1e-3);  // 2400 / 3.2
  // Keeping FP16 only: its ceiling is the TPP limit over its bit length, 2400 / 16.
  json keep = Send("GET", "/v1/lab/design?chip=H100&to=CN&as_of=2025-06-01&keep=fp16", "/v1/lab/design", 200);
  EXPECT_EQ(keep["keep"], "fp16");
  ASSERT_EQ(keep["controls"][0]["max_dense_tops"].size(), 1u);
  EXPECT_NEAR(keep["controls"][0]["max_dense_tops"]["fp16"].get<double>(), 150, 1e-3);
}

TEST_F(ApiTest, LabDesignNamesTheBadParameter) {
  auto field = [](const std::string& query, int status) {
    return Send("GET", "/v1/lab/design?" + query, "/v1/lab/design", status)["error"]["field"];
  };
  EXPECT_EQ(field("chip=H100&to=XX", 400), "to");
  EXPECT_EQ(field("chip=H100", 400), "to");
  EXPECT_EQ(field("to=CN", 400), "chip");
  EXPECT_EQ(field("chip=H100&to=CN&as_of=2025-13-01", 400), "as_of");
  EXPECT_EQ(field("chip=H100&to=CN&keep=fp3", 400), "keep");
  EXPECT_EQ(field("chip=H100&to=CN&end_user_hq=ZZ", 400), "end_user_hq");
  EXPECT_EQ(field("chip=H100&destination=CN", 400), "destination");
  json nf = Send("GET", "/v1/lab/design?chip=NoSuchChip9000&to=CN", "/v1/lab/design", 404);
  EXPECT_EQ(nf["error"]["code"], "not_found");
  EXPECT_EQ(nf["error"]["field"], "chip");
}

TEST_F(ApiTest, LabTimelineOfTheH20ToChina) {
  json j = Send("GET", "/v1/lab/timeline?chip=H20&to=CN&to_date=2026-01-01", "/v1/lab/timeline", 200);
  lab::TimelineRequest r;
  r.shipment.chip = *TheEngine().FindChip("H20");
  r.shipment.destination = "CN";
  r.shipment.ship_from = "US";
  r.from = *Date::Parse("2022-01-01");
  r.to = *Date::Parse("2026-01-01");
  auto t = lab::StatusTimeline(TheEngine(), r);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(j, lab::TimelineToJson(*t));
  // regulation.md: the H20 needs a licence for China from 2025-04-09 (the "is informed" letter).
  // Before it: EAR99, then 3A991.p from 2023-11-17 (AT only: no licence to China).
  ASSERT_GE(j["intervals"].size(), 3u);
  EXPECT_EQ(j["intervals"][0]["from"], "2022-01-01");
  EXPECT_EQ(j["intervals"][0]["to"], "2023-11-16");
  EXPECT_EQ(j["intervals"][1]["to"], "2025-04-08");
  EXPECT_EQ(j["intervals"][1]["eccn"], "3A991.p");
  EXPECT_EQ(j["intervals"][1]["outcome"], "no_license_required");
  const json& letter = j["intervals"][2];
  EXPECT_EQ(letter["from"], "2025-04-09");
  EXPECT_EQ(letter["outcome"], "license_required");
  EXPECT_EQ(letter["review_policy"], "presumption_of_denial");
  EXPECT_EQ(letter["changed_by"], json::array({"US-ISINF-2025-H20"}));

  auto svg = server_->Client().Get("/v1/lab/timeline.svg?chip=H20&to=CN&to_date=2026-01-01");
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->status, 200);
  EXPECT_EQ(svg->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_NE(svg->body.find("<svg"), std::string::npos);
  EXPECT_NE(svg->body.find("2025-04-09"), std::string::npos);
  Send("GET", "/v1/lab/timeline.svg?chip=H20&to=CN&to_date=2026-01-01", "/v1/lab/timeline.svg", 200);

  // An end user headquartered in China shipped to Malaysia: the HQ rule follows the H20 too.
  json hq = Send("GET", "/v1/lab/timeline?chip=H20&to=MY&end_user_hq=CN&to_date=2026-01-01", "/v1/lab/timeline", 200);
  EXPECT_EQ(hq["end_user_hq"], "CN");
  EXPECT_EQ(hq["destination"], "MY");
}

TEST_F(ApiTest, LabTimelineNamesTheBadParameter) {
  auto error = [](const std::string& path, const std::string& query, int status) {
    return Send("GET", path + "?" + query, path, status)["error"];
  };
  for (const std::string path : {"/v1/lab/timeline", "/v1/lab/timeline.svg"}) {
    EXPECT_EQ(error(path, "chip=H20&to=CN&from=2022-13-01", 400)["field"], "from");
    EXPECT_EQ(error(path, "chip=H20&to=CN&to_date=tomorrow", 400)["field"], "to_date");
    EXPECT_EQ(error(path, "chip=H20&to=CN&from=2025-01-01&to_date=2024-01-01", 400)["field"], "from");
    EXPECT_EQ(error(path, "chip=H20&to=CN&from=1800-01-01", 400)["field"], "from");
    EXPECT_EQ(error(path, "chip=H20&to=C", 400)["field"], "to");
    EXPECT_EQ(error(path, "chip=H20&to=CN&ship_from=QQ", 400)["field"], "ship_from");
    EXPECT_EQ(error(path, "chip=NoSuchChip9000&to=CN", 404)["field"], "chip");
  }
}

TEST_F(ApiTest, RuleFilesAreServedFromTheRuleDirectoryOnly) {
  json list = Send("GET", "/v1/rules/files", "/v1/rules/files", 200);
  EXPECT_EQ(list["ruleset"]["id"], TheEngine().rules().id());
  EXPECT_NE(std::find(list["files"].begin(), list["files"].end(), "us/classification.toml"), list["files"].end());
  EXPECT_NE(std::find(list["files"].begin(), list["files"].end(), "ruleset.toml"), list["files"].end());
  json text = Send("GET", "/v1/rules/files/us/classification.toml", "/v1/rules/files/{path}", 200);
  EXPECT_EQ(text.get<std::string>(), *detail::ReadFile(kSource + "/data/rules/us/classification.toml"));
  auto path_error = [](const std::string& target, int status) {
    return Send("GET", target, "/v1/rules/files/{path}", status)["error"];
  };
  EXPECT_EQ(path_error("/v1/rules/files/us/%2e%2e/%2e%2e/catalog/nvidia.toml", 400)["field"], "path");
  EXPECT_EQ(path_error("/v1/rules/files/%2Fetc%2Fhostname.toml", 400)["field"], "path");
  EXPECT_EQ(path_error("/v1/rules/files/us/classification.txt", 400)["field"], "path");
  EXPECT_EQ(path_error("/v1/rules/files/us/nothing-here.toml", 404)["code"], "not_found");
}

TEST_F(ApiTest, LabWhatIfOfADraftThreshold) {
  const std::string draft_text = ClassificationWithA1At5000();
  json req = {{"as_of", "2025-06-01"}, {"files", {{"us/classification.toml", draft_text}}}};
  // A what-if costs two evaluations of the catalog and the corpus: never without a token.
  EXPECT_EQ(Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 401, &req)["error"]["field"], "token");
  json j = Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 200, &req, server_->viewer);

  // The same report as the library's (the CLI's JSON) for the same draft written to a directory.
  auto dir = std::filesystem::temp_directory_path() / ("exportctl-api-whatif-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kSource + "/data/rules", dir, std::filesystem::copy_options::recursive);
  std::ofstream(dir / "us/classification.toml", std::ios::binary | std::ios::trunc) << draft_text;
  auto rules = RuleSet::LoadDir(dir.string(), &TheEngine().countries());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  auto cases = app::LoadGoldenCases(kSource + "/tests/cases");
  ASSERT_TRUE(cases.ok());
  auto draft = TheEngine().WithRules(*rules);
  EXPECT_EQ(j, lab::WhatIfToJson(lab::RunWhatIf(TheEngine(), *draft, GoldenCorpus{*cases}, *Date::Parse("2025-06-01"))));

  EXPECT_EQ(j["rule_diff"]["modified"], json::array({"US-EAR-ACS23-3A090.a.1 (from 2023-11-17)"}));
  EXPECT_EQ(j["chips_evaluated"].get<std::size_t>(), TheEngine().catalog().chips().size());
  EXPECT_EQ(j["cases_evaluated"].get<std::size_t>(), cases->size());
  bool a100 = false;
  for (const json& c : j["changes"])
    if (c["kind"] == "classification" && c["subject"] == "nvidia-a100-sxm") {
      a100 = true;  // TPP 4992: 3A090.a.1 at 4800, only a.2 (PD 6.04 >= 5.92) at 5000
      EXPECT_EQ(c["in_force"]["result"], "3A090.a.1");
      EXPECT_EQ(c["draft"]["result"], "3A090.a.2");
      EXPECT_NE(c["draft"]["explanation"].get<std::string>().find("tpp >= 5000 (tpp = 4992) false"), std::string::npos);
    }
  EXPECT_TRUE(a100) << j["changes"].dump();
  EXPECT_EQ(j.dump().find(std::filesystem::temp_directory_path().string() + "/exportctl-draft"), std::string::npos);

  // The rule set unchanged: nothing changes, and its hash is the one in force.
  std::string same = *detail::ReadFile(kSource + "/data/rules/us/classification.toml");
  json unchanged = {{"as_of", "2025-06-01"}, {"files", {{"us/classification.toml", same}}}};
  json none = Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 200, &unchanged, server_->viewer);
  EXPECT_TRUE(none["changes"].empty());
  EXPECT_EQ(none["draft_ruleset"], none["in_force_ruleset"]);
}

// The impact of lowering 3A090.a.1 from TPP 4800 (the rule text's figure) to 2000 on a logged
// check and on pending orders: the H20 (TPP 2368) flips from 3A991.p to 3A090.a.1; the A100
// (3A090 under both) does not. The same report as the library's.
TEST_F(ApiTest, AdminImpactListsTheAnswersACandidateRuleSetWouldChange) {
  json check = {{"chip", "H20"}, {"destination", "CN"}, {"end_user_hq", "CN"}, {"end_user", "Impact Probe Cloud Ltd"},
                {"as_of", "2025-01-10"}};
  ASSERT_EQ(Send("POST", "/v1/check", "/v1/check", 200, &check)["outcome"], "no_license_required");
  // The decision log is written within 50 ms by a thread of its own: wait until the check is in it.
  bool logged = false;
  for (int i = 0; i < 100 && !logged; ++i) {
    json list = Send("GET", "/v1/decisions?party=Impact%20Probe", "/v1/decisions", 200, nullptr, server_->viewer);
    logged = !list["decisions"].empty();
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(logged);
  json req = {{"as_of", "2025-01-10"},
              {"since", "2020-01-01"},
              {"files", {{"us/classification.toml", ClassificationWithA1At2000()}}},
              {"orders", {{{"chip", "H20"}, {"destination", "CN"}, {"end_user_hq", "CN"}, {"quantity", 10}},
                          {{"chip", "A100"}, {"destination", "DE"}, {"end_user_hq", "DE"}}}}};
  EXPECT_EQ(Send("POST", "/v1/admin/impact", "/v1/admin/impact", 401, &req)["error"]["field"], "token");
  EXPECT_EQ(Send("POST", "/v1/admin/impact", "/v1/admin/impact", 403, &req, server_->officer)["error"]["code"], "forbidden");
  json j = Send("POST", "/v1/admin/impact", "/v1/admin/impact", 200, &req, server_->admin);
  EXPECT_EQ(j["rule_diff"]["modified"], json::array({"US-EAR-ACS23-3A090.a.1 (from 2023-11-17)"}));
  EXPECT_EQ(j["evaluated"]["orders"], 2);
  EXPECT_GE(j["evaluated"]["decision_log"].get<int>(), 1);
  bool logged_flips = false, order_flips = false;
  for (const json& c : j["changes"]) {
    EXPECT_NE(c["summary"].get<std::string>().find("nvidia-h20"), std::string::npos) << c.dump();
    EXPECT_NE(c["candidate"]["result"].get<std::string>().find("eccn 3A090.a.1"), std::string::npos) << c.dump();
    if (c["source"] == "decision_log" && c["summary"].get<std::string>().find("Impact Probe") != std::string::npos) {
      logged_flips = true;
      EXPECT_EQ(c["in_force"]["result"], "no_license_required, eccn 3A991.p");
    }
    if (c["reference"] == "orders[0]") order_flips = true;
  }
  EXPECT_TRUE(logged_flips && order_flips) << j.dump(1);

  json bad = req;
  bad["since"] = "2025-02-30";
  EXPECT_EQ(Send("POST", "/v1/admin/impact", "/v1/admin/impact", 400, &bad, server_->admin)["error"]["field"], "since");
  bad = req;
  bad["orders"] = json::array({"H20 to CN"});
  EXPECT_EQ(Send("POST", "/v1/admin/impact", "/v1/admin/impact", 400, &bad, server_->admin)["error"]["field"], "orders");
}

TEST_F(ApiTest, LabWhatIfReportsDraftErrorsWithFileAndLine) {
  std::string text = ClassificationWithA1At5000();
  std::string broken = text;
  broken.replace(broken.find("tpp >= 5000\""), std::string("tpp >= 5000\"").size(), "tpp >== 5000\"");
  json req = {{"files", {{"us/classification.toml", broken}}}};
  json e = Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 400, &req, server_->viewer)["error"];
  EXPECT_EQ(e["code"], "parse_error");
  EXPECT_EQ(e["field"], "files.us/classification.toml");
  ASSERT_TRUE(e.contains("location")) << e.dump();
  EXPECT_TRUE(e["location"].get<std::string>().starts_with("us/classification.toml:")) << e.dump();

  std::string toml_error = text;
  toml_error.replace(toml_error.find("eccn = \"3A090.a.2\""), std::string("eccn = \"3A090.a.2\"").size(), "eccn = = 12");
  toml_error.replace(toml_error.find("tpp >= 5000\""), std::string("tpp >= 5000\"").size(), "tpp >== 5000\"");
  json two = {{"files", {{"us/classification.toml", toml_error}}}};
  json bad_toml = Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 400, &two, server_->viewer)["error"];
  EXPECT_EQ(bad_toml["code"], "parse_error");  // the file does not parse: its first syntax error

  std::string invalid = text;
  invalid.replace(invalid.find("eccn = \"3A090.a.2\""), std::string("eccn = \"3A090.a.2\"").size(), "eccn = 12");
  invalid.replace(invalid.find("tpp >= 5000\""), std::string("tpp >= 5000\"").size(), "tpp >== 5000\"");
  json many = {{"files", {{"us/classification.toml", invalid}}}};
  json v = Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 422, &many, server_->viewer)["error"];
  ASSERT_GE(v["details"].size(), 2u) << v.dump();
  for (const json& d : v["details"]) {
    EXPECT_EQ(d["field"], "files.us/classification.toml");
    EXPECT_TRUE(d["location"].get<std::string>().starts_with("us/classification.toml:")) << d.dump();
  }

  auto name_error = [](const std::string& name) {
    json body = {{"files", {{name, "schema_version = 1\n"}}}};
    json err = Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 400, &body, server_->viewer)["error"];
    EXPECT_EQ(err["code"], "invalid_argument") << name;
    EXPECT_EQ(err["field"], "files") << name;
    return err["message"].get<std::string>();
  };
  EXPECT_NE(name_error("../catalog/nvidia.toml").find("`..`"), std::string::npos);
  EXPECT_NE(name_error("us/../../x.toml").find("`..`"), std::string::npos);
  EXPECT_NE(name_error("/etc/x.toml").find("absolute"), std::string::npos);
  EXPECT_NE(name_error("us/classification.txt").find("*.toml"), std::string::npos);
  EXPECT_NE(name_error("us\\classification.toml").find("letters"), std::string::npos);

  json not_text = {{"files", {{"us/classification.toml", 42}}}};
  EXPECT_EQ(Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 400, &not_text, server_->viewer)["error"]["field"], "files.us/classification.toml");
  json no_files = {{"as_of", "2025-06-01"}};
  EXPECT_EQ(Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 400, &no_files, server_->viewer)["error"]["field"], "files");
  json bad_date = {{"as_of", "2025-02-30"}, {"files", json::object()}};
  EXPECT_EQ(Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 400, &bad_date, server_->viewer)["error"]["field"], "as_of");
  json extra = {{"files", json::object()}, {"rules_dir", "/etc"}};
  EXPECT_EQ(Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 400, &extra, server_->viewer)["error"]["field"], "rules_dir");
  // The body limit (64 KiB in these tests) holds for drafts too.
  json big = {{"files", {{"us/classification.toml", text + "\n#" + std::string(70 * 1024, 'x') + "\n"}}}};
  EXPECT_EQ(Send("POST", "/v1/lab/whatif", "/v1/lab/whatif", 413, &big, server_->viewer)["error"]["field"], "body");
}

#ifdef EXPORTCTL_HAVE_SCREEN
TEST_F(ApiTest, ScreenFindsAListedPartyWithItsExplanation) {
  json req = {{"name", "Beijing Biren Technology Development Co Ltd"}};
  json j = Send("POST", "/v1/screen", "/v1/screen", 200, &req);
  ASSERT_FALSE(j["hits"].empty());
  EXPECT_EQ(j["hits"][0]["entry_name"], "Beijing Biren Technology Development Co., Ltd.");
  json clear = {{"name", "Acme Widgets of Ohio"}};
  json cleared = Send("POST", "/v1/screen", "/v1/screen", 200, &clear);
  EXPECT_TRUE(cleared["hits"].empty());
  EXPECT_FALSE(cleared.contains("unread"));
  json sinhala = {{"name", "මහින්ද රාජපක්ෂ"}};  // no transliteration to Latin: said, not answered "no hits"
  EXPECT_EQ(Send("POST", "/v1/screen", "/v1/screen", 200, &sinhala)["unread"],
            (json{{"words", "මහින්ද රාජපක්ෂ"}, {"scripts", "Sinhala"}}));
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

// Four eyes: a licence (or an amendment) proposed by one officer takes effect only when another
// approves it; the proposer cannot approve their own request.
TEST_F(ApiTest, LicencesTakeEffectOnlyWhenASecondOfficerApproves) {
  json body = LicenceBody("API-L1", 10);
  EXPECT_EQ(Send("POST", "/v1/licences", "/v1/licences", 401, &body)["error"]["code"], "unauthorized");
  EXPECT_EQ(Send("POST", "/v1/licences", "/v1/licences", 403, &body, server_->viewer)["error"]["code"], "forbidden");
  json proposed = Send("POST", "/v1/licences", "/v1/licences", 202, &body, server_->officer);
  EXPECT_EQ(proposed["state"], "pending");
  EXPECT_EQ(proposed["kind"], "add_licence");
  EXPECT_EQ(proposed["requested_by"], "test-officer");
  const std::string id = std::to_string(proposed["id"].get<int>());
  // Not in force yet.
  EXPECT_EQ(Send("GET", "/v1/licences/API-L1", "/v1/licences/{number}", 404)["error"]["code"], "not_found");
  json pending = Send("GET", "/v1/changes", "/v1/changes", 200, nullptr, server_->viewer);
  bool listed_pending = false;
  for (const json& c : pending["changes"]) listed_pending |= c["id"] == proposed["id"];
  EXPECT_TRUE(listed_pending);
  // The requester cannot approve it; a viewer cannot either.
  json self = Send("POST", "/v1/changes/" + id + "/approve", "/v1/changes/{id}/approve", 403, nullptr, server_->officer);
  EXPECT_NE(self["error"]["message"].get<std::string>().find("second, different user"), std::string::npos);
  Send("POST", "/v1/changes/" + id + "/approve", "/v1/changes/{id}/approve", 403, nullptr, server_->viewer);
  json note = {{"note", "checked against the BIS letter"}};
  json approved = Send("POST", "/v1/changes/" + id + "/approve", "/v1/changes/{id}/approve", 200, &note, server_->approver);
  EXPECT_EQ(approved["state"], "applied");
  EXPECT_EQ(approved["decided_by"], "test-approver");
  EXPECT_EQ(approved["without_approval"], false);
  EXPECT_EQ(approved["licence"]["number"], "API-L1");
  EXPECT_EQ(approved["licence"]["version"], 1);
  EXPECT_EQ(approved["licence"]["conditions"]["revenue_share_bp"], 1500);
  EXPECT_EQ(approved["licence"]["value_cap_minor"], 100000000);
  Send("POST", "/v1/changes/" + id + "/approve", "/v1/changes/{id}/approve", 409, nullptr, server_->admin);
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
  json amendment = Send("POST", "/v1/licences/API-L1/amend", "/v1/licences/{number}/amend", 202, &amend, server_->officer);
  EXPECT_EQ(Send("GET", "/v1/licences/API-L1", "/v1/licences/{number}", 200)["licence"]["quantity_cap"], 10);
  // Rejected: nothing changes; a rejected request cannot be approved later.
  const std::string amendment_id = std::to_string(amendment["id"].get<int>());
  json rejected = Send("POST", "/v1/changes/" + amendment_id + "/reject", "/v1/changes/{id}/reject", 200, nullptr, server_->approver);
  EXPECT_EQ(rejected["state"], "rejected");
  Send("POST", "/v1/changes/" + amendment_id + "/approve", "/v1/changes/{id}/approve", 409, nullptr, server_->approver);
  json amended = ApproveChange(Send("POST", "/v1/licences/API-L1/amend", "/v1/licences/{number}/amend", 202, &amend,
                                    server_->officer))["licence"];
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

// A possible restricted-party match holds a check until it is cleared; a clearance counts only once
// a second officer approves it, is part of the decision id (the clearances count as a list
// version), ends at its expiry and when revoked.
TEST_F(ApiTest, AClearanceCountsOnlyOnceASecondOfficerApprovesIt) {
  json check = {{"chip", "nvidia-rtx-4090"}, {"destination", "DE"}, {"end_user", "Moore Threads Consulting GmbH"},
                {"end_user_hq", "DE"}, {"as_of", "2026-12-01"}};
  json held = Send("POST", "/v1/check", "/v1/check", 200, &check);
  ASSERT_EQ(held["outcome"], "hold") << held.dump();
  ASSERT_EQ(held["screening"][0]["band"], "review");
  const std::string entry = held["screening"][0]["entry_id"];
  json clearance = {{"party", "Moore Threads Consulting GmbH"}, {"list", "entity-list-curated"}, {"entry_id", entry},
                    {"reason", "German IT consultancy (Munich register); no link to the Beijing GPU maker"},
                    {"expires", "2027-12-01"}};
  Send("POST", "/v1/clearances", "/v1/clearances", 401, &clearance);
  Send("POST", "/v1/clearances", "/v1/clearances", 403, &clearance, server_->viewer);
  json bad = clearance;
  bad.erase("reason");
  EXPECT_EQ(Send("POST", "/v1/clearances", "/v1/clearances", 400, &bad, server_->officer)["error"]["field"], "reason");
  // A list named by its kind, not its id, would never match a hit: refused, naming the loaded ids.
  json by_kind = clearance;
  by_kind["list"] = "entity_list";
  json refused = Send("POST", "/v1/clearances", "/v1/clearances", 400, &by_kind, server_->officer);
  EXPECT_EQ(refused["error"]["field"], "list");
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("entity-list-curated"), std::string::npos) << refused.dump();
  json proposed = Send("POST", "/v1/clearances", "/v1/clearances", 202, &clearance, server_->officer);
  EXPECT_EQ(Send("POST", "/v1/check", "/v1/check", 200, &check)["outcome"], "hold");
  EXPECT_TRUE(Send("GET", "/v1/clearances", "/v1/clearances", 200, nullptr, server_->viewer)["clearances"].empty());
  Send("GET", "/v1/clearances", "/v1/clearances", 401);  // they name parties: a token always

  json screened = {{"name", "Moore Threads Consulting GmbH"}};
  EXPECT_EQ(Send("POST", "/v1/screen", "/v1/screen", 200, &screened)["hits"][0]["band"], "review");

  ApproveChange(proposed);
  // POST /v1/screen applies the clearance as `exportctl screen` does (one answer, CLI or HTTP).
  json rescreened = Send("POST", "/v1/screen", "/v1/screen", 200, &screened);
  ASSERT_FALSE(rescreened["hits"].empty());
  EXPECT_EQ(rescreened["hits"][0]["band"], "clear") << rescreened.dump();
  EXPECT_NE(rescreened["hits"][0]["explanation"]["whitelisted"].get<std::string>().find("approved by test-approver"),
            std::string::npos) << rescreened.dump();
  json cleared = Send("POST", "/v1/check", "/v1/check", 200, &check);
  EXPECT_EQ(cleared["outcome"], "no_license_required") << cleared.dump();
  EXPECT_NE(cleared["decision_id"], held["decision_id"]);
  EXPECT_EQ(cleared["screening"][0]["band"], "cleared");
  EXPECT_NE(cleared["screening"][0]["clearance"].get<std::string>().find("approved by test-approver"), std::string::npos);
  bool names_clearances = false;
  for (const json& l : cleared["lists"]) names_clearances |= l["id"] == "clearances";
  EXPECT_TRUE(names_clearances);
  json later = check;
  later["as_of"] = "2027-12-01";  // the clearance's expiry
  EXPECT_EQ(Send("POST", "/v1/check", "/v1/check", 200, &later)["outcome"], "hold");

  json listed = Send("GET", "/v1/clearances", "/v1/clearances", 200, nullptr, server_->viewer);
  ASSERT_EQ(listed["clearances"].size(), 1u);
  EXPECT_EQ(listed["clearances"][0]["requested_by"], "test-officer");
  const std::string id = std::to_string(listed["clearances"][0]["id"].get<int>());
  json reason = {{"reason", "new facts: a shared director"}};
  json revoked = Send("POST", "/v1/clearances/" + id + "/revoke", "/v1/clearances/{id}/revoke", 200, &reason, server_->officer);
  EXPECT_EQ(revoked["revoked"], true);
  EXPECT_EQ(Send("POST", "/v1/check", "/v1/check", 200, &check)["outcome"], "hold");
}

// The list versions the server decides with are recorded in the ledger it shares, by server.
TEST_F(ApiTest, TheListVersionsTheServerDecidesWithAreInTheLedger) {
  auto ledger = Ledger::Open(server_->ledger_url);
  ASSERT_TRUE(ledger.ok());
  auto seen = (*ledger)->ListVersions();
  ASSERT_TRUE(seen.ok()) << seen.error().ToString();
  ASSERT_FALSE(seen->empty());
  json check = {{"chip", "nvidia-h20"}, {"destination", "CN"}, {"end_user", "Example Cloud Ltd"}, {"end_user_hq", "CN"}};
  json decided = Send("POST", "/v1/check", "/v1/check", 200, &check);
  for (const json& l : decided["lists"]) {
    if (l["id"] == "clearances") continue;
    bool recorded = false;
    for (const ListVersionSeen& v : *seen)
      recorded |= v.list_id == l["id"] && v.sha256 == l["sha256"] && v.recorded_by.starts_with("serve@");
    EXPECT_TRUE(recorded) << "list " << l.dump() << " is not recorded";
  }
}

// The one-person-desk switch: admins only, audited either way.
TEST_F(ApiTest, ApprovalsCanBeSwitchedOffOnlyByAnAdmin) {
  EXPECT_EQ(Send("GET", "/v1/settings", "/v1/settings", 200, nullptr, server_->viewer)["approvals_required"], true);
  json off = {{"approvals_required", false}}, on = {{"approvals_required", true}};
  Send("PUT", "/v1/settings", "/v1/settings", 403, &off, server_->officer);
  json bad = {{"approvals_required", "no"}};
  Send("PUT", "/v1/settings", "/v1/settings", 400, &bad, server_->admin);
  json check = {{"chip", "nvidia-h20"}, {"destination", "CN"}, {"end_user", "Example Cloud Ltd"}, {"end_user_hq", "CN"}};
  auto says_approvals_off = [&] {
    const json decided = Send("POST", "/v1/check", "/v1/check", 200, &check);
    for (const json& w : decided["warnings"])
      if (w["text"].get<std::string>().find("approvals are switched off") != std::string::npos) return true;
    return false;
  };
  EXPECT_FALSE(says_approvals_off());
  json switched = Send("PUT", "/v1/settings", "/v1/settings", 200, &off, server_->admin);
  EXPECT_EQ(switched["approvals_required"], false);
  EXPECT_EQ(switched["changed_by"], "test-admin");
  EXPECT_TRUE(says_approvals_off());  // every decision made under it says so
  EXPECT_EQ(Send("PUT", "/v1/settings", "/v1/settings", 200, &on, server_->admin)["approvals_required"], true);
  EXPECT_FALSE(says_approvals_off());
  json log = Send("GET", "/v1/audit", "/v1/audit", 200, nullptr, server_->admin);
  int settings = 0;
  for (const json& e : log["entries"]) settings += e["kind"] == "setting" && e["actor"] == "test-admin";
  EXPECT_EQ(settings, 2);
}

TEST_F(ApiTest, ShipmentsStayWithinTheCapAndReplayByIdempotencyKey) {
  json licence = LicenceBody("API-S1", 10);
  AddApprovedLicence(licence);
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
  AddApprovedLicence(licence);
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

// Every check and screening over HTTP is in the decision log, naming who asked; reading the log
// needs a viewer token even on loopback (it names screened people).
TEST_F(ApiTest, ChecksAndScreeningsAreLoggedAndTheLogNeedsAToken) {
  const json check = {{"chip", "H100"}, {"to", "CN"}, {"end_user", "Logged Cloud Ltd"}, {"end_user_hq", "CN"}, {"as_of", "2026-02-10"}};
  json decided = Send("POST", "/v1/check", "/v1/check", 200, &check, server_->viewer);
  json anonymous = Send("POST", "/v1/check", "/v1/check", 200, &check);
  const json screen = {{"name", "Logged Screening Party"}};
  Send("POST", "/v1/screen", "/v1/screen", 200, &screen, server_->officer);
  EXPECT_EQ(Send("GET", "/v1/decisions", "/v1/decisions", 401)["error"]["code"], "unauthorized");
  // Group commit: the entries are durable within 50 ms; poll a little longer than that.
  json listed;
  for (int i = 0; i < 100; ++i) {
    listed = Send("GET", "/v1/decisions?party=logged&limit=10", "/v1/decisions", 200, nullptr, server_->viewer);
    if (listed["decisions"].size() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(listed["decisions"].size(), 3u) << listed.dump();
  const json& first = listed["decisions"][0];
  EXPECT_EQ(first["decision_id"], decided["decision_id"]);
  EXPECT_EQ(first["outcome"], "license_required");
  EXPECT_EQ(first["actor"], "test-viewer");
  EXPECT_EQ(first["channel"], "http");
  EXPECT_EQ(first["chip"], "nvidia-h100-sxm");
  EXPECT_TRUE(listed["decisions"][1]["actor"].get<std::string>().starts_with("anonymous@")) << listed["decisions"][1];
  EXPECT_EQ(listed["decisions"][2]["kind"], "screen");
  EXPECT_EQ(listed["decisions"][2]["actor"], "test-officer");
  EXPECT_FALSE(listed["decisions"][2]["lists"].empty());
  json one = Send("GET", "/v1/decisions/" + std::to_string(first["seq"].get<long>()), "/v1/decisions/{seq}", 200, nullptr,
                  server_->viewer);
  EXPECT_EQ(one["body"]["decision_id"], decided["decision_id"]);
  EXPECT_EQ(one["body"]["request"]["end_user_hq"], "CN");
  EXPECT_EQ(Send("GET", "/v1/decisions?kind=shipment", "/v1/decisions", 400, nullptr, server_->viewer)["error"]["field"], "kind");
  EXPECT_EQ(Send("GET", "/v1/decisions/999999", "/v1/decisions/{seq}", 404, nullptr, server_->viewer)["error"]["code"],
            "not_found");
  json verify = Send("GET", "/v1/audit/verify", "/v1/audit/verify", 200);
  EXPECT_TRUE(verify["ok"].get<bool>()) << verify.dump();
}

// A held decision escalated to counsel: an officer's audited record, listed by decision; the audit
// log then finds it by kind and text, a page at a time.
TEST_F(ApiTest, AHeldDecisionIsEscalatedAndTheAuditLogFindsIt) {
  const json check = {{"chip", "H100"}, {"to", "MY"}, {"end_user", "Escalated Party Sdn Bhd"}, {"as_of", "2026-02-10"}};
  json decided = Send("POST", "/v1/check", "/v1/check", 200, &check, server_->officer);
  ASSERT_EQ(decided["outcome"], "hold") << "no end-user headquarters: a hold naming it";
  json listed = json::object();
  for (int i = 0; i < 100; ++i) {
    listed = Send("GET", "/v1/decisions?party=escalated", "/v1/decisions", 200, nullptr, server_->viewer);
    if (!listed["decisions"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(listed["decisions"].size(), 1u);
  const long seq = listed["decisions"][0]["seq"].get<long>();
  const json escalation = {{"decision_seq", seq}, {"escalated_to", "Export counsel"}, {"reason", "headquarters unknown; ask the customer's counsel"}};
  Send("POST", "/v1/escalations", "/v1/escalations", 401, &escalation);
  Send("POST", "/v1/escalations", "/v1/escalations", 403, &escalation, server_->viewer);
  json no_reason = escalation;
  no_reason.erase("reason");
  EXPECT_EQ(Send("POST", "/v1/escalations", "/v1/escalations", 400, &no_reason, server_->officer)["error"]["field"], "reason");
  json unknown = escalation;
  unknown["decision_seq"] = 999999;
  EXPECT_EQ(Send("POST", "/v1/escalations", "/v1/escalations", 404, &unknown, server_->officer)["error"]["field"], "decision_seq");
  json recorded = Send("POST", "/v1/escalations", "/v1/escalations", 201, &escalation, server_->officer);
  EXPECT_EQ(recorded["decision_id"], decided["decision_id"]);
  EXPECT_EQ(recorded["escalated_by"], "test-officer");
  json of_it = Send("GET", "/v1/escalations?decision=" + std::to_string(seq), "/v1/escalations", 200, nullptr, server_->viewer);
  ASSERT_EQ(of_it["escalations"].size(), 1u);
  EXPECT_EQ(of_it["escalations"][0]["escalated_to"], "Export counsel");
  EXPECT_EQ(Send("GET", "/v1/escalations?decision=x", "/v1/escalations", 400, nullptr, server_->viewer)["error"]["field"], "decision");

  json found = Send("GET", "/v1/audit?kind=escalation&q=COUNSEL", "/v1/audit", 200, nullptr, server_->admin);
  ASSERT_EQ(found["matching"], 1) << found.dump();
  EXPECT_EQ(found["entries"][0]["actor"], "test-officer");
  EXPECT_TRUE(std::find(found["kinds"].begin(), found["kinds"].end(), "escalation") != found["kinds"].end());
  json first = Send("GET", "/v1/audit?limit=1", "/v1/audit", 200, nullptr, server_->admin);
  ASSERT_EQ(first["entries"].size(), 1u);
  EXPECT_EQ(first["entries"][0]["kind"], "escalation") << "newest first";
  if (first["total"].get<long>() > 1) {
    json second = Send("GET", "/v1/audit?limit=1&before=" + std::to_string(first["next_before"].get<long>()), "/v1/audit", 200, nullptr,
                       server_->admin);
    EXPECT_EQ(second["entries"][0]["seq"], first["entries"][0]["seq"].get<long>() - 1);
  }
  EXPECT_EQ(Send("GET", "/v1/audit?limit=0", "/v1/audit", 400, nullptr, server_->admin)["error"]["field"], "limit");
  EXPECT_EQ(Send("GET", "/v1/audit?colour=red", "/v1/audit", 400, nullptr, server_->admin)["error"]["field"], "colour");
  EXPECT_TRUE(Send("GET", "/v1/audit/verify", "/v1/audit/verify", 200)["ok"].get<bool>());
}

TEST_F(ApiTest, NacNotificationsAreRecordedListedAndObjectedTo) {
  const json n = {{"confirmation", "API-NAC-1"}, {"sent_on", "2026-01-16"}, {"items", {"nvidia-rtx-4090"}},
                  {"destination", "cn"}, {"end_user", "Example Cloud Ltd"}, {"consignee", "Example Cloud Ltd"},
                  {"quantity", 10}};
  EXPECT_EQ(Send("POST", "/v1/nac-notifications", "/v1/nac-notifications", 401, &n)["error"]["code"], "unauthorized");
  json recorded = Send("POST", "/v1/nac-notifications", "/v1/nac-notifications", 201, &n, server_->officer);
  EXPECT_EQ(recorded["earliest_export"], "2026-02-10");
  EXPECT_EQ(recorded["destination"], "CN");
  EXPECT_EQ(Send("POST", "/v1/nac-notifications", "/v1/nac-notifications", 409, &n, server_->officer)["error"]["code"],
            "conflict");
  json no_items = n;
  no_items["items"] = json::array();
  EXPECT_EQ(Send("POST", "/v1/nac-notifications", "/v1/nac-notifications", 400, &no_items, server_->officer)["error"]["field"],
            "items");
  const json objection = {{"objected_on", "2026-02-01"}, {"reason", "end use"}};
  json objected = Send("POST", "/v1/nac-notifications/API-NAC-1/objection", "/v1/nac-notifications/{confirmation}/objection",
                       200, &objection, server_->officer);
  EXPECT_EQ(objected["state"], "objected");
  json listed = Send("GET", "/v1/nac-notifications", "/v1/nac-notifications", 200);
  bool found = false;
  for (const json& x : listed["notifications"]) found = found || (x["confirmation"] == "API-NAC-1" && x["state"] == "objected");
  EXPECT_TRUE(found) << listed.dump();
  EXPECT_EQ(Send("POST", "/v1/nac-notifications/NOPE/objection", "/v1/nac-notifications/{confirmation}/objection", 404,
                 &objection, server_->officer)["error"]["code"],
            "not_found");
}

TEST_F(ApiTest, AuditVerifyIsOpenAndTheLogIsForAdmins) {
  json licence = LicenceBody("API-A1", 5);
  AddApprovedLicence(licence);
  json one = ShipmentBody("API-A1", 1);
  Send("POST", "/v1/shipments", "/v1/shipments", 201, &one, server_->officer, {}, Key("a1-ship"));
  json report = Send("GET", "/v1/audit/verify", "/v1/audit/verify", 200);
  EXPECT_TRUE(report["ok"].get<bool>()) << report.dump();
  EXPECT_GE(report["entries"].get<int>(), 2);
  EXPECT_EQ(report["head_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(Send("GET", "/v1/audit", "/v1/audit", 401)["error"]["code"], "unauthorized");
  EXPECT_EQ(Send("GET", "/v1/audit", "/v1/audit", 403, nullptr, server_->officer)["error"]["code"], "forbidden");
  json log = Send("GET", "/v1/audit?limit=1000", "/v1/audit", 200, nullptr, server_->admin);
  ASSERT_EQ(log["entries"].size(), report["entries"].get<std::size_t>());
  EXPECT_EQ(log["total"], report["entries"]);
  EXPECT_EQ(log["next_before"], nullptr);
  EXPECT_EQ(log["entries"].front()["hash"], report["head_hash"]);  // newest first
  EXPECT_EQ(log["entries"].back()["prev_hash"], std::string(64, '0'));
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
  EXPECT_EQ(client.Get("/v1/lab/timeline?chip=H20&to=CN")->status, 401);  // the policy lab is a read
  EXPECT_EQ(client.Get("/v1/rules/files/us/classification.toml")->status, 401);
  EXPECT_EQ(client.Get("/v1/lab/timeline?chip=H20&to=CN", {{"Authorization", "Bearer " + s.viewer}})->status, 200);
}

}  // namespace
}  // namespace exportctl::server
