#include "api/service_metrics.h"

#include <fmt/format.h>

namespace pal::api {
namespace {

constexpr std::array<std::string_view, kRouteFamilyCount> kRouteNames = {
    "health",          "ready",
    "metrics",         "portal",
    "token",           "managementPartner",
    "insights",        "directory",
    "powerPlatform",   "roleDefinitions",
    "roleAssignments", "partnerOfRecord",
    "managedServices", "managementGroups",
    "resourceGroups",  "subscriptions",
    "other",
};

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

// `labels` without its trailing comma, for samples that have no le label.
std::string_view Trimmed(std::string_view labels) {
  if (!labels.empty() && labels.back() == ',') labels.remove_suffix(1);
  return labels;
}

}  // namespace

std::string_view RouteFamilyName(RouteFamily family) {
  return kRouteNames[static_cast<std::size_t>(family)];
}

std::string FormatMetricValue(double value) { return fmt::format("{}", value); }

void AppendSample(std::string& out, std::string_view name, std::string_view suffix,
                  std::string_view labels, const std::string& le, std::uint64_t value) {
  if (le.empty()) {
    const std::string_view trimmed = Trimmed(labels);
    if (trimmed.empty()) {
      out += fmt::format("{}{} {}\n", name, suffix, value);
    } else {
      out += fmt::format("{}{}{{{}}} {}\n", name, suffix, trimmed, value);
    }
    return;
  }
  out += fmt::format("{}{}{{{}le=\"{}\"}} {}\n", name, suffix, labels, le, value);
}

void AppendSum(std::string& out, std::string_view name, std::string_view labels,
               std::int64_t sum_micros) {
  const std::string_view trimmed = Trimmed(labels);
  const double sum = static_cast<double>(sum_micros) / 1e6;
  if (trimmed.empty()) {
    out += fmt::format("{}_sum {}\n", name, sum);
  } else {
    out += fmt::format("{}_sum{{{}}} {}\n", name, trimmed, sum);
  }
}

void ServiceMetrics::RecordRequest(RouteFamily family, int status, double seconds) {
  const int index = status >= kMinStatus && status < kMinStatus + kStatusCount ? status - kMinStatus
                                                                               : kStatusCount - 1;
  const auto f = static_cast<std::size_t>(family);
  requests_[f][static_cast<std::size_t>(index)].fetch_add(1, std::memory_order_relaxed);
  latency_[f].Observe(seconds);
}

void ServiceMetrics::RecordLinkCommit(std::size_t batch_size, double seconds) {
  batch_size_.Observe(static_cast<double>(batch_size));
  commit_duration_.Observe(seconds);
}

std::string ServiceMetrics::Render() const {
  std::string out;
  out.reserve(16 * 1024);
  Header(out, "pal_http_requests_total", "counter",
         "HTTP requests answered, by route family and status.");
  for (std::size_t f = 0; f < kRouteFamilyCount; ++f) {
    for (int s = 0; s < kStatusCount; ++s) {
      const std::uint64_t n =
          requests_[f][static_cast<std::size_t>(s)].load(std::memory_order_relaxed);
      if (n == 0) continue;
      out += fmt::format("pal_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         kRouteNames[f], s + kMinStatus, n);
    }
  }
  Header(out, "pal_http_request_duration_seconds", "histogram",
         "Time from a parsed request to its answer, by route family.");
  for (std::size_t f = 0; f < kRouteFamilyCount; ++f) {
    latency_[f].Render(out, "pal_http_request_duration_seconds",
                       fmt::format("route=\"{}\",", kRouteNames[f]));
  }
  Header(out, "pal_link_commit_batch_size", "histogram",
         "Link writes committed together by one durable commit (group commit).");
  batch_size_.Render(out, "pal_link_commit_batch_size", "");
  Header(out, "pal_link_commit_duration_seconds", "histogram",
         "Time of one link commit, BEGIN to durable COMMIT (fsync).");
  commit_duration_.Render(out, "pal_link_commit_duration_seconds", "");
  Header(out, "pal_http_connections", "gauge", "Open client connections.");
  out += fmt::format("pal_http_connections {}\n", connections_.load(std::memory_order_relaxed));
  Header(out, "pal_http_connections_refused_total", "counter",
         "Connections closed at once because --max-connections were open.");
  out += fmt::format("pal_http_connections_refused_total {}\n",
                     connections_refused_.load(std::memory_order_relaxed));
  Header(out, "pal_http_connections_timed_out_total", "counter",
         "Connections closed for idling or sending their headers too slowly.");
  out += fmt::format("pal_http_connections_timed_out_total {}\n",
                     connections_timed_out_.load(std::memory_order_relaxed));
  Header(out, "pal_http_rate_limited_total", "counter",
         "Requests refused with 429 by the per-principal rate limit.");
  out += fmt::format("pal_http_rate_limited_total {}\n",
                     rate_limited_.load(std::memory_order_relaxed));
  Header(out, "pal_log_lines_dropped_total", "counter",
         "Request log lines dropped because the log's output did not keep up.");
  out += fmt::format("pal_log_lines_dropped_total {}\n",
                     log_lines_dropped_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace pal::api
