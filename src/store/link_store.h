#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/link_history_entry.h"
#include "core/management_partner_link.h"
#include "core/result.h"

namespace pal::store {

// PAL links (one per owner principal) and their history. Thread-safe. Link reads are answered
// from an index in memory that only this process's link writer changes; link writes are
// durable before their completion runs.
class LinkStore {
 public:
  virtual ~LinkStore() = default;

  // The owner's link as last committed (Active or Deleted), or nullopt if it never had one.
  virtual std::optional<ManagementPartnerLink> FindLink(const PrincipalKey& owner) = 0;

  using LinkWriteDone = std::function<void(Result<ManagementPartnerLink>)>;
  // Applies `command` to the owner's link with the rules of ApplyLinkCommand, atomically with
  // respect to other writes, stamps it with the store's clock, appends the history row, and
  // calls `done` — on an unspecified thread — once the change is durable, or with the rule's
  // or the storage's error. `done` must not block.
  virtual void WriteLink(const PrincipalKey& owner, const PrincipalKey& actor,
                         const LinkCommand& command, LinkWriteDone done) = 0;

  // History of link changes in commit order; all principals if `owner` is nullopt.
  virtual Result<std::vector<LinkHistoryEntry>> ListLinkHistory(
      const std::optional<PrincipalKey>& owner) = 0;
};

}  // namespace pal::store
