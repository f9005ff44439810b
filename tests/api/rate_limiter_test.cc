#include "api/rate_limiter.h"

#include <gtest/gtest.h>

#include "core/guid.h"

namespace pal::api {
namespace {

const PrincipalKey kAlice{*Guid::Parse("c0a70500-0000-4000-8000-000000000001"),
                          *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1")};
const PrincipalKey kBob{*Guid::Parse("c0a70500-0000-4000-8000-000000000001"),
                        *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2")};
constexpr Timestamp kStart = 1'790'000'000 * kMicrosPerSecond;

TEST(RateLimiterTest, ZeroRateNeverLimits) {
  RateLimiter limiter({});
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 10000; ++i) ASSERT_FALSE(limiter.Acquire(kAlice, kStart).has_value());
}

TEST(RateLimiterTest, BurstThenRetryAfterThenRefill) {
  RateLimiter limiter({.requests_per_second = 5, .burst = 5});
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.Acquire(kAlice, kStart).has_value()) << i;
  auto wait = limiter.Acquire(kAlice, kStart);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 1);
  // A fifth of a second brings one token back.
  EXPECT_FALSE(limiter.Acquire(kAlice, kStart + kMicrosPerSecond / 5).has_value());
  EXPECT_TRUE(limiter.Acquire(kAlice, kStart + kMicrosPerSecond / 5).has_value());
  // A long pause refills only up to the burst.
  const Timestamp later = kStart + 60 * kMicrosPerSecond;
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.Acquire(kAlice, later).has_value()) << i;
  EXPECT_TRUE(limiter.Acquire(kAlice, later).has_value());
}

TEST(RateLimiterTest, PrincipalsHaveTheirOwnBuckets) {
  RateLimiter limiter({.requests_per_second = 1, .burst = 1});
  EXPECT_FALSE(limiter.Acquire(kAlice, kStart).has_value());
  EXPECT_TRUE(limiter.Acquire(kAlice, kStart).has_value());
  EXPECT_FALSE(limiter.Acquire(kBob, kStart).has_value());
}

TEST(RateLimiterTest, RetryAfterIsWholeSecondsUntilATokenIsBack) {
  RateLimiter limiter({.requests_per_second = 0.25, .burst = 1});
  EXPECT_FALSE(limiter.Acquire(kAlice, kStart).has_value());
  auto wait = limiter.Acquire(kAlice, kStart);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 4);
  wait = limiter.Acquire(kAlice, kStart + 3 * kMicrosPerSecond);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, 1);
  EXPECT_FALSE(limiter.Acquire(kAlice, kStart + 4 * kMicrosPerSecond).has_value());
}

TEST(RateLimiterTest, DefaultBurstIsTwiceTheRate) {
  RateLimiter limiter({.requests_per_second = 3});
  for (int i = 0; i < 6; ++i) EXPECT_FALSE(limiter.Acquire(kAlice, kStart).has_value()) << i;
  EXPECT_TRUE(limiter.Acquire(kAlice, kStart).has_value());
}

}  // namespace
}  // namespace pal::api
