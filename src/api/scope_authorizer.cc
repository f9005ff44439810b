#include "api/scope_authorizer.h"

#include <fmt/format.h>

#include "core/role_assignment.h"
#include "core/scope_hierarchy.h"
#include "core/text.h"

namespace pal::api {

Result<void> ScopeAuthorizer::Authorize(const identity::CallerIdentity& caller,
                                        std::string_view action, const ResourceId& scope) {
  ScopeHierarchy hierarchy;
  auto groups = store_.ListManagementGroups(caller.tenant_id);
  if (!groups.ok()) return groups.error();
  for (const auto& group : *groups) hierarchy.AddManagementGroup(group.group_id, group.parent_id);

  if (scope.subscription_id()) {
    auto id = Guid::Parse(*scope.subscription_id());
    auto subscription = id ? store_.FindSubscription(*id)
                           : Result<std::optional<Subscription>>(std::nullopt);
    if (!subscription.ok()) return subscription.error();
    if (!*subscription || (*subscription)->tenant_id != caller.tenant_id) {
      return Error::NotFound("SubscriptionNotFound",
                             fmt::format("The subscription '{}' could not be found.",
                                         *scope.subscription_id()));
    }
    if ((*subscription)->parent_group_id) {
      hierarchy.AddSubscription(*id, *(*subscription)->parent_group_id);
    }
  } else if (scope.management_group()) {
    bool known = false;
    for (const auto& group : *groups) {
      known = known || EqualsIgnoreCase(group.group_id, *scope.management_group());
    }
    if (!known) {
      return Error::NotFound("ManagementGroupNotFound",
                             fmt::format("The management group '{}' could not be found.",
                                         *scope.management_group()));
    }
  }

  auto assignments = store_.ListRoleAssignments(std::nullopt);
  if (!assignments.ok()) return assignments.error();
  const PrincipalKey principal{caller.tenant_id, caller.object_id};
  if (IsAuthorized(principal, action, scope, *assignments, hierarchy)) return {};
  const std::string who = caller.upn ? *caller.upn
                          : caller.app_id ? caller.app_id->ToString()
                                          : caller.object_id.ToString();
  return Error::Forbidden(
      "AuthorizationFailed",
      fmt::format("The client '{}' with object id '{}' does not have authorization to perform "
                  "action '{}' over scope '{}' or the scope is invalid. If access was recently "
                  "granted, please refresh your credentials.",
                  who, caller.object_id.ToString(), action, scope.ToString()));
}

}  // namespace pal::api
