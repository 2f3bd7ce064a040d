// The web front end served from memory: compressed once, cached by content hash, nothing outside
// the directory reachable.
#include "static_files.h"

#include <unistd.h>
#include <zlib.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace exportctl::server {
namespace {

namespace fs = std::filesystem;

std::string Gunzip(const std::string& data) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

std::string HeaderOf(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("exportctl-static-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "assets");
    std::ofstream(dir_ / "index.html") << "<!doctype html><title>desk</title>" << std::string(2000, ' ') << "<p>end";
    std::ofstream(dir_ / "assets" / "index-3f2a9c.js") << "console.log('desk');\n";
    std::ofstream(dir_ / "secret.key") << "not served: unknown type";
    fs::create_directories(dir_.parent_path() / "outside");
    std::ofstream(dir_.parent_path() / "outside" / "x.html") << "outside";
  }
  void TearDown() override { fs::remove_all(dir_); }
  HttpResponse Get(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest r;
    r.method = "GET";
    r.path = path;
    r.headers = std::move(headers);
    return files_->Serve(r);
  }
  fs::path dir_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, ServesCompressedCachedFilesAndNothingElse) {
  auto loaded = StaticFiles::Load(dir_.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  files_ = std::move(loaded).value();
  EXPECT_EQ(files_->size(), 2u);

  HttpResponse page = Get("/", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(page, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-cache");
  EXPECT_LT(page.body.size(), 200u);
  EXPECT_TRUE(Gunzip(page.body).ends_with("<p>end"));
  EXPECT_EQ(Get("/index.html").body.size(), 2040u);  // no Accept-Encoding: as stored

  HttpResponse again = Get("/", {{"If-None-Match", HeaderOf(page, "ETag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  HttpResponse script = Get("/assets/index-3f2a9c.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(script, "Cache-Control"), "public, max-age=31536000, immutable");

  for (const char* path : {"/secret.key", "/../outside/x.html", "/assets/../index.html", "/nothing.js", "/assets"})
    EXPECT_EQ(Get(path).status, 0) << path;
}

}  // namespace
}  // namespace exportctl::server
