#include "api/hashing_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace pal::api {
namespace {

TEST(HashingPoolTest, RunsWorkOnItsOwnThreads) {
  HashingPool pool({.threads = 2, .max_queued = 8});
  EXPECT_EQ(pool.threads(), 2u);
  std::promise<std::thread::id> ran;
  ASSERT_TRUE(pool.TrySubmit([&ran] { ran.set_value(std::this_thread::get_id()); }));
  EXPECT_NE(ran.get_future().get(), std::this_thread::get_id());
}

TEST(HashingPoolTest, DefaultsToAtLeastOneThread) {
  HashingPool pool({});
  EXPECT_GE(pool.threads(), 1u);
}

TEST(HashingPoolTest, RefusesWorkBeyondTheQueueAtOnce) {
  HashingPool pool({.threads = 1, .max_queued = 2});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.TrySubmit([&started, released] {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();  // the only thread is busy; the queue is empty
  std::atomic<int> ran{0};
  EXPECT_TRUE(pool.TrySubmit([&ran] { ++ran; }));
  EXPECT_TRUE(pool.TrySubmit([&ran] { ++ran; }));
  const auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(pool.TrySubmit([&ran] { ++ran; }));
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(1));
  release.set_value();
  for (int i = 0; i < 2000 && ran.load() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(ran.load(), 2);
  // Room again once the queue drained.
  EXPECT_TRUE(pool.TrySubmit([] {}));
}

TEST(HashingPoolTest, TheDestructorRunsWhatIsQueued) {
  std::atomic<int> ran{0};
  {
    HashingPool pool({.threads = 1, .max_queued = 16});
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.TrySubmit([&ran] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 10);
}

}  // namespace
}  // namespace pal::api
