#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/mutex.h"

namespace pal::identity {

// The identifiers (jti) of client assertions already used, each kept until its assertion
// lapses, so an assertion signs in once. In memory: one process's uses only (several `pal
// serve` nodes each keep their own). Thread-safe.
class AssertionReplayCache {
 public:
  // At most `capacity` identifiers are kept at once; past it, lapsed ones are dropped first and
  // then the new one is refused (the assertion with it too: sign in again shortly).
  explicit AssertionReplayCache(std::size_t capacity = 100'000) : capacity_(capacity) {}

  // Records `id` (client-scoped: callers prefix the client id) as used until `until`; false if
  // it is already recorded and has not lapsed at `now`, or the cache is full.
  bool TryUse(const std::string& id, Timestamp until, Timestamp now);

 private:
  void DropLapsed(Timestamp now) PAL_REQUIRES(mutex_);

  const std::size_t capacity_;
  Mutex mutex_;
  std::unordered_map<std::string, Timestamp> used_ PAL_GUARDED_BY(mutex_);
};

}  // namespace pal::identity
