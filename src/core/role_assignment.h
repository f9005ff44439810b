#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/resource_id.h"
#include "core/role_definition.h"
#include "core/scope_hierarchy.h"

namespace pal {

// A role assignment: `principal` holds `role_definition_id` at `scope` and everything below.
struct RoleAssignment {
  Guid name;  // the assignment's GUID
  ResourceId scope;
  Guid role_definition_id;
  PrincipalKey principal;                           // tenant + object id of the assignee
  std::string principal_type = "ServicePrincipal";  // User | Group | ServicePrincipal | ...
  Timestamp created_at = 0;
  PrincipalKey created_by;
  // Free text and an ABAC condition, as the API accepts them; only these may change after
  // creation (RoleAssignmentUpdateNotPermitted otherwise).
  std::optional<std::string> description;
  std::optional<std::string> condition;
  std::optional<std::string> condition_version;
  Timestamp updated_at = 0;
  PrincipalKey updated_by;
  // The Lighthouse registration assignment through which a principal of a managing tenant
  // created it (for a managed identity of the customer); none for the tenant's own.
  std::optional<Guid> delegation_id = std::nullopt;
};

// Whether `principal` may perform `action` at `scope`: some assignment of the principal at the
// scope or at one of its ancestors has a (built-in) role that allows the action.
// Assignments naming unknown roles grant nothing.
bool IsAuthorized(const PrincipalKey& principal, std::string_view action, const ResourceId& scope,
                  const std::vector<RoleAssignment>& assignments, const ScopeHierarchy& hierarchy);

// The assignments in force at `scope` (at it or above it), in the order given.
std::vector<const RoleAssignment*> AssignmentsInForce(
    const ResourceId& scope, const std::vector<RoleAssignment>& assignments,
    const ScopeHierarchy& hierarchy);

}  // namespace pal
