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
    std::unique_lock lock(state->mutex);
    for (;;) {
      state->wake.wait(lock, [&] { return state->stopping || !state->queue.empty(); });
      if (state->queue.empty()) break;
      std::deque<std::string> batch;
      batch.swap(state->queue);
      state->writing = true;
      lock.unlock();
      for (const auto& line : batch) std::fwrite(line.data(), 1, line.size(), out);
      std::fflush(out);
      lock.lock();
      state->writing = false;
      state->drained.notify_all();
    }
    state->drained.notify_all();
  }).detach();
}

AsyncLineWriter::~AsyncLineWriter() {
  std::unique_lock lock(state_->mutex);
  state_->stopping = true;
  state_->wake.notify_one();
  state_->drained.wait_for(lock, kShutdownWait,
                           [&] { return state_->queue.empty() && !state_->writing; });
}

void AsyncLineWriter::Write(std::string_view line) {
  {
    std::lock_guard lock(state_->mutex);
    if (state_->queue.size() < max_queued_) {
      state_->queue.emplace_back(line);
      state_->wake.notify_one();
      return;
    }
  }
  if (on_drop_) on_drop_();
}

}  // namespace pal::api
