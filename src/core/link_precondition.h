#pragma once

#include <cstdint>
#include <optional>

#include "core/result.h"

namespace pal {

struct ManagementPartnerLink;

// An optimistic-concurrency condition on a link write (HTTP If-Match / If-None-Match on the
// integer etag, which is the link's version). It is checked against the link as the writer
// sees it inside the write transaction, so "read, then write if unchanged" cannot lose an
// update to a concurrent writer. The default (all unset) is no condition.
struct LinkPrecondition {
  std::optional<std::int64_t> if_match_version;  // If-Match: N — the Active link's version is N
  bool if_match_any = false;                     // If-Match: * — an Active link exists
  bool if_none_match_any = false;                // If-None-Match: * — no Active link exists

  bool empty() const { return !if_match_version && !if_match_any && !if_none_match_any; }
};

// kPreconditionFailed "PreconditionFailed" unless `current` satisfies every part of
// `precondition`. Only an Active link has an etag a client can have read (GET of a deleted
// link is 404), so a missing or Deleted link never matches a version or `*`.
Result<void> CheckLinkPrecondition(const std::optional<ManagementPartnerLink>& current,
                                   const LinkPrecondition& precondition);

}  // namespace pal
