#include "api/sign_in_throttle.h"

#include <gtest/gtest.h>

#include <string>

namespace pal::api {
namespace {

constexpr Timestamp kStart = 1'790'000'000 * kMicrosPerSecond;
constexpr Timestamp kSecond = kMicrosPerSecond;

SignInThrottleOptions Options() {
  return {.max_failures = 3,
          .window = 600 * kSecond,
          .lockout = 60 * kSecond,
          .max_lockout = 240 * kSecond};
}

// Fails `key` until it locks; the lockout's seconds.
std::optional<int> LockOut(SignInThrottle& throttle, const std::string& key, Timestamp now) {
  std::optional<int> locked;
  for (int i = 0; i < 3 && !locked; ++i) locked = throttle.RecordFailure(key, now);
  return locked;
}

TEST(SignInThrottleTest, ZeroFailuresNeverLocks) {
  SignInThrottle throttle({.max_failures = 0});
  EXPECT_FALSE(throttle.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_FALSE(throttle.RecordFailure("user:a", kStart).has_value());
  EXPECT_FALSE(throttle.LockedFor("user:a", kStart).has_value());
  EXPECT_EQ(throttle.size(), 0u);
}

TEST(SignInThrottleTest, LocksAfterTheThresholdForTheLockout) {
  SignInThrottle throttle(Options());
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart).has_value());
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart + kSecond).has_value());
  EXPECT_FALSE(throttle.LockedFor("user:a", kStart + kSecond).has_value());
  auto locked = throttle.RecordFailure("user:a", kStart + 2 * kSecond);
  ASSERT_TRUE(locked.has_value());
  EXPECT_EQ(*locked, 60);
  EXPECT_EQ(throttle.LockedFor("user:a", kStart + 2 * kSecond), 60);
  // Retry-After counts down in whole seconds, rounded up, never below 1.
  EXPECT_EQ(throttle.LockedFor("user:a", kStart + 32 * kSecond + kSecond / 2), 30);
  EXPECT_EQ(throttle.LockedFor("user:a", kStart + 62 * kSecond - 1), 1);
  EXPECT_FALSE(throttle.LockedFor("user:a", kStart + 62 * kSecond).has_value());
  // Other keys are not affected.
  EXPECT_FALSE(throttle.LockedFor("user:b", kStart + 2 * kSecond).has_value());
}

TEST(SignInThrottleTest, FailuresWhileLockedNeitherCountNorLengthenIt) {
  SignInThrottle throttle(Options());
  ASSERT_TRUE(LockOut(throttle, "user:a", kStart).has_value());
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(throttle.RecordFailure("user:a", kStart + 10 * kSecond).has_value());
  }
  EXPECT_EQ(throttle.LockedFor("user:a", kStart + 10 * kSecond), 50);
  EXPECT_FALSE(throttle.LockedFor("user:a", kStart + 60 * kSecond).has_value());
  // After it, the count starts from zero.
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart + 61 * kSecond).has_value());
}

TEST(SignInThrottleTest, FailuresOlderThanTheWindowAreForgotten) {
  SignInThrottle throttle(Options());
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart).has_value());
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart + 100 * kSecond).has_value());
  // The window counts from the first failure: a third failure after it starts a new count.
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart + 600 * kSecond).has_value());
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart + 601 * kSecond).has_value());
  EXPECT_TRUE(throttle.RecordFailure("user:a", kStart + 602 * kSecond).has_value());
}

TEST(SignInThrottleTest, LockoutsInARowDoubleUpToTheMaximumThenDecay) {
  SignInThrottle throttle(Options());
  Timestamp now = kStart;
  for (int expected : {60, 120, 240, 240}) {
    auto locked = LockOut(throttle, "user:a", now);
    ASSERT_TRUE(locked.has_value());
    EXPECT_EQ(*locked, expected);
    now += *locked * kSecond;  // the attacker comes back as soon as it ends
  }
  // A whole window after the last lockout's end without another: back to the first length.
  now += 600 * kSecond;
  EXPECT_EQ(LockOut(throttle, "user:a", now), 60);
}

TEST(SignInThrottleTest, ASuccessForgetsTheFailuresAndTheLevel) {
  SignInThrottle throttle(Options());
  ASSERT_EQ(LockOut(throttle, "user:a", kStart), 60);
  throttle.RecordSuccess("user:a");
  EXPECT_FALSE(throttle.LockedFor("user:a", kStart).has_value());
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart).has_value());
  EXPECT_FALSE(throttle.RecordFailure("user:a", kStart).has_value());
  throttle.RecordSuccess("user:a");
  EXPECT_EQ(throttle.size(), 0u);
  // Two failures were forgotten: it takes three again, and the lockout is the first length.
  EXPECT_EQ(LockOut(throttle, "user:a", kStart + kSecond), 60);
}

TEST(SignInThrottleTest, RemembersBoundedKeysAndKeepsLockedOnesLongest) {
  SignInThrottleOptions options = Options();
  options.max_keys = 16 * 4;  // four a shard
  SignInThrottle throttle(options);
  ASSERT_EQ(LockOut(throttle, "user:locked", kStart), 60);
  for (int i = 0; i < 10000; ++i) {
    throttle.RecordFailure("user:sprayed" + std::to_string(i), kStart + kSecond);
  }
  EXPECT_LE(throttle.size(), options.max_keys);
  EXPECT_TRUE(throttle.LockedFor("user:locked", kStart + kSecond).has_value());
  // Idle keys go first: a window later, new keys find room without pushing anything out.
  const Timestamp later = kStart + 2000 * kSecond;
  for (int i = 0; i < 10; ++i) throttle.RecordFailure("user:new" + std::to_string(i), later);
  EXPECT_LE(throttle.size(), options.max_keys);
}

}  // namespace
}  // namespace pal::api
