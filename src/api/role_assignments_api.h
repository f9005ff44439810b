#pragma once

#include <string_view>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "api/token_service.h"
#include "core/clock.h"
#include "identity/token_verifier.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// Lower-cased marker of the role assignments collection under any scope.
inline constexpr std::string_view kRoleAssignmentsMarker =
    "/providers/microsoft.authorization/roleassignments";

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
// nothing stored. Every store call runs on `run_blocking`, off the
// network threads. Codes and messages are Azure's; see docs/api.md. Thread-safe.
class RoleAssignmentsApi final : public BlockingArmApi {
 public:
  RoleAssignmentsApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock,
                     BlockingRunner run_blocking, size_t page_size = 1000);

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;
  HttpResponse Put(const HttpRequest& request, const identity::CallerIdentity& caller,
                   const ResourceId& scope, const Guid& name);
  HttpResponse Get(const HttpRequest& request, const identity::CallerIdentity& caller,
                   const ResourceId& scope, const Guid& name);
  HttpResponse Delete(const HttpRequest& request, const identity::CallerIdentity& caller,
                      const ResourceId& scope, const Guid& name);
  HttpResponse List(const HttpRequest& request, const identity::CallerIdentity& caller,
                    const ResourceId& scope);
  // The assignment `name` if it lives at exactly `scope`, in the scope's tenant.
  Result<std::optional<RoleAssignment>> FindAtScope(const ResourceId& scope, const Guid& name,
                                                    const identity::CallerIdentity& caller);
  // The tenant whose directory and assignments `scope` belongs to.
  Result<Guid> ScopeTenant(const ResourceId& scope, const identity::CallerIdentity& caller);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
  size_t page_size_;
};

}  // namespace pal::api
