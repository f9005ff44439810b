#include "identity/assertion_replay_cache.h"

namespace pal::identity {

bool AssertionReplayCache::TryUse(const std::string& id, Timestamp until, Timestamp now) {
  MutexLock lock(mutex_);
  auto found = used_.find(id);
  if (found != used_.end()) {
    if (found->second > now) return false;
    found->second = until;
    return true;
  }
  if (used_.size() >= capacity_) DropLapsed(now);
  if (used_.size() >= capacity_) return false;
  used_.emplace(id, until);
  return true;
}

void AssertionReplayCache::DropLapsed(Timestamp now) {
  std::erase_if(used_, [now](const auto& entry) { return entry.second <= now; });
}

}  // namespace pal::identity
