#include "api/hashing_pool.h"

#include <algorithm>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace pal::api {
namespace {

constexpr int kNiceness = 10;

// Lowers the calling thread's CPU priority where the system allows it per thread.
void LowerThisThreadsPriority() {
#if defined(__linux__)
  const auto thread_id = static_cast<id_t>(syscall(SYS_gettid));
  (void)setpriority(PRIO_PROCESS, thread_id, kNiceness);
#endif
}

}  // namespace

HashingPool::HashingPool(HashingPoolOptions options)
    : max_queued_(std::max<std::size_t>(options.max_queued, 1)) {
  unsigned threads = options.threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency() / 2);
  workers_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

HashingPool::~HashingPool() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.NotifyAll();
  for (auto& worker : workers_) worker.join();
}

bool HashingPool::TrySubmit(std::function<void()> work) {
  {
    MutexLock lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(work));
  }
  wake_.NotifyOne();
  return true;
}

void HashingPool::Work() {
  LowerThisThreadsPriority();
  for (;;) {
    std::function<void()> work;
    {
      MutexLock lock(mutex_);
      while (!stopping_ && queue_.empty()) wake_.Wait();
      if (queue_.empty()) return;  // stopping, and nothing left to run
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
  }
}

}  // namespace pal::api
