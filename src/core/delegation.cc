#include "core/delegation.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/role_definition.h"

namespace pal {

namespace {

bool HasDataActions(const RoleDefinition& role) {
  for (const auto& permission : role.permissions) {
    if (!permission.data_actions.empty() || !permission.not_data_actions.empty()) return true;
  }
  return false;
}

bool IsUserAccessAdministrator(const Guid& role) {
  return role.ToString() == kUserAccessAdministratorRoleId;
}

}  // namespace

Result<void> ValidateDelegationAuthorizations(
    const Guid& definition_id, const std::vector<DelegationAuthorization>& authorizations) {
  auto invalid = [](std::string message) {
    return Error::InvalidArgument("InvalidRegistrationDefinitionCreateRequest", std::move(message));
  };
  if (authorizations.empty()) {
    return invalid(fmt::format("The registration definition '{}' needs at least one authorization.",
                               definition_id.ToString()));
  }
  for (const auto& a : authorizations) {
    const std::string role = a.role_definition_id.ToString();
    const RoleDefinition* definition = FindBuiltInRoleById(a.role_definition_id);
    if (!definition) {
      return invalid(
          fmt::format("The role definition '{}' is not a built-in role definition; "
                      "only built-in roles can be delegated.",
                      role));
    }
    if (role == kOwnerRoleId) {
      return invalid(
          fmt::format("The role definition '{}' is restricted for registration "
                      "definition '{}'. Restricted role definitions are '{}'.",
                      role, definition_id.ToString(), kOwnerRoleId));
    }
    if (HasDataActions(*definition)) {
      return invalid(
          fmt::format("The role definition '{}' with data actions not allowed for "
                      "registration definition '{}'. Only built in role definitions "
                      "without any data and notData actions are allowed.",
                      role, definition_id.ToString()));
    }
    const bool uaa = IsUserAccessAdministrator(a.role_definition_id);
    if (!uaa && RoleAllows(*definition, kRoleAssignmentsWrite)) {
      return invalid(
          fmt::format("The role definition '{}' ({}) assigns roles; through Azure Lighthouse "
                      "only User Access Administrator may, with 'delegatedRoleDefinitionIds'.",
                      role, definition->role_name));
    }
    if (uaa && a.delegated_role_definition_ids.empty()) {
      return invalid(
          fmt::format("The authorization of principal '{}' with User Access Administrator ('{}') "
                      "must list in 'delegatedRoleDefinitionIds' the roles it may assign to "
                      "managed identities of the customer.",
                      a.principal_id.ToString(), role));
    }
    if (!uaa && !a.delegated_role_definition_ids.empty()) {
      return invalid(
          fmt::format("The authorization of principal '{}' with role '{}' cannot have "
                      "'delegatedRoleDefinitionIds': only User Access Administrator ('{}') assigns "
                      "roles.",
                      a.principal_id.ToString(), role, kUserAccessAdministratorRoleId));
    }
    for (const auto& delegated : a.delegated_role_definition_ids) {
      const std::string text = delegated.ToString();
      const RoleDefinition* d = FindBuiltInRoleById(delegated);
      if (!d) {
        return invalid(fmt::format(
            "The delegated role definition '{}' is not a built-in role definition.", text));
      }
      if (text == kOwnerRoleId || IsUserAccessAdministrator(delegated) ||
          RoleAllows(*d, kRoleAssignmentsWrite)) {
        return invalid(
            fmt::format("The delegated role definition '{}' ({}) is restricted: roles that assign "
                        "roles, such as Owner and User Access Administrator, cannot be delegated.",
                        text, d->role_name));
      }
      if (HasDataActions(*d)) {
        return invalid(
            fmt::format("The delegated role definition '{}' with data actions not allowed for "
                        "registration definition '{}'.",
                        text, definition_id.ToString()));
      }
    }
  }
  return {};
}

Result<Guid> DelegationForRoleAssignment(const std::vector<DelegatedGrant>& grants,
                                         const ResourceId& scope, const Guid& role,
                                         PrincipalKind assignee) {
  auto refused = [](std::string why) {
    return Error::Forbidden("AuthorizationFailed", std::move(why));
  };
  const std::string text = role.ToString();
  if (text == kOwnerRoleId || IsUserAccessAdministrator(role)) {
    return refused("A delegation never assigns Owner or User Access Administrator.");
  }
  bool assigns = false;
  for (const auto& grant : grants) {
    if (!grant.scope.Contains(scope) || !IsUserAccessAdministrator(grant.role_definition_id))
      continue;
    assigns = true;
    if (std::find(grant.delegated_role_definition_ids.begin(),
                  grant.delegated_role_definition_ids.end(),
                  role) == grant.delegated_role_definition_ids.end()) {
      continue;
    }
    if (assignee != PrincipalKind::kServicePrincipal) {
      return refused(
          "Through a delegation, roles are assigned only to managed identities (service "
          "principals) of the customer's tenant.");
    }
    return grant.assignment_id;
  }
  return refused(
      assigns ? fmt::format("The role '{}' is not among the delegatedRoleDefinitionIds of the "
                            "delegation.",
                            text)
              : std::string("No delegation here grants User Access Administrator."));
}

bool MayManageDelegatedRoleAssignment(const std::vector<DelegatedGrant>& grants,
                                      const ResourceId& scope,
                                      const std::optional<Guid>& created_through) {
  if (!created_through) return false;
  for (const auto& grant : grants) {
    if (grant.scope.Contains(scope) && IsUserAccessAdministrator(grant.role_definition_id) &&
        grant.assignment_id == *created_through) {
      return true;
    }
  }
  return false;
}

}  // namespace pal
