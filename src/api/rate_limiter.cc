#include "api/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace pal::api {

RateLimiter::RateLimiter(RateLimitOptions options) : options_(options) {
  if (options_.burst <= 0) options_.burst = std::max(1.0, 2 * options_.requests_per_second);
}

std::optional<int> RateLimiter::Acquire(const PrincipalKey& principal, Timestamp now) {
  if (!enabled()) return std::nullopt;
  const auto& bytes = principal.object_id.bytes();
  Shard& shard = shards_[bytes[bytes.size() - 1] % kShards];
  MutexLock lock(shard.mutex);
  auto [it, inserted] = shard.buckets.try_emplace(principal, Bucket{options_.burst, now});
  Bucket& bucket = it->second;
  if (!inserted && now > bucket.updated) {
    const double elapsed = static_cast<double>(now - bucket.updated) / kMicrosPerSecond;
    bucket.tokens =
        std::min(options_.burst, bucket.tokens + elapsed * options_.requests_per_second);
    bucket.updated = now;
  }
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::nullopt;
  }
  const double wait = (1 - bucket.tokens) / options_.requests_per_second;
  return std::max(1, static_cast<int>(std::ceil(wait)));
}

}  // namespace pal::api
