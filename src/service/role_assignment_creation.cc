#include "service/role_assignment_creation.h"

#include <fmt/format.h>

#include "core/role_definition.h"
#include "core/text.h"
#include "service/role_assignment_limit.h"
#include "service/scope_tenant.h"

namespace pal::service {
namespace {

Error PrincipalNotFound(const Guid& principal_id, const Guid& tenant_id) {
  std::string compact = principal_id.ToString();
  std::erase(compact, '-');
  return Error::InvalidArgument(
      "PrincipalNotFound",
      fmt::format("Principal {} does not exist in the directory {}. Check that you have the "
                  "correct principal ID. If you are creating this principal and then "
                  "immediately assigning a role, this error might be related to a "
                  "replication delay. In this case, set the role assignment principalType "
                  "property to a value, such as ServicePrincipal, User, or Group.  See "
                  "https://aka.ms/docs-principaltype",
                  compact, tenant_id.ToString()));
}

// The assignee in the directory of `tenant_id`, of the requested type when one is given.
Result<Principal> FindAssignee(store::DirectoryStore& directory, const NewRoleAssignment& request,
                               const Guid& tenant_id) {
  PAL_ASSIGN_OR_RETURN(auto principal, directory.FindPrincipal({tenant_id, request.principal_id}));
  if (!principal) return PrincipalNotFound(request.principal_id, tenant_id);
  const std::string_view actual_type = PrincipalTypeOf(*principal);
  if (request.principal_type && !EqualsIgnoreCase(*request.principal_type, actual_type)) {
    return Error::InvalidArgument(
        "UnmatchedPrincipalType",
        fmt::format("The PrincipalId '{}' has type '{}' , which is different from "
                    "specified PrincipalType '{}'.",
                    request.principal_id.ToString(), actual_type, *request.principal_type));
  }
  return *principal;
}

}  // namespace

Result<void> RequireBuiltInRole(const Guid& role_definition_id) {
  if (FindBuiltInRoleById(role_definition_id)) return {};
  return Error::InvalidArgument(
      "RoleDefinitionDoesNotExist",
      fmt::format("The specified role definition with ID '{}' does not exist.",
                  role_definition_id.ToString()));
}

std::string_view PrincipalTypeOf(const Principal& principal) {
  return principal.kind == PrincipalKind::kServicePrincipal ? "ServicePrincipal" : "User";
}

Result<RoleAssignment> CreateRoleAssignment(store::Store& store, const NewRoleAssignment& request,
                                            const AssigneeAdmission& admit) {
  PAL_TRY(RequireBuiltInRole(request.role_definition_id));
  if (!AssignableAt(*FindBuiltInRoleById(request.role_definition_id), request.scope)) {
    // As the role-definition list at the scope, which leaves it out: not there.
    return Error::InvalidArgument(
        "RoleDefinitionDoesNotExist",
        fmt::format("The specified role definition with ID '{}' is not assignable at scope '{}'.",
                    request.role_definition_id.ToString(), request.scope.ToString()));
  }
  PAL_ASSIGN_OR_RETURN(auto tenant_id,
                       OwningTenantOf(store.scopes(), request.scope, request.acting_tenant));
  PAL_ASSIGN_OR_RETURN(auto principal, FindAssignee(store.directory(), request, tenant_id));
  std::optional<Guid> delegation;
  if (admit) {
    PAL_ASSIGN_OR_RETURN(delegation, admit(principal));
  }
  PAL_TRY(CheckRoleAssignmentLimit(store.role_assignments(), request.scope, tenant_id));

  RoleAssignment assignment;
  assignment.name = request.name;
  assignment.scope = request.scope;
  assignment.role_definition_id = request.role_definition_id;
  assignment.principal = {tenant_id, request.principal_id};
  assignment.principal_type = std::string(PrincipalTypeOf(principal));
  assignment.created_by = request.actor;  // the store stamps the times
  assignment.description = request.description;
  assignment.condition = request.condition;
  assignment.condition_version = request.condition_version;
  assignment.delegation_id = delegation;
  return store.role_assignments().CreateRoleAssignment(assignment);
}

}  // namespace pal::service
