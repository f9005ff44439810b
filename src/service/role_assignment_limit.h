#pragma once

#include <cstddef>

#include "core/guid.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "store/role_assignment_store.h"

namespace pal::service {

// Azure's limits on role assignments: 4000 per subscription, 500 per management group.
inline constexpr std::size_t kRoleAssignmentsPerSubscription = 4000;
inline constexpr std::size_t kRoleAssignmentsPerManagementGroup = 500;

// Ok when one more role assignment fits at `scope` (of tenant `tenant_id`): its subscription
// holds fewer than 4000, or (at a management group) the group fewer than 500; other scopes
// (the root) have no limit. 400 RoleAssignmentLimitExceeded otherwise, Azure's text.
Result<void> CheckRoleAssignmentLimit(store::RoleAssignmentStore& assignments,
                                      const ResourceId& scope, const Guid& tenant_id);

}  // namespace pal::service
