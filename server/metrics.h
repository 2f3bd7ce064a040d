// Per-route request counters and latency histograms, rendered in the Prometheus text format at
// /metrics. Routes are registered once at start-up (Add); Observe is lock-free and thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>

namespace exportctl::server {

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 11> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0};

  // Registers a route label such as "POST /v1/check". REQUIRES: called before serving.
  void Add(const std::string& route);
  // Records one request of a registered route (unknown labels count under "unmatched").
  void Observe(const std::string& route, int status, double seconds);
  // Prometheus exposition text (exportctl_http_requests_total, exportctl_http_request_duration_seconds).
  std::string Render() const;

 private:
  struct Route {
    std::array<std::atomic<long>, 6> by_class{};  // status 1xx..5xx, index 0 unused
    std::array<std::atomic<long>, kBuckets.size() + 1> buckets{};
    std::atomic<long> count{0};
    std::atomic<long> sum_micros{0};
  };
  std::map<std::string, std::unique_ptr<Route>> routes_;
};

}  // namespace exportctl::server
