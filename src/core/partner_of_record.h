#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/guid.h"
#include "core/management_partner_link.h"

namespace pal {

// The Digital Partner of Record of an Enterprise Agreement subscription, set by the customer's
// Owner: one at a time, each assignment an interval [assigned_at, removed_at).
struct PartnerOfRecord {
  Guid subscription_id;
  std::string partner_id;
  Timestamp assigned_at = 0;
  std::optional<Timestamp> removed_at;
  PrincipalKey assigned_by;
  std::optional<PrincipalKey> removed_by;
  std::string
      end_reason;  // "removed", "replaced", "migrated" (offer left EA); empty while in force
};

}  // namespace pal
