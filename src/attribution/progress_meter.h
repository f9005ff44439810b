#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

#include "core/mutex.h"

namespace pal::attribution {

// A one-line progress bar on stderr, redrawn a few times a second from its own thread:
//   [#########.........]  48%  1.02 GB / 2.10 GB  4,812,000 rows  905 MB/s  ETA 1s
// Create it only when stderr is a terminal (StderrIsTerminal()).
class ProgressMeter {
 public:
  struct Reading {
    std::uint64_t bytes = 0;
    std::uint64_t rows = 0;
  };
  ProgressMeter(std::uint64_t total_bytes, std::function<Reading()> sample);
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // Stops redrawing and clears the line.
  void Finish();

 private:
  void Draw(double seconds);

  std::uint64_t total_;
  std::function<Reading()> sample_;
  Mutex mutex_;
  CondVar wake_{mutex_};
  bool finished_ PAL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

bool StderrIsTerminal();

}  // namespace pal::attribution
