#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pal::api {

// The families of routes `pal serve` counts requests by (a label, never a path with ids).
enum class RouteFamily {
  kHealth,
  kReady,
  kMetrics,
  kPortal,
  kToken,
  kManagementPartner,
  kInsights,
  kDirectory,
  kPowerPlatform,
  kRoleDefinitions,
  kRoleAssignments,
  kPartnerOfRecord,
  kManagedServices,
  kManagementGroups,
  kResourceGroups,
  kSubscriptions,
  kOther,  // unauthenticated or unknown ARM paths
};
inline constexpr std::size_t kRouteFamilyCount = static_cast<std::size_t>(RouteFamily::kOther) + 1;

// The Prometheus label value of a family, e.g. "managementPartner".
std::string_view RouteFamilyName(RouteFamily family);

// A number as Prometheus prints it ("0.0005", "1", "8192").
std::string FormatMetricValue(double value);
// Appends `name``suffix`{`labels`le="`le`"} `value` (no le label when `le` is empty).
void AppendSample(std::string& out, std::string_view name, std::string_view suffix,
                  std::string_view labels, const std::string& le, std::uint64_t value);
// Appends `name`_sum{labels} with a sum kept in micro-units.
void AppendSum(std::string& out, std::string_view name, std::string_view labels,
               std::int64_t sum_micros);

// Upper bounds of the histograms: seconds, and requests per commit.
inline constexpr std::array<double, 12> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05,   0.1,   0.25,   0.5,   1,    5};
inline constexpr std::array<double, 10> kBatchBounds = {1, 2, 4, 8, 16, 32, 64, 128, 512, 8192};

// A Prometheus histogram over fixed upper bounds (plus +Inf). Observe() is lock-free;
// Render() reads without stopping writers, so a scrape may see a sum a moment ahead of its
// count (Prometheus tolerates that). Thread-safe.
template <const auto& kBounds>
class Histogram {
 public:
  void Observe(double value) {
    std::size_t i = 0;
    while (i < N && value > kBounds[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    // Sums are kept in micro-units so they stay atomic integers.
    sum_micros_.fetch_add(static_cast<std::int64_t>(value * 1e6), std::memory_order_relaxed);
  }

  // Appends the `_bucket`, `_sum` and `_count` lines of `name`; `labels` is either empty or
  // `key="value",` pairs ending in a comma.
  void Render(std::string& out, std::string_view name, std::string_view labels) const {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= N; ++i) {
      cumulative += buckets_[i].load(std::memory_order_relaxed);
      AppendSample(out, name, "_bucket", labels,
                   i < N ? FormatMetricValue(kBounds[i]) : std::string("+Inf"), cumulative);
    }
    AppendSum(out, name, labels, sum_micros_.load(std::memory_order_relaxed));
    AppendSample(out, name, "_count", labels, {}, cumulative);
  }

 private:
  static constexpr std::size_t N = kBounds.size();
  std::array<std::atomic<std::uint64_t>, N + 1> buckets_{};  // last one: above every bound
  std::atomic<std::int64_t> sum_micros_{0};
};

// Counters of `pal serve`, rendered at /_pal/metrics in the Prometheus text format (0.0.4).
// Every method is thread-safe and lock-free (relaxed atomics).
class ServiceMetrics {
 public:
  // One answered request: its family, HTTP status (100-599; others count as 599) and time.
  void RecordRequest(RouteFamily family, int status, double seconds);
  // One durable commit of the link writer: requests in the batch, time to commit (fsync).
  void RecordLinkCommit(std::size_t batch_size, double seconds);
  // A request refused by the per-principal rate limit (it is also counted as a 429).
  void RecordRateLimited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  // A request log line dropped because the log's output did not keep up.
  void RecordLogLineDropped() { log_lines_dropped_.fetch_add(1, std::memory_order_relaxed); }

  void ConnectionOpened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  // A connection closed at once because --max-connections were open.
  void ConnectionRefused() { connections_refused_.fetch_add(1, std::memory_order_relaxed); }
  // A connection closed because its client idled or sent its headers too slowly.
  void ConnectionTimedOut() { connections_timed_out_.fetch_add(1, std::memory_order_relaxed); }

  // The whole exposition text, one `# HELP`/`# TYPE` block per metric; only statuses seen so
  // far get a line.
  std::string Render() const;

 private:
  static constexpr int kMinStatus = 100;
  static constexpr int kStatusCount = 500;  // 100..599

  using LatencyHistogram = Histogram<kLatencyBounds>;

  std::array<std::array<std::atomic<std::uint64_t>, kStatusCount>, kRouteFamilyCount> requests_{};
  std::array<LatencyHistogram, kRouteFamilyCount> latency_{};
  Histogram<kBatchBounds> batch_size_;
  LatencyHistogram commit_duration_;
  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::uint64_t> connections_refused_{0};
  std::atomic<std::uint64_t> connections_timed_out_{0};
  std::atomic<std::uint64_t> rate_limited_{0};
  std::atomic<std::uint64_t> log_lines_dropped_{0};
};

}  // namespace pal::api
