#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "api/role_definitions_api.h"
#include "core/clock.h"
#include "core/delegation.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "core/role_assignment.h"
#include "core/role_assignment_filter.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// Microsoft.Authorization/roleAssignments 2022-04-01: PUT / GET / DELETE
// `{scope}/providers/Microsoft.Authorization/roleAssignments/{name}` (the same path serves the
// by-id operations) and list at any scope with `$filter` (atScope(), principalId eq,
// assignedTo). Writes need roleAssignments/write (delete: roleAssignments/delete) at or above
// the scope, reads roleAssignments/read. A principal of a managing tenant (Azure Lighthouse)
// holding User Access Administrator through a delegation covering the scope creates only
// assignments of the roles its authorization's delegatedRoleDefinitionIds list, for service
// principals (managed identities) of the customer tenant, never Owner or User Access
// Administrator, and changes or deletes only those it created through a delegation in force
// (recorded as the assignment's delegation); anything else is 403 AuthorizationFailed with
// nothing stored. Codes and messages are Azure's; see docs/api.md. Thread-safe.
class RoleAssignmentsApi final {
 public:
  RoleAssignmentsApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock,
                     size_t page_size = 1000);

  // Registers the role assignments at the root and under any scope (family kRoleAssignments).
  void AddRoutes(ArmRouter& router);

 private:
  using Delegation = std::optional<std::vector<DelegatedGrant>>;

  Result<HttpResponse> Put(const ArmCall& call);
  Result<HttpResponse> Get(const ArmCall& call);
  Result<HttpResponse> Delete(const ArmCall& call);
  Result<HttpResponse> List(const ArmCall& call);
  // Changes the description and condition of `current`, an assignment the PUT names.
  Result<HttpResponse> Update(const ArmCall& call, RoleAssignment current,
                              const Delegation& delegated, const RoleAssignment& requested);
  // May the caller write (`action`) the assignment `target` at `scope`: by its own roles, or
  // (a principal of a managing tenant) by its delegations there, which it returns.
  Result<Delegation> AuthorizeChange(const identity::CallerIdentity& caller,
                                     std::string_view action, const ResourceId& scope,
                                     std::string_view target);
  // The assignment `name` if it lives at exactly `scope`, in the scope's tenant.
  Result<std::optional<RoleAssignment>> FindAtScope(const ResourceId& scope, const Guid& name,
                                                    const identity::CallerIdentity& caller);
  // The assignments of the scope's tenant a list at `scope` with `filter` returns, in order.
  Result<std::vector<RoleAssignment>> Selected(const identity::CallerIdentity& caller,
                                               const ResourceId& scope,
                                               const RoleAssignmentFilter& filter);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
  size_t page_size_;
};

}  // namespace pal::api
