#include "static_files.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/sha256.h"

namespace exportctl::server {

namespace {

constexpr std::size_t kMaxFiles = 2000;
constexpr std::uintmax_t kMaxTotalBytes = 64u << 20;

struct Type {
  std::string_view extension, content_type;
  bool text;
};
constexpr Type kTypes[] = {
    {".html", "text/html; charset=utf-8", true},  {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true}, {".css", "text/css; charset=utf-8", true},
    {".json", "application/json", true},            {".map", "application/json", true},
    {".svg", "image/svg+xml", true},                {".txt", "text/plain; charset=utf-8", true},
    {".png", "image/png", false},                   {".ico", "image/x-icon", false},
    {".woff2", "font/woff2", false},                {".webp", "image/webp", false},
};

const Type* TypeOf(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  for (const Type& t : kTypes)
    if (t.extension == extension) return &t;
  return nullptr;
}

// gzip (RFC 1952) at the best compression; empty when it would not be smaller.
std::string Gzip(const std::string& data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END || out.size() >= data.size()) return {};
  return out;
}

bool AcceptsGzip(const HttpRequest& request) {
  const std::string accepted = request.Header("Accept-Encoding");
  return accepted.find("gzip") != std::string::npos;
}

}  // namespace

Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  StaticFiles files;
  std::uintmax_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const Type* type = TypeOf(it->path());
    if (!type) continue;
    if (files.files_.size() >= kMaxFiles)
      return Error(ErrorCode::kInvalidData, fmt::format("`{}` holds more than {} files to serve", dir, kMaxFiles));
    total += it->file_size(ec);
    if (total > kMaxTotalBytes)
      return Error(ErrorCode::kInvalidData, fmt::format("`{}` holds more than {} MiB to serve", dir, kMaxTotalBytes >> 20));
    std::ifstream in(it->path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    if (!in) return Error(ErrorCode::kIoError, fmt::format("cannot read `{}`", it->path().string()));
    File file;
    file.content_type = std::string(type->content_type);
    file.body = content.str();
    if (type->text) file.gzip = Gzip(file.body);
    file.etag = "\"" + detail::Sha256Hex(file.body).substr(0, 20) + "\"";
    const std::string relative = fs::relative(it->path(), dir, ec).generic_string();
    file.immutable = relative.starts_with("assets/");
    files.files_.emplace("/" + relative, std::move(file));
  }
  if (ec) return Error(ErrorCode::kIoError, fmt::format("cannot read `{}`: {}", dir, ec.message()));
  return files;
}

HttpResponse StaticFiles::Serve(const HttpRequest& request) const {
  auto it = files_.find(request.path == "/" ? std::string("/index.html") : request.path);
  if (it == files_.end()) return HttpResponse{.status = 0};
  const File& file = it->second;
  HttpResponse response;
  response.content_type = file.content_type;
  response.headers.emplace_back("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("ETag", file.etag);
  if (!file.gzip.empty()) response.headers.emplace_back("Vary", "Accept-Encoding");
  if (request.Header("If-None-Match") == file.etag) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  if (!file.gzip.empty() && AcceptsGzip(request)) {
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.body = file.gzip;
  } else {
    response.body = file.body;
  }
  return response;
}

}  // namespace exportctl::server
