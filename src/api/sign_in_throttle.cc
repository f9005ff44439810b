#include "api/sign_in_throttle.h"

#include <algorithm>
#include <functional>

namespace pal::api {
namespace {

int WholeSecondsUntil(Timestamp end, Timestamp now) {
  const Timestamp left = end - now;
  return static_cast<int>(std::max<Timestamp>(1, (left + kMicrosPerSecond - 1) / kMicrosPerSecond));
}

}  // namespace

SignInThrottle::SignInThrottle(SignInThrottleOptions options) : options_(options) {
  options_.lockout = std::max<Timestamp>(options_.lockout, kMicrosPerSecond);
  options_.max_lockout = std::max(options_.max_lockout, options_.lockout);
  options_.window = std::max<Timestamp>(options_.window, kMicrosPerSecond);
  options_.max_keys = std::max<std::size_t>(options_.max_keys, kShards);
}

SignInThrottle::Shard& SignInThrottle::ShardFor(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

bool SignInThrottle::Idle(const Entry& entry, Timestamp now) const {
  return now >= std::max(entry.last_failure, entry.locked_until) + options_.window;
}

std::optional<int> SignInThrottle::LockedFor(std::string_view key, Timestamp now) {
  if (!enabled()) return std::nullopt;
  Shard& shard = ShardFor(key);
  MutexLock lock(shard.mutex);
  auto it = shard.entries.find(std::string(key));
  if (it == shard.entries.end() || it->second.locked_until <= now) return std::nullopt;
  return WholeSecondsUntil(it->second.locked_until, now);
}

std::optional<int> SignInThrottle::RecordFailure(std::string_view key, Timestamp now) {
  if (!enabled()) return std::nullopt;
  Shard& shard = ShardFor(key);
  MutexLock lock(shard.mutex);
  auto it = shard.entries.find(std::string(key));
  if (it == shard.entries.end()) {
    if (shard.entries.size() >= options_.max_keys / kShards) Evict(shard, now);
    it = shard.entries.emplace(std::string(key), Entry{}).first;
  }
  Entry& entry = it->second;
  // Attempts refused while locked are not checked, so they neither count nor lengthen it.
  if (entry.locked_until > now) return std::nullopt;
  if (entry.lockouts > 0 && now >= entry.locked_until + options_.window) entry.lockouts = 0;
  if (entry.failures == 0 || now >= entry.first_failure + options_.window) {
    entry.failures = 0;
    entry.first_failure = now;
  }
  entry.last_failure = now;
  if (++entry.failures < options_.max_failures) return std::nullopt;
  Timestamp length = options_.lockout;
  for (int i = 0; i < entry.lockouts && length < options_.max_lockout; ++i) length *= 2;
  length = std::min(length, options_.max_lockout);
  entry.locked_until = now + length;
  entry.lockouts += 1;
  entry.failures = 0;
  return WholeSecondsUntil(entry.locked_until, now);
}

void SignInThrottle::RecordSuccess(std::string_view key) {
  if (!enabled()) return;
  Shard& shard = ShardFor(key);
  MutexLock lock(shard.mutex);
  shard.entries.erase(std::string(key));
}

std::size_t SignInThrottle::size() {
  std::size_t total = 0;
  for (auto& shard : shards_) {
    MutexLock lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

void SignInThrottle::Evict(Shard& shard, Timestamp now) {
  std::erase_if(shard.entries, [&](const auto& item) { return Idle(item.second, now); });
  if (shard.entries.size() < options_.max_keys / kShards) return;
  // Still full of recent failures: the key that failed longest ago goes (a locked one last).
  auto oldest = shard.entries.end();
  for (auto it = shard.entries.begin(); it != shard.entries.end(); ++it) {
    const bool locked = it->second.locked_until > now;
    if (oldest == shard.entries.end()) {
      oldest = it;
      continue;
    }
    const bool oldest_locked = oldest->second.locked_until > now;
    if ((oldest_locked && !locked) ||
        (oldest_locked == locked && it->second.last_failure < oldest->second.last_failure)) {
      oldest = it;
    }
  }
  if (oldest != shard.entries.end()) shard.entries.erase(oldest);
}

}  // namespace pal::api
