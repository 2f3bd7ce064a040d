// The HTTP transport on its own, over raw loopback sockets: routing, decoding, the limits enforced
// while reading (chunked bodies included), idle and dripping connections that hold no thread, and
// a Stop that ends Run with connections still open.
#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

namespace exportctl::server {
namespace {

using namespace std::chrono_literals;

// A connected loopback socket with a receive timeout; closed on destruction.
class Socket {
 public:
  explicit Socket(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Socket() { ::close(fd_); }
  bool connected() const { return connected_; }
  // False once the peer has closed or reset the connection.
  bool Send(std::string_view data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }
  // Everything received until the peer closes, `timeout` passes, or a whole response (header and
  // Content-Length body) has arrived.
  std::string ReadResponse(std::chrono::milliseconds timeout = 5s) {
    std::string in;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (Complete(in)) break;
      pollfd p{fd_, POLLIN, 0};
      int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
      if (::poll(&p, 1, std::max(1, left)) <= 0) break;
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, std::size_t(n));
    }
    return in;
  }
  // Whether the peer closed the connection within `timeout`.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, int(timeout.count())) <= 0) return false;
    char buf[4096];
    return ::recv(fd_, buf, sizeof buf, 0) <= 0;
  }

 private:
  static bool Complete(const std::string& in) {
    std::size_t end = in.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::size_t at = in.find("Content-Length: ");
    if (at == std::string::npos || at > end) return true;
    return in.size() >= end + 4 + std::stoul(in.substr(at + 16));
  }
  int fd_;
  bool connected_ = false;
};

int StatusOf(const std::string& response) {
  return response.size() > 12 && response.starts_with("HTTP/1.") ? std::stoi(response.substr(9, 3)) : 0;
}
std::string BodyOf(const std::string& response) {
  std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpLimits limits;
    limits.max_body_bytes = 1024;
    limits.max_header_bytes = 2048;
    limits.header_timeout = limits.keep_alive = limits.body_timeout = 1500ms;
    server_ = std::make_unique<HttpServer>(
        limits, [](int status, const Error& error, std::string_view field) {
          return HttpResponse{.status = status, .body = fmt::format("{}|{}|{}", ErrorCodeName(error.code()), field, error.message())};
        });
    server_->Route("GET", "/health", [](HttpRequest&) { return HttpResponse{.body = "ok"}; });
    server_->Route("POST", "/echo", [](HttpRequest& r) { return HttpResponse{.body = r.body}; });
    server_->Route("GET", "/items/([^/]+)", [](HttpRequest& r) {
      return HttpResponse{.body = r.matches[1] + "|" + r.Param("q") + "|" + r.Header("x-Custom")};
    });
    server_->Route(
        "GET", "/slow",
        [](HttpRequest&) {
          std::this_thread::sleep_for(800ms);
          return HttpResponse{.body = "done"};
        },
        /*waits=*/true);
    auto port = server_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.error().ToString();
    port_ = *port;
    runner_ = std::thread([this] { server_->Run(1, 2); });  // one event-loop thread
  }
  void TearDown() override {
    server_->Stop();
    runner_.join();
  }
  std::string Ask(std::string_view request) {
    Socket s(port_);
    EXPECT_TRUE(s.connected());
    s.Send(request);
    return s.ReadResponse();
  }

  std::unique_ptr<HttpServer> server_;
  std::thread runner_;
  int port_ = 0;
};

