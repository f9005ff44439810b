#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/mutex.h"

namespace pal::api {

struct SignInThrottleOptions {
  // Failures within `window` that lock a key; 0 = never locks.
  int max_failures = 10;
  // Failures are counted from the first one; older than this they are forgotten.
  Timestamp window = 600 * kMicrosPerSecond;
  // The first lockout; each lockout that follows another within `window` of its end lasts
  // twice as long as the one before, up to `max_lockout`.
  Timestamp lockout = 60 * kMicrosPerSecond;
  Timestamp max_lockout = 960 * kMicrosPerSecond;
  // Keys remembered at most; past it the idle ones, then the least recently failed, go.
  std::size_t max_keys = 100'000;
};

// Failed sign-in attempts per key (a user's sign-in name, an application in a tenant, a
// client's address): `max_failures` failures within `window` lock the key for `lockout`, and
// while it is locked attempts are refused without checking any secret. Lockouts decay: the
// level that doubles a lockout falls back to the first once a whole window passes after a
// lockout's end without another, and a key with neither failures nor a lockout within the
// last window is forgotten. A success forgets the key. Sharded by key, each shard behind its
// own mutex. Thread-safe.
class SignInThrottle {
 public:
  explicit SignInThrottle(SignInThrottleOptions options);

  bool enabled() const { return options_.max_failures > 0; }

  // nullopt when `key` may try at `now`; otherwise the whole seconds (at least 1) until its
  // lockout ends, for Retry-After.
  std::optional<int> LockedFor(std::string_view key, Timestamp now);

  // Counts one failure of `key` at `now`. The seconds of the lockout it started, if it did.
  std::optional<int> RecordFailure(std::string_view key, Timestamp now);

  // A successful sign-in: the key's failures and lockout level are forgotten.
  void RecordSuccess(std::string_view key);

  // Keys remembered now (for tests and metrics).
  std::size_t size();

 private:
  struct Entry {
    int failures = 0;
    Timestamp first_failure = 0;
    Timestamp locked_until = 0;
    int lockouts = 0;  // consecutive lockouts: the next lasts lockout * 2^lockouts
    Timestamp last_failure = 0;
  };
  struct Shard {
    Mutex mutex;
    std::unordered_map<std::string, Entry> entries PAL_GUARDED_BY(mutex);
  };
  static constexpr std::size_t kShards = 16;

  Shard& ShardFor(std::string_view key);
  bool Idle(const Entry& entry, Timestamp now) const;
  // Makes room for one more key in `shard`.
  void Evict(Shard& shard, Timestamp now) PAL_REQUIRES(shard.mutex);

  SignInThrottleOptions options_;
  std::array<Shard, kShards> shards_;
};

}  // namespace pal::api
