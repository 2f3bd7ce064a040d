// exportctl::server::HttpServer: the HTTP/1.1 transport of `exportctl serve`, on Boost.Beast and
// Asio (Debian's libboost-dev).
//
// Contract:
// - Connections cost no thread while they wait: a few threads (one per core) run the event loop and
//   run a handler only once its request has been read whole; a handler registered as one that
//   waits (on a database, or for long CPU work) runs on a separate pool of workers instead, so
//   that it never holds up the event loop. Idle, slow and byte-dripping clients
//   are cut off by deadlines (a whole header within `header_timeout`, the body within
//   `body_timeout`, the next request of a keep-alive connection within `keep_alive`), never by a
//   worker waiting on them.
// - Limits are enforced while reading, not after: a header over `max_header_bytes` is refused with
//   431, a body (Content-Length or chunked) over `max_body_bytes` with 413 as soon as the limit is
//   passed; over `max_connections` a new connection is closed at once.
// - A request's path and query are percent-decoded and must be UTF-8 without control characters
//   (NUL included): otherwise 400 naming the part at fault. The handler sees decoded text only.
// - Routes are exact paths or std::regex patterns (groups become HttpRequest::matches); a path that
//   matches a route of another method gets 405, no route at all 404, both produced by the error
//   writer so that every error has the API's JSON shape.
// - Stop() stops accepting, lets each connection finish the request it is answering, closes the
//   idle ones, and Run() returns when all are gone.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exportctl/error.h"

namespace exportctl::server {

struct HttpRequest {
  std::string method;  // "GET", "POST" … (HEAD is answered as GET without the body)
  std::string path;    // percent-decoded: "/v1/catalog/NVIDIA H20"
  std::multimap<std::string, std::string> params;  // the decoded query string
  std::vector<std::string> matches;                // [0] the path, then the route pattern's groups
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_addr;

  // The first header of that name (case-insensitive), or "" when absent.
  std::string Header(std::string_view name) const;
  bool HasParam(const std::string& name) const { return params.contains(name); }
  std::string Param(const std::string& name) const;  // the first value, or ""
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type and Content-Length
};

struct HttpLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds header_timeout{5000};  // from the first byte awaited to the header's end
  std::chrono::milliseconds body_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  std::chrono::milliseconds keep_alive{5000};  // waiting for the next request on an open connection
  std::size_t keep_alive_max_requests = 100000;
  std::size_t max_connections = 10000;
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(HttpRequest&)>;
  // Writes an error the transport itself raised (404, 405, 400, 413, 431); `field` names the
  // request part at fault ("path", "body", a query parameter) or is empty.
  using ErrorWriter = std::function<HttpResponse(int status, const Error& error, std::string_view field)>;
  // Called after every answer the transport produced itself (no route ran), for metrics.
  using Observer = std::function<void(int status)>;

  HttpServer(HttpLimits limits, ErrorWriter error_writer, Observer unmatched = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // `pattern` without regex metacharacters is an exact path; otherwise a std::regex matched
  // against the whole decoded path. `waits`: the handler may block (runs on the worker pool).
  // Register every route before Run.
  void Route(const std::string& method, const std::string& pattern, Handler handler, bool waits = false);
  // Called for a GET or HEAD no route matched (static files); returns nullopt-like status 0 to
  // fall through to 404.
  void SetFallback(Handler handler);

  // Binds host:port (0: any free port) and returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop: `loop_threads` run the event loop (the caller's included), `workers` the
  // handlers that wait. REQUIRES: Bind succeeded.
  void Run(int loop_threads, int workers);
  void Stop();  // thread-safe; idempotent

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exportctl::server
