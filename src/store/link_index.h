#pragma once

#include <cstring>
#include <optional>
#include <unordered_map>

#include "core/management_partner_link.h"
#include "core/mutex.h"

namespace pal::store {

struct PrincipalKeyHash {
  size_t operator()(const PrincipalKey& key) const noexcept {
    size_t a = 0;
    size_t b = 0;
    std::memcpy(&a, key.tenant_id.bytes().data(), sizeof a);
    std::memcpy(&b, key.object_id.bytes().data() + 8, sizeof b);
    return a ^ (b * 0x9E3779B97F4A7C15ULL);
  }
};

// The committed state of every link, for reads that must not touch the disk.
// Thread-safe: many readers, one writer at a time.
class LinkIndex {
 public:
  std::optional<ManagementPartnerLink> Find(const PrincipalKey& key) const {
    ReaderMutexLock lock(mutex_);
    auto it = links_.find(key);
    if (it == links_.end()) return std::nullopt;
    return it->second;
  }

  void Put(const ManagementPartnerLink& link) {
    WriterMutexLock lock(mutex_);
    links_[link.owner] = link;
  }

 private:
  mutable SharedMutex mutex_;
  std::unordered_map<PrincipalKey, ManagementPartnerLink, PrincipalKeyHash> links_
      PAL_GUARDED_BY(mutex_);
};

}  // namespace pal::store
