#include "metrics.h"

#include <fmt/format.h>

namespace exportctl::server {

void RequestMetrics::Add(const std::string& route) {
  if (!routes_.contains(route)) routes_[route] = std::make_unique<Route>();
}

void RequestMetrics::Observe(const std::string& route, int status, double seconds) {
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.find("unmatched");
  if (it == routes_.end()) return;
  Route& r = *it->second;
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) r.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
  r.sum_micros.fetch_add(long(seconds * 1e6), std::memory_order_relaxed);
}

std::string RequestMetrics::Render() const {
  std::string out =
      "# HELP exportctl_http_requests_total HTTP requests by route and status class.\n"
      "# TYPE exportctl_http_requests_total counter\n";
  for (const auto& [route, r] : routes_)
    for (int cls = 1; cls <= 5; ++cls)
      if (long n = r->by_class[cls].load(); n > 0)
        out += fmt::format("exportctl_http_requests_total{{route=\"{}\",code=\"{}xx\"}} {}\n", route, cls, n);
  out +=
      "# HELP exportctl_http_request_duration_seconds Time to handle a request, by route.\n"
      "# TYPE exportctl_http_request_duration_seconds histogram\n";
  for (const auto& [route, r] : routes_) {
    long cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += r->buckets[b].load();
      out += fmt::format("exportctl_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route, kBuckets[b], cumulative);
    }
    cumulative += r->buckets[kBuckets.size()].load();
    out += fmt::format("exportctl_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, cumulative);
    out += fmt::format("exportctl_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}\n", route, r->sum_micros.load() / 1e6);
    out += fmt::format("exportctl_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, r->count.load());
  }
  return out;
}

}  // namespace exportctl::server
