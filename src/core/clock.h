#pragma once

#include <chrono>
#include <cstdint>

namespace pal {

// Microseconds since the Unix epoch, UTC. The one time type the domain uses.
using Timestamp = std::int64_t;

// Source of the current time; injected so tests run at fixed instants.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The system's real-time clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that returns whatever a test sets. Not thread-safe.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }
  void Set(Timestamp now) { now_ = now; }
  void Advance(Timestamp micros) { now_ += micros; }

 private:
  Timestamp now_;
};

constexpr Timestamp kMicrosPerSecond = 1'000'000;

}  // namespace pal
