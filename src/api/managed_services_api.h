#pragma once

#include <optional>
#include <string_view>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "core/clock.h"
#include "core/delegation.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "identity/token_verifier.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kManagedServicesApiVersions =
    "2022-10-01,2019-09-01,2020-02-01-preview";

// Azure Lighthouse (Microsoft.ManagedServices): registration definitions and assignments at a
// customer subscription or resource group — PUT / GET / DELETE by id and list. Writing needs
// Owner in the customer tenant (ManagedServices write and roleAssignments/write at the scope);
// the authorizations name principals of the managing tenant with built-in roles, Owner and
// data-action roles refused, User Access Administrator only with delegatedRoleDefinitionIds
// (ValidateDelegationAuthorizations). Delegated principals then act on the scope with their
// roles (service::ScopeAuthorizer) but never write registrations: 403 for a delegate. Another
// customer's registration id answers as a missing one for GET and DELETE. See docs/api.md.
// Thread-safe.
class ManagedServicesApi final {
 public:
  ManagedServicesApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock)
      : store_(store), authorizer_(authorizer), clock_(clock) {}

  // Registers {scope*}/providers/Microsoft.ManagedServices/registrationDefinitions[/{id}] and
  // .../registrationAssignments[/{id}] (also without a scope, refused as InvalidScope), and the
  // 404 InvalidResourceType of any other type under the namespace (family kManagedServices).
  void AddRoutes(ArmRouter& router);

 private:
  enum class Kind { kDefinitions, kAssignments };
  // What every operation establishes first, in this order: the scope is a subscription or a
  // resource group, the id (if any) a GUID, the caller may do it there (writes: as Owner), the
  // scope exists; then the customer is the scope's subscription's tenant.
  struct Target {
    ResourceId scope;
    std::optional<Guid> id;  // none for a list
    Guid customer;
  };
  Result<Target> Admit(const ArmCall& call, Kind kind);

  Result<HttpResponse> ListDefinitions(const ArmCall& call);
  Result<HttpResponse> GetDefinition(const ArmCall& call);
  Result<HttpResponse> DeleteDefinition(const ArmCall& call);
  Result<HttpResponse> PutDefinition(const ArmCall& call);
  // The definition a PUT body describes, its managing tenant and principals checked.
  Result<RegistrationDefinition> DefinitionFromBody(const ArmCall& call, const Target& target);
  Result<DelegationAuthorization> AuthorizationFromJson(const nlohmann::json& authorization,
                                                        const Guid& managing_tenant);

  Result<HttpResponse> ListAssignments(const ArmCall& call);
  Result<HttpResponse> GetAssignment(const ArmCall& call);
  Result<HttpResponse> DeleteAssignment(const ArmCall& call);
  Result<HttpResponse> PutAssignment(const ArmCall& call);
  // An assignment as ARM shows it, its definition inlined under $expandRegistrationDefinition.
  nlohmann::json AssignmentJson(const ArmCall& call, const RegistrationAssignment& assignment);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
