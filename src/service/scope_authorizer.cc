#include "service/scope_authorizer.h"

#include <fmt/format.h>

#include "core/delegation.h"
#include "core/role_assignment.h"
#include "core/role_definition.h"
#include "core/scope_hierarchy.h"
#include "core/text.h"

namespace pal::service {

Result<void> ScopeAuthorizer::Authorize(const identity::CallerIdentity& caller,
                                        std::string_view action, const ResourceId& scope,
                                        std::string_view target) {
  return Check(caller, action, scope, target, std::nullopt);
}

Result<void> ScopeAuthorizer::Check(const identity::CallerIdentity& caller, std::string_view action,
                                    const ResourceId& scope, std::string_view target,
                                    const std::optional<Guid>& only_role) {
  ScopeHierarchy hierarchy;
  PAL_ASSIGN_OR_RETURN(auto groups, store_.scopes().ListManagementGroups(caller.tenant_id));
  for (const auto& group : groups) hierarchy.AddManagementGroup(group.group_id, group.parent_id);

  if (scope.subscription_id()) {
    auto id = Guid::Parse(*scope.subscription_id());
    PAL_ASSIGN_OR_RETURN(auto subscription, id ? store_.scopes().FindSubscription(*id)
                                               : Result<std::optional<Subscription>>(std::nullopt));
    if (subscription && subscription->tenant_id != caller.tenant_id) {
      // A role held only through a delegation never counts as holding `only_role` itself.
      return only_role ? Result<void>(Denied(caller, action, scope, target))
                       : AuthorizeDelegated(caller, action, scope, target);
    }
    if (!subscription) {
      return Error::NotFound(
          "SubscriptionNotFound",
          fmt::format("The subscription '{}' could not be found.", *scope.subscription_id()));
    }
    if (subscription->parent_group_id) {
      hierarchy.AddSubscription(*id, *subscription->parent_group_id);
    }
  } else if (scope.management_group()) {
    bool known = false;
    for (const auto& group : groups) {
      known = known || EqualsIgnoreCase(group.group_id, *scope.management_group());
    }
    if (!known) {
      return Error::NotFound(
          "ManagementGroupNotFound",
          fmt::format("The management group '{}' could not be found.", *scope.management_group()));
    }
  }

  const PrincipalKey principal{caller.tenant_id, caller.object_id};
  PAL_ASSIGN_OR_RETURN(auto assignments,
                       store_.role_assignments().ListRoleAssignmentsOfPrincipal(principal));
  if (only_role) {
    std::erase_if(assignments,
                  [&](const RoleAssignment& a) { return a.role_definition_id != *only_role; });
  }
  if (IsAuthorized(principal, action, scope, assignments, hierarchy)) return {};
  return Denied(caller, action, scope, target);
}

namespace {

// Actions a delegation never allows through a role: writing role assignments or definitions
// and registrations. Azure: User Access Administrator is delegated "only for the limited purpose
// of assigning roles to a managed identity in the customer tenant" (RoleAssignmentsApi), and
// no other permission of it applies; the customer alone onboards service providers.
bool NeverThroughDelegation(std::string_view action) {
  const bool guarded = StartsWithIgnoreCase(action, "Microsoft.Authorization/") ||
                       StartsWithIgnoreCase(action, "Microsoft.ManagedServices/");
  const std::string_view read = "/read";
  const bool reads = action.size() >= read.size() &&
                     EqualsIgnoreCase(action.substr(action.size() - read.size()), read);
  return guarded && !reads;
}

}  // namespace

Result<void> ScopeAuthorizer::AuthorizeDelegated(const identity::CallerIdentity& caller,
                                                 std::string_view action, const ResourceId& scope,
                                                 std::string_view target) {
  // Azure Lighthouse: a principal of a managing tenant acts on a customer scope with the role
  // an active registration assignment delegated to it there (or above it).
  // Without one, the caller is refused as anyone without a role is (403, Azure's text, which
  // says nothing of the scope beyond "or the scope is invalid").
  if (NeverThroughDelegation(action)) return Denied(caller, action, scope, target);
  PAL_ASSIGN_OR_RETURN(auto grants, store_.managed_services().ListDelegatedGrants(
                                        {caller.tenant_id, caller.object_id}));
  for (const auto& grant : grants) {
    if (!grant.scope.Contains(scope)) continue;
    if (grant.role_definition_id.ToString() == kUserAccessAdministratorRoleId) {
      // Only what assigning roles to managed identities needs: reading role assignments.
      if (EqualsIgnoreCase(action, "Microsoft.Authorization/roleAssignments/read")) return {};
      continue;
    }
    const RoleDefinition* role = FindBuiltInRoleById(grant.role_definition_id);
    if (role && RoleAllows(*role, action)) return {};
  }
  return Denied(caller, action, scope, target);
}

Result<std::optional<std::vector<DelegatedGrant>>> ScopeAuthorizer::DelegatedGrantsAt(
    const identity::CallerIdentity& caller, const ResourceId& scope) {
  using Grants = std::optional<std::vector<DelegatedGrant>>;
  auto id = Guid::Parse(scope.subscription_id().value_or(""));
  if (!id) return Grants();
  PAL_ASSIGN_OR_RETURN(auto subscription, store_.scopes().FindSubscription(*id));
  if (!subscription || subscription->tenant_id == caller.tenant_id) return Grants();
  PAL_ASSIGN_OR_RETURN(auto grants, store_.managed_services().ListDelegatedGrants(
                                        {caller.tenant_id, caller.object_id}));
  std::erase_if(grants, [&](const DelegatedGrant& g) {
    return !g.scope.Contains(scope) || !(g.customer_tenant_id == subscription->tenant_id);
  });
  return Grants(std::move(grants));
}

Error ScopeAuthorizer::Denied(const identity::CallerIdentity& caller, std::string_view action,
                              const ResourceId& scope, std::string_view target) {
  return DeniedAt(caller, action, target.empty() ? std::string_view(scope.ToString()) : target);
}

Error ScopeAuthorizer::DeniedAt(const identity::CallerIdentity& caller, std::string_view action,
                                std::string_view where, std::string_view why) {
  const std::string who = caller.upn      ? *caller.upn
                          : caller.app_id ? caller.app_id->ToString()
                                          : caller.object_id.ToString();
  return Error::Forbidden(
      "AuthorizationFailed",
      fmt::format("The client '{}' with object id '{}' does not have authorization to perform "
                  "action '{}' over scope '{}' or the scope is invalid. If access was recently "
                  "granted, please refresh your credentials.{}{}",
                  who, caller.object_id.ToString(), action, where, why.empty() ? "" : " ", why));
}

Result<void> ScopeAuthorizer::AuthorizeOwner(const identity::CallerIdentity& caller,
                                             std::string_view action, const ResourceId& scope) {
  static const Guid kOwner = *Guid::Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
  return Check(caller, action, scope, {}, kOwner);
}

Result<void> ScopeAuthorizer::CheckScopeExists(const ResourceId& scope) {
  if (!scope.resource_group()) return {};
  auto subscription_id = Guid::Parse(scope.subscription_id().value_or(""));
  if (!subscription_id) return {};
  PAL_ASSIGN_OR_RETURN(auto groups, store_.resource_groups().ListResourceGroups(*subscription_id));
  bool group_exists = false;
  for (const auto& group : groups) {
    group_exists = group_exists || EqualsIgnoreCase(group.name, *scope.resource_group());
  }
  if (!group_exists) {
    return Error::NotFound(
        "ResourceGroupNotFound",
        fmt::format("Resource group '{}' could not be found.", *scope.resource_group()));
  }
  if (scope.level() != ScopeLevel::kResource) return {};
  // The scope itself when it is a resource, else the resource an extension lives at.
  const ResourceId resource = scope.IsScope() ? scope : scope.Parent().value_or(scope);
  PAL_ASSIGN_OR_RETURN(auto found, store_.resource_groups().FindResource(resource));
  if (!found) {
    const ProviderPath& path = resource.providers().front();
    std::string type_and_name = path.provider_namespace;
    for (const auto& [type, name] : path.types) type_and_name += fmt::format("/{}/{}", type, name);
    return Error::NotFound(
        "ResourceNotFound",
        fmt::format("The Resource '{}' under resource group '{}' was not found. For more details "
                    "please go to https://aka.ms/ARMResourceNotFoundFix",
                    type_and_name, *scope.resource_group()));
  }
  return {};
}

}  // namespace pal::service
