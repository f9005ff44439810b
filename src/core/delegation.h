#pragma once

#include <optional>
#include <string>
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
};

// Azure's rules for authorizations: at least one; built-in roles only; Owner restricted
// (Azure's text); roles with data actions not allowed. InvalidRegistrationDefinitionCreateRequest.
Result<void> ValidateDelegationAuthorizations(const Guid& definition_id,
                                              const std::vector<DelegationAuthorization>& authorizations);

}  // namespace pal
