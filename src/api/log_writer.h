#pragma once

#include <cstddef>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/mutex.h"

namespace pal::api {

// Writes lines to a FILE from a thread of its own, so a request never waits for the log: a
// reader that stops draining a pipe (or a slow disk) costs dropped lines, never a stalled
// server. Write() queues at most `max_queued` lines and drops (and reports through `on_drop`)
// the rest. Thread-safe.
class AsyncLineWriter {
 public:
  AsyncLineWriter(std::FILE* out, std::size_t max_queued, std::function<void()> on_drop = {});
  // Writes what is queued, waiting at most a couple of seconds for a blocked output; then
  // leaves the writing thread to finish on its own.
  ~AsyncLineWriter();

  AsyncLineWriter(const AsyncLineWriter&) = delete;
  AsyncLineWriter& operator=(const AsyncLineWriter&) = delete;

  // Queues `line` (which carries its own newline); never blocks on I/O.
  void Write(std::string_view line);

 private:
  struct State {
    Mutex mutex;
    CondVar wake{mutex};
    CondVar drained{mutex};
    std::deque<std::string> queue PAL_GUARDED_BY(mutex);
    bool stopping PAL_GUARDED_BY(mutex) = false;
    bool writing PAL_GUARDED_BY(mutex) = false;
  };

  std::shared_ptr<State> state_;  // shared with the thread, which may outlive this object
  std::size_t max_queued_;
  std::function<void()> on_drop_;
};

}  // namespace pal::api
