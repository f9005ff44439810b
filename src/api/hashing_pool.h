#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "core/mutex.h"

namespace pal::api {

struct HashingPoolOptions {
  unsigned threads = 0;          // 0 = half the cores, at least 1
  std::size_t max_queued = 128;  // work waiting for a thread at most; more is refused
};

// The threads that check secrets (argon2id: tens of milliseconds and 64 MiB each), apart from
// the network threads and the pool that answers ARM requests, so a flood of sign-ins never
// makes ARM requests wait for a thread. Its threads run at a lower CPU priority (nice 10 on
// Linux) so they also yield the cores to ARM work. The queue is bounded: work beyond it is
// refused at once rather than left to wait. The destructor runs what is queued, then joins.
// Thread-safe.
class HashingPool {
 public:
  explicit HashingPool(HashingPoolOptions options);
  ~HashingPool();
  HashingPool(const HashingPool&) = delete;
  HashingPool& operator=(const HashingPool&) = delete;

  // Queues `work`; false (and `work` dropped) when the queue is full.
  bool TrySubmit(std::function<void()> work);

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }

 private:
  void Work();

  std::size_t max_queued_;
  Mutex mutex_;
  CondVar wake_{mutex_};
  std::deque<std::function<void()>> queue_ PAL_GUARDED_BY(mutex_);
  bool stopping_ PAL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace pal::api
