#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>

#include "core/clock.h"
#include "core/management_partner_link.h"
#include "core/mutex.h"

namespace pal::api {

struct RateLimitOptions {
  double requests_per_second = 0;  // refill rate of each principal's bucket; 0 = no limit
  double burst = 0;                // bucket size; 0 = twice the rate (at least 1)
};

// Per-principal token buckets: each verified caller (tenant + object id) may make `burst`
// requests at once and `requests_per_second` on average. Buckets are sharded by principal,
// each shard behind its own mutex. Principals are only verified token holders, so the map is
// bounded by the directory. Thread-safe.
class RateLimiter {
 public:
  explicit RateLimiter(RateLimitOptions options);

  bool enabled() const { return options_.requests_per_second > 0; }

  // Takes one token from `principal`'s bucket at `now`. nullopt when allowed; otherwise the
  // whole seconds (at least 1) after which a token will be there, for Retry-After.
  std::optional<int> Acquire(const PrincipalKey& principal, Timestamp now);

 private:
  struct Bucket {
    double tokens = 0;
    Timestamp updated = 0;
  };
  struct Shard {
    Mutex mutex;
    std::map<PrincipalKey, Bucket> buckets PAL_GUARDED_BY(mutex);
  };
  static constexpr std::size_t kShards = 16;

  RateLimitOptions options_;
  std::array<Shard, kShards> shards_;
};

}  // namespace pal::api
