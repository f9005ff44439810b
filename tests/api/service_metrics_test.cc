#include "api/service_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace pal::api {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ServiceMetricsTest, CountsRequestsByRouteAndStatus) {
  ServiceMetrics metrics;
  metrics.RecordRequest(RouteFamily::kManagementPartner, 200, 0.002);
  metrics.RecordRequest(RouteFamily::kManagementPartner, 200, 0.002);
  metrics.RecordRequest(RouteFamily::kManagementPartner, 404, 0.002);
  metrics.RecordRequest(RouteFamily::kToken, 429, 0.002);
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE pal_http_requests_total counter\n"));
  EXPECT_THAT(text,
              HasSubstr("pal_http_requests_total{route=\"managementPartner\",status=\"200\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("pal_http_requests_total{route=\"managementPartner\",status=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("pal_http_requests_total{route=\"token\",status=\"429\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("route=\"health\",status=")));
}

TEST(ServiceMetricsTest, LatencyHistogramIsCumulativeWithSumAndCount) {
  ServiceMetrics metrics;
  metrics.RecordRequest(RouteFamily::kHealth, 200, 0.0004);  // first bucket
  metrics.RecordRequest(RouteFamily::kHealth, 200, 0.003);   // le=0.005
  metrics.RecordRequest(RouteFamily::kHealth, 200, 9);       // only +Inf
  const std::string text = metrics.Render();
  const std::string name = "pal_http_request_duration_seconds";
  EXPECT_THAT(text, HasSubstr("# TYPE " + name + " histogram\n"));
  EXPECT_THAT(text, HasSubstr(name + "_bucket{route=\"health\",le=\"0.0005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(name + "_bucket{route=\"health\",le=\"0.0025\"} 1\n"));
  EXPECT_THAT(text, HasSubstr(name + "_bucket{route=\"health\",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr(name + "_bucket{route=\"health\",le=\"5\"} 2\n"));
  EXPECT_THAT(text, HasSubstr(name + "_bucket{route=\"health\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr(name + "_sum{route=\"health\"} 9.0034\n"));
  EXPECT_THAT(text, HasSubstr(name + "_count{route=\"health\"} 3\n"));
  // Every family has its histogram, with zeros until it serves something.
  EXPECT_THAT(text, HasSubstr(name + "_count{route=\"subscriptions\"} 0\n"));
}

TEST(ServiceMetricsTest, LinkCommitsAndConnections) {
  ServiceMetrics metrics;
  metrics.RecordLinkCommit(3, 0.004);
  metrics.RecordLinkCommit(40, 0.02);
  metrics.ConnectionOpened();
  metrics.ConnectionOpened();
  metrics.ConnectionClosed();
  metrics.ConnectionRefused();
  metrics.RecordRateLimited();
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE pal_link_commit_batch_size histogram\n"));
  EXPECT_THAT(text, HasSubstr("pal_link_commit_batch_size_bucket{le=\"2\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("pal_link_commit_batch_size_bucket{le=\"4\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("pal_link_commit_batch_size_bucket{le=\"64\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("pal_link_commit_batch_size_sum 43\n"));
  EXPECT_THAT(text, HasSubstr("pal_link_commit_batch_size_count 2\n"));
  EXPECT_THAT(text, HasSubstr("pal_link_commit_duration_seconds_bucket{le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("pal_link_commit_duration_seconds_count 2\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE pal_http_connections gauge\npal_http_connections 1\n"));
  EXPECT_THAT(text, HasSubstr("pal_http_connections_refused_total 1\n"));
  EXPECT_THAT(text, HasSubstr("pal_http_rate_limited_total 1\n"));
}

TEST(ServiceMetricsTest, EveryLineIsACommentOrASample) {
  ServiceMetrics metrics;
  metrics.RecordRequest(RouteFamily::kOther, 700, 0.1);  // out of range: counted as 599
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("pal_http_requests_total{route=\"other\",status=\"599\"} 1\n"));
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
    // name{labels} value, or name value
    EXPECT_THAT(line, ::testing::MatchesRegex(
                          "pal_[a-z_]+(\\{[a-zA-Z]+=\"[^\"]*\"(,[a-zA-Z]+=\"[^\"]*\")*\\})? "
                          "[0-9.e+-]+"))
        << line;
  }
}

TEST(ServiceMetricsTest, ConcurrentRecordsAreAllCounted) {
  ServiceMetrics metrics;
  constexpr int kThreads = 4;
  constexpr int kEach = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) metrics.RecordRequest(RouteFamily::kDirectory, 200, 0.001);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_THAT(metrics.Render(),
              HasSubstr("pal_http_requests_total{route=\"directory\",status=\"200\"} 40000\n"));
}

}  // namespace
}  // namespace pal::api
