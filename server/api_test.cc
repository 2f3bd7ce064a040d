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
    admin = *TokenStore::Create(tokens_path_, Role::kAdmin, "test admin");
    options.port = 0;
    options.openapi_path = kSource + "/server/openapi.json";
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
  std::string viewer, admin;

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
                   const json* body = nullptr, const std::string& token = {}, std::string raw_body = {}) {
    auto client = server_->Client();
    httplib::Headers headers;
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
  for (const char* path : {"/v1/classify", "/v1/check", "/v1/check/batch", "/v1/catalog", "/v1/rules", "/v1/plot-data"})
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
}

}  // namespace
}  // namespace exportctl::server
