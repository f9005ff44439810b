#include "service/scope_tenant.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.h"

namespace pal::service {

Result<Guid> OwningTenantOf(store::ScopeStore& scopes, const ResourceId& scope,
                            const Guid& acting_tenant) {
  if (auto id = Guid::Parse(scope.subscription_id().value_or(""))) {
    PAL_ASSIGN_OR_RETURN(auto subscription, scopes.FindSubscription(*id));
    if (subscription) return subscription->tenant_id;
  }
  return acting_tenant;
}

Result<void> CheckScopeExistsInTenant(store::ScopeStore& scopes, const ResourceId& scope,
                                      const Guid& tenant) {
  bool exists = scope.level() == ScopeLevel::kRoot;
  if (scope.subscription_id()) {
    auto id = Guid::Parse(*scope.subscription_id());
    if (id) {
      PAL_ASSIGN_OR_RETURN(auto subscription, scopes.FindSubscription(*id));
      exists = subscription.has_value();
    }
  } else if (scope.management_group()) {
    PAL_ASSIGN_OR_RETURN(auto groups, scopes.ListManagementGroups(tenant));
    exists = std::any_of(groups.begin(), groups.end(), [&](const ManagementGroup& g) {
      return EqualsIgnoreCase(g.group_id, *scope.management_group());
    });
  }
  if (exists) return {};
  return Error::NotFound(
      "ScopeNotFound",
      fmt::format("The scope '{}' is not a subscription, resource group, resource or management "
                  "group that exists.",
                  scope.ToString()));
}

}  // namespace pal::service
