#include "service/role_assignment_limit.h"

#include <fmt/format.h>

namespace pal::service {

Result<void> CheckRoleAssignmentLimit(store::RoleAssignmentStore& assignments,
                                      const ResourceId& scope, const Guid& tenant_id) {
  if (scope.level() != ScopeLevel::kManagementGroup && !scope.subscription_id()) return {};
  auto sub = Guid::Parse(scope.subscription_id().value_or(""));
  std::size_t count = 0;
  if (sub) {
    PAL_ASSIGN_OR_RETURN(auto in_subscription, assignments.ListRoleAssignments(*sub));
    count = in_subscription.size();
  } else {
    PAL_ASSIGN_OR_RETURN(auto in_tenant, assignments.ListRoleAssignmentsInTenant(tenant_id));
    for (const auto& a : in_tenant) count += a.scope == scope ? 1 : 0;
  }
  const std::size_t limit =
      sub ? kRoleAssignmentsPerSubscription : kRoleAssignmentsPerManagementGroup;
  if (count < limit) return {};
  return Error::InvalidArgument(
      "RoleAssignmentLimitExceeded",
      fmt::format("No more role assignments can be created at scope '{}': "
                  "the limit of {} has been reached.",
                  sub ? "/subscriptions/" + sub->ToString() : scope.ToString(), limit));
}

}  // namespace pal::service
