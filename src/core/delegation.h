#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/principal.h"
#include "core/resource_id.h"
#include "core/result.h"

namespace pal {

// Azure Lighthouse (Microsoft.ManagedServices): a customer delegates a scope of its own to
// principals of a managing (service provider) tenant, each with a built-in role.

// One standing authorization of a registration definition.
struct DelegationAuthorization {
  Guid principal_id;  // a principal of the managing tenant
  std::string principal_display_name;
  Guid role_definition_id;
  // With User Access Administrator only: the roles this principal may assign, to managed
  // identities (service principals) of the customer tenant, through the delegation.
  std::vector<Guid> delegated_role_definition_ids = {};
};

// The offer: who (managing tenant, principals, roles). Defined at a customer subscription.
struct RegistrationDefinition {
  Guid id;
  ResourceId scope;  // where it was created (a subscription or resource group)
  Guid customer_tenant_id;
  std::string name;
  std::string description;
  Guid managed_by_tenant_id;
  std::vector<DelegationAuthorization> authorizations;
  Timestamp created_at = 0;
  PrincipalKey created_by;
};

// The delegation itself: a definition applied to a customer subscription or resource group.
struct RegistrationAssignment {
  Guid id;
  ResourceId scope;
  Guid customer_tenant_id;
  Guid definition_id;
  Timestamp created_at = 0;
  PrincipalKey created_by;
};

// A role a managing-tenant principal holds on a customer scope through an assignment.
struct DelegatedGrant {
  Guid assignment_id;
  ResourceId scope;
  Guid customer_tenant_id;
  Guid role_definition_id;
  std::vector<Guid> delegated_role_definition_ids = {};  // as its authorization names them
};

inline constexpr std::string_view kOwnerRoleId = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
inline constexpr std::string_view kUserAccessAdministratorRoleId =
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

// Azure's rules for authorizations: at least one; built-in roles only; Owner restricted
// (Azure's text); roles with data actions not allowed; User Access Administrator only with
// `delegated_role_definition_ids` (built-in roles without data actions that cannot themselves
// assign roles: never Owner or User Access Administrator), which no other role may carry; no
// other role that can assign roles. InvalidRegistrationDefinitionCreateRequest.
Result<void> ValidateDelegationAuthorizations(
    const Guid& definition_id, const std::vector<DelegationAuthorization>& authorizations);

// What a principal of a managing tenant may do with role assignments of the customer through
// its `grants` (its delegations in force, each covering `scope` or not): create one of `role`
// at `scope` for a principal of kind `assignee` of the customer tenant only when a User Access
// Administrator grant covering `scope` lists `role` in its delegated roles and the assignee is
// a service principal (a managed identity). The registration assignment it goes through, or
// Forbidden AuthorizationFailed whose message says why (the API words the refusal).
Result<Guid> DelegationForRoleAssignment(const std::vector<DelegatedGrant>& grants,
                                         const ResourceId& scope, const Guid& role,
                                         PrincipalKind assignee);

// Whether one of `grants` covering `scope` with User Access Administrator is the delegation
// `created_through` — a delegate may change or remove only the role assignments it created
// through a delegation still in force there.
bool MayManageDelegatedRoleAssignment(const std::vector<DelegatedGrant>& grants,
                                      const ResourceId& scope,
                                      const std::optional<Guid>& created_through);

}  // namespace pal
