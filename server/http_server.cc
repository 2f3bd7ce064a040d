#include "http_server.h"

#include <sys/resource.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <regex>
#include <thread>
#include <variant>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include "http_target.h"

namespace exportctl::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (beast::iequals(beast::string_view(key.data(), key.size()), beast::string_view(name.data(), name.size())))
      return value;
  return {};
}

std::string HttpRequest::Param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

namespace {

bool IsExactPath(const std::string& pattern) { return pattern.find_first_of("\\^$.|?*+()[]{}") == std::string::npos; }

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kMaxDrainBytes = 4 << 20;  // read (and dropped) after an error, so the client sees it

}  // namespace

class HttpServer::Impl {
 public:
  Impl(HttpLimits limits, ErrorWriter error_writer, Observer unmatched)
      : limits_(limits), error_writer_(std::move(error_writer)), unmatched_(std::move(unmatched)),
        acceptor_(asio::make_strand(io_)), retry_timer_(acceptor_.get_executor()) {}

  class Connection;

  struct Route;
  // The route answering `request` (its matches filled in), or the answer when none does (a static
  // file, 404, 405).
  std::variant<const Route*, HttpResponse> Find(HttpRequest& request);
  HttpResponse Run(const Handler& handler, HttpRequest& request);  // an exception is a 500
  HttpResponse TransportError(int status, const Error& error, std::string_view field) {
    HttpResponse response = error_writer_(status, error, field);
    response.status = status;
    if (unmatched_) unmatched_(status);
    return response;
  }
  void Accept();
  void Register(Connection* c) {
    std::lock_guard lock(mutex_);
    connections_.insert(c);
  }
  void Unregister(Connection* c) {
    std::lock_guard lock(mutex_);
    connections_.erase(c);
  }
  void Stop();

  struct Route {
    std::string method;
    std::optional<std::regex> pattern;  // nullopt: exact path (the key of exact_)
    Handler handler;
    bool waits = false;                 // runs on workers_
  };

  HttpLimits limits_;
  ErrorWriter error_writer_;
  Observer unmatched_;
  std::unordered_map<std::string, std::vector<Route>> exact_;
  std::vector<Route> patterns_;
  Handler fallback_;

  asio::io_context io_;
  std::optional<asio::thread_pool> workers_;  // created by Run
  tcp::acceptor acceptor_;
  asio::steady_timer retry_timer_;  // accepting again after EMFILE and the like
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::unordered_set<Connection*> connections_;
};

// One TCP connection: reads requests one at a time on its own strand and answers each in turn.
class HttpServer::Impl::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Impl& server) : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = endpoint.address().to_string();
    server_.Register(this);
  }
  ~Connection() { server_.Unregister(this); }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }
  // A connection waiting for a request stops waiting; one answering finishes first.
  void StopSoon() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_) self->stream_.cancel();
    });
  }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.limits_.max_header_bytes));
    parser_->body_limit(server_.limits_.max_body_bytes);
    reading_ = true;
    if (server_.stopping_) return Close();
    stream_.expires_after(answered_ == 0 ? server_.limits_.header_timeout : server_.limits_.keep_alive);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    stream_.expires_after(server_.limits_.body_timeout);
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue") && !parser_->is_done()) {
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = shared_from_this()](beast::error_code written, std::size_t) {
                          if (written) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->OnReadError(ec);
                       self->Answer();
                     });
  }

  void OnReadError(beast::error_code ec) {
    reading_ = false;
    if (ec == http::error::body_limit)
      return SendError(413, Error(ErrorCode::kInvalidArgument,
                                  fmt::format("the request body exceeds the limit of {} bytes",
                                              server_.limits_.max_body_bytes)),
                       "body");
    if (ec == http::error::header_limit)
      return SendError(431, Error(ErrorCode::kInvalidArgument,
                                  fmt::format("the request header exceeds the limit of {} bytes",
                                              server_.limits_.max_header_bytes)),
                       "header");
    // Closed, reset, timed out or stopped: nobody to answer (a timed-out client was too slow).
    const bool unreadable = ec.category() == http::make_error_code(http::error::bad_target).category() &&
                            ec != http::error::end_of_stream && ec != http::error::partial_message;
    if (!unreadable) return Close();
    SendError(400, Error(ErrorCode::kInvalidArgument, fmt::format("the request could not be read: {}", ec.message())),
              {});
  }

  void Answer() {
    reading_ = false;
    auto& message = parser_->get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    head_ = message.method() == http::verb::head;
    if (head_) request.method = "GET";
    auto target = DecodeTarget(std::string_view(message.target().data(), message.target().size()));
    if (!target) return SendError(400, target.error(), target.error().field());
    request.path = std::move(target->path);
    request.params = std::move(target->params);
    for (const auto& field : message)
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    request.remote_addr = remote_;
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    auto found = server_.Find(request);
    if (auto* answer = std::get_if<HttpResponse>(&found)) return Send(std::move(*answer), keep_alive_);
    const Route* route = std::get<const Route*>(found);
    if (!route->waits) return Send(server_.Run(route->handler, request), keep_alive_);
    // On a worker; the answer is sent from this connection's strand. The guard keeps the event
    // loop running meanwhile (this connection has no read or write pending).
    asio::post(*server_.workers_, [self = shared_from_this(), route, request = std::move(request),
                                   work = asio::make_work_guard(server_.io_)]() mutable {
      HttpResponse response = self->server_.Run(route->handler, request);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
        self->Send(std::move(response), self->keep_alive_);
      });
    });
  }

  void SendError(int status, const Error& error, std::string_view field) {
    version_ = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    Send(server_.TransportError(status, error, field), false);
  }

  void Send(HttpResponse answer, bool keep_alive) {
    ++answered_;
    keep_alive = keep_alive && !server_.stopping_ && answered_ < server_.limits_.keep_alive_max_requests;
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<unsigned>(answer.status));
    if (!answer.content_type.empty()) response_.set(http::field::content_type, answer.content_type);
    for (auto& [name, value] : answer.headers) response_.insert(name, value);
    const std::size_t size = answer.body.size();
    response_.body() = std::move(answer.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    if (head_) {
      response_.body().clear();
      response_.content_length(size);
    }
    stream_.expires_after(server_.limits_.write_timeout);
    http::async_write(stream_, response_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      if (ec) return self->Close();
      if (!keep_alive) return self->Linger();
      self->ReadHeader();
    });
  }

  // After the last answer: stop sending, and read what the client still sends for a moment so
  // that closing does not reset the connection before the client has read the answer.
  void Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec || drained_ >= kMaxDrainBytes) return Close();
    stream_.expires_after(std::chrono::seconds(2));
    drain_.resize(64 * 1024);
    stream_.async_read_some(asio::buffer(drain_), [self = shared_from_this()](beast::error_code read, std::size_t n) {
      self->drained_ += n;
      if (read) return self->Close();
      self->Linger();
    });
  }

  void Close() {
    reading_ = false;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  Impl& server_;
  std::string remote_;
  std::string drain_;
  std::size_t drained_ = 0;
  std::size_t answered_ = 0;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  bool reading_ = false;
};