TEST_F(HttpServerTest, RoutesDecodeThePathQueryAndHeaders) {
  std::string r = Ask("GET /items/NVIDIA%20H20?q=a+b%26c HTTP/1.1\r\nHost: x\r\nX-Custom: yes\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_EQ(BodyOf(r), "NVIDIA H20|a b&c|yes");
  r = Ask("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 405) << r;
  EXPECT_EQ(BodyOf(r), "invalid_argument||method `POST` is not allowed on `/health`");
  r = Ask("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 404) << r;
  EXPECT_EQ(BodyOf(r), "not_found||no such endpoint `GET /nowhere`");
  r = Ask("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_NE(r.find("Content-Length: 2\r\n"), std::string::npos) << r;
  EXPECT_EQ(BodyOf(r), "");
}

TEST_F(HttpServerTest, TextThatIsNotCleanUtf8IsRefusedNamingThePart) {
  for (std::string_view path : {"/items/%ff%fe", "/items/a%00b", "/items/a%0Ab", "/items/%zz", "/items/%4"}) {
    std::string r = Ask(fmt::format("GET {} HTTP/1.1\r\nHost: x\r\n\r\n", path));
    EXPECT_EQ(StatusOf(r), 400) << path << ": " << r;
    EXPECT_TRUE(BodyOf(r).starts_with("invalid_argument|path|")) << r;
  }
  std::string r = Ask("GET /items/x?name=%c3%28 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 400) << r;
  EXPECT_TRUE(BodyOf(r).starts_with("invalid_argument|name|")) << r;
  r = Ask("GET /items/x?=o%4 HTTP/1.1\r\nHost: x\r\n\r\n");  // found by the fuzzer: no name, no field
  EXPECT_EQ(StatusOf(r), 400) << r;
  EXPECT_TRUE(BodyOf(r).starts_with("invalid_argument|query|")) << r;
}

TEST_F(HttpServerTest, BodiesAndHeadersAreHeldToTheirLimitsWhileRead) {
  std::string r = Ask(fmt::format("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
  EXPECT_EQ(BodyOf(r), "hello");
  // Declared too large: refused before a byte of the body is read.
  r = Ask("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 268435456\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 413) << r;
  EXPECT_TRUE(BodyOf(r).starts_with("invalid_argument|body|")) << r;
  // Chunked: refused as soon as the chunks pass the limit, while the client is still sending.
  Socket s(port_);
  ASSERT_TRUE(s.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "100\r\n" + std::string(256, 'x') + "\r\n";
  int sent = 0;
  while (sent < 8 && s.Send(chunk)) ++sent;
  r = s.ReadResponse();
  EXPECT_EQ(StatusOf(r), 413) << r;
  // A chunked body within the limit is read whole.
  r = Ask("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  EXPECT_EQ(BodyOf(r), "abcde") << r;
  r = Ask("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 431) << r;
  r = Ask("GARBAGE\r\n\r\n");
  EXPECT_EQ(StatusOf(r), 400) << r;
}

TEST_F(HttpServerTest, IdleAndDrippingConnectionsHoldNoThreadAndAreCutOff) {
  // Two threads serve; 300 idle connections and 20 that drip a header byte at a time must not
  // keep /health from being answered.
  std::vector<std::unique_ptr<Socket>> idle;
  for (int i = 0; i < 300; ++i) idle.push_back(std::make_unique<Socket>(port_));
  std::vector<std::unique_ptr<Socket>> drip;
  for (int i = 0; i < 20; ++i) {
    drip.push_back(std::make_unique<Socket>(port_));
    drip.back()->Send("GET /health HTTP/1.1\r\nHo");
  }
  for (int i = 0; i < 5; ++i) {
    for (auto& d : drip) d->Send("s");
    EXPECT_EQ(StatusOf(Ask("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")), 200);
  }
  // The header deadline (1.5 s here) ends the drippers and the idle connections alike.
  EXPECT_TRUE(drip.front()->ClosedWithin(3s));
  EXPECT_TRUE(idle.back()->ClosedWithin(3s));
}

TEST_F(HttpServerTest, AHandlerThatWaitsDoesNotHoldUpTheEventLoop) {
  Socket slow(port_);
  ASSERT_TRUE(slow.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(50ms);
  // The one event-loop thread is free: /health is answered while /slow sleeps on a worker.
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(StatusOf(Ask("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")), 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 400ms);  // not the 750 ms /slow has left
  EXPECT_EQ(BodyOf(slow.ReadResponse()), "done");
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Socket s(port_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(s.Send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    std::string r = s.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200) << i;
  }
  ASSERT_TRUE(s.Send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(StatusOf(s.ReadResponse()), 200);
  EXPECT_TRUE(s.ClosedWithin(2s));
}

TEST_F(HttpServerTest, StopFinishesTheRequestInFlightAndClosesIdleConnections) {
  Socket idle(port_);
  Socket busy(port_);
  ASSERT_TRUE(busy.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(100ms);
  server_->Stop();
  std::string r = busy.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_EQ(BodyOf(r), "done");
  EXPECT_TRUE(idle.ClosedWithin(2s));
}

}  // namespace
}  // namespace exportctl::server
