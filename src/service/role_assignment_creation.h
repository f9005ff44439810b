#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/principal.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "core/role_assignment.h"
#include "store/store.h"

namespace pal::service {

// A role assignment to create, as a front end asks for it.
struct NewRoleAssignment {
  Guid name;
  ResourceId scope;
  Guid role_definition_id;
  Guid principal_id;  // of the directory of the scope's tenant
  // The tenant acting, for a scope above subscriptions (OwningTenantOf).
  Guid acting_tenant;
  // When given, must be the principal's type in the directory ("User", "ServicePrincipal").
  std::optional<std::string> principal_type;
  std::optional<std::string> description;
  std::optional<std::string> condition;
  std::optional<std::string> condition_version;
  PrincipalKey actor;  // recorded as created_by
};

// What a front end decides about the assignee before anything is written: the delegation the
// assignment is made through (Azure Lighthouse), nullopt for the tenant's own, or a refusal.
using AssigneeAdmission = std::function<Result<std::optional<Guid>>(const Principal& assignee)>;

// Ok when `role_definition_id` is a built-in role's; 400 RoleDefinitionDoesNotExist otherwise.
Result<void> RequireBuiltInRole(const Guid& role_definition_id);

// Azure's principalType of a principal of the directory: "ServicePrincipal" or "User".
std::string_view PrincipalTypeOf(const Principal& principal);

// Creates `request` in the tenant that owns its scope, checked in this order: the role is a
// built-in one (400 RoleDefinitionDoesNotExist), the principal is in that tenant's directory
// (400 PrincipalNotFound) and of `principal_type` when given (400 UnmatchedPrincipalType),
// `admit` (when given) admits it, and the scope is within Azure's limits (400
// RoleAssignmentLimitExceeded); then stores it (409 RoleAssignmentExists for the same scope,
// role and principal). Nothing is written when a check fails. Returns it as stored.
Result<RoleAssignment> CreateRoleAssignment(store::Store& store, const NewRoleAssignment& request,
                                            const AssigneeAdmission& admit = {});

}  // namespace pal::service