HttpResponse HttpServer::Impl::Run(const Handler& handler, HttpRequest& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    return TransportError(500, Error(ErrorCode::kInternal, fmt::format("internal error: {}", e.what())), {});
  }
}

std::variant<const HttpServer::Impl::Route*, HttpResponse> HttpServer::Impl::Find(HttpRequest& request) {
  bool path_known = false;
  if (auto it = exact_.find(request.path); it != exact_.end()) {
    path_known = true;
    for (const Route& route : it->second)
      if (route.method == request.method) {
        request.matches = {request.path};
        return &route;
      }
  }
  for (const Route& route : patterns_) {
    std::smatch m;
    if (!std::regex_match(request.path, m, *route.pattern)) continue;
    path_known = true;
    if (route.method != request.method) continue;
    request.matches.assign(m.begin(), m.end());
    return &route;
  }
  if (!path_known && fallback_ && request.method == "GET") {
    HttpResponse response = Run(fallback_, request);
    if (response.status != 0) return response;
  }
  if (path_known)
    return TransportError(405, Error(ErrorCode::kInvalidArgument,
                                     fmt::format("method `{}` is not allowed on `{}`", request.method, request.path)),
                          {});
  return TransportError(404, Error(ErrorCode::kNotFound,
                                   fmt::format("no such endpoint `{} {}`", request.method, request.path)),
                        {});
}

void HttpServer::Impl::Accept() {
  acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping_ || !acceptor_.is_open()) return;
    if (ec) {  // out of descriptors and the like: try again shortly instead of spinning
      retry_timer_.expires_after(std::chrono::milliseconds(50));
      retry_timer_.async_wait([this](beast::error_code wait) {
        if (!wait && !stopping_) Accept();
      });
      return;
    }
    bool full;
    {
      std::lock_guard lock(mutex_);
      full = connections_.size() >= limits_.max_connections;
    }
    if (full) {
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      std::make_shared<Connection>(std::move(socket), *this)->Start();
    }
    Accept();
  });
}

void HttpServer::Impl::Stop() {
  if (stopping_.exchange(true)) return;
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
  });
  std::vector<std::shared_ptr<Connection>> open;  // released after the lock: a last owner unregisters
  {
    std::lock_guard lock(mutex_);
    for (Connection* c : connections_)
      if (auto alive = c->weak_from_this().lock()) open.push_back(std::move(alive));
  }
  for (const auto& c : open) c->StopSoon();
}

HttpServer::HttpServer(HttpLimits limits, ErrorWriter error_writer, Observer unmatched)
    : impl_(std::make_unique<Impl>(limits, std::move(error_writer), std::move(unmatched))) {}

HttpServer::~HttpServer() = default;

void HttpServer::Route(const std::string& method, const std::string& pattern, Handler handler, bool waits) {
  if (IsExactPath(pattern))
    impl_->exact_[pattern].push_back({method, std::nullopt, std::move(handler), waits});
  else
    impl_->patterns_.push_back({method, std::regex(pattern), std::move(handler), waits});
}

void HttpServer::SetFallback(Handler handler) { impl_->fallback_ = std::move(handler); }

Result<int> HttpServer::Bind(const std::string& host, int port) {
  // Every open connection is a descriptor: take the hard limit, not the usual 1,024.
  if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  beast::error_code ec;
  tcp::resolver resolver(impl_->io_);
  auto endpoints = resolver.resolve(host, std::to_string(port), tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) return Error(ErrorCode::kIoError, fmt::format("cannot listen on `{}`: {}", host, ec.message()));
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  tcp::acceptor& acceptor = impl_->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return Error(ErrorCode::kIoError, fmt::format("cannot listen on `{}:{}`: {}", host, port, ec.message()));
  }
  return int(acceptor.local_endpoint().port());
}

void HttpServer::Run(int loop_threads, int workers) {
  impl_->workers_.emplace(static_cast<std::size_t>(std::max(1, workers)));
  impl_->Accept();
  std::vector<std::thread> loop;
  for (int i = 1; i < loop_threads; ++i) loop.emplace_back([this] { impl_->io_.run(); });
  impl_->io_.run();
  for (std::thread& t : loop) t.join();
  impl_->workers_->join();
}

void HttpServer::Stop() { impl_->Stop(); }

}  // namespace exportctl::server
