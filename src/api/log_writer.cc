#include "api/log_writer.h"

#include <chrono>
#include <thread>
#include <utility>

namespace pal::api {
namespace {

constexpr auto kShutdownWait = std::chrono::seconds(2);

}  // namespace

AsyncLineWriter::AsyncLineWriter(std::FILE* out, std::size_t max_queued,
                                 std::function<void()> on_drop)
    : state_(std::make_shared<State>()), max_queued_(max_queued), on_drop_(std::move(on_drop)) {
  std::thread([state = state_, out] {
    MutexLock lock(state->mutex);
    for (;;) {
      while (!state->stopping && state->queue.empty()) state->wake.Wait();
      if (state->queue.empty()) break;
      std::deque<std::string> batch;
      batch.swap(state->queue);
      state->writing = true;
      lock.Unlock();
      for (const auto& line : batch) std::fwrite(line.data(), 1, line.size(), out);
      std::fflush(out);
      lock.Lock();
      state->writing = false;
      state->drained.NotifyAll();
    }
    state->drained.NotifyAll();
  }).detach();
}

AsyncLineWriter::~AsyncLineWriter() {
  const auto deadline = std::chrono::steady_clock::now() + kShutdownWait;
  MutexLock lock(state_->mutex);
  state_->stopping = true;
  state_->wake.NotifyOne();
  while (!state_->queue.empty() || state_->writing) {
    if (!state_->drained.WaitUntil(deadline)) break;
  }
}

void AsyncLineWriter::Write(std::string_view line) {
  {
    MutexLock lock(state_->mutex);
    if (state_->queue.size() < max_queued_) {
      state_->queue.emplace_back(line);
      state_->wake.NotifyOne();
      return;
    }
  }
  if (on_drop_) on_drop_();
}

}  // namespace pal::api
