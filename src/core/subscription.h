#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/guid.h"

namespace pal {

// An Azure subscription of a customer tenant. `offer` is the agreement type pal records
// itself (EnterpriseAgreement, AzurePlan, CSP, PayAsYouGo); `state` Azure's (Enabled, ...).
struct Subscription {
  Guid subscription_id;
  Guid tenant_id;
  std::string display_name;
  std::string offer;
  std::string state;
  Timestamp created_at = 0;
  std::optional<std::string> parent_group_id;  // the management group it hangs under
};

}  // namespace pal
