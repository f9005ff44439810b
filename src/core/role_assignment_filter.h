#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/result.h"
#include "core/role_assignment.h"
#include "core/scope_hierarchy.h"

namespace pal {

// The `$filter` of a role-assignment list, as Microsoft.Authorization 2022-04-01 accepts it:
//   (none)                   at, above and below the scope
//   atScope()                at and above the scope only
//   principalId eq '{oid}'   that principal's assignments, at, above and below (the id
//                            quoted or not: Azure documents `principalId eq {id}`)
//   assignedTo('{oid}')      the same (pal has no groups, so nothing is transitive)
//   atScope() and principalId eq '{oid}' / atScope() and assignedTo('{oid}')
struct RoleAssignmentFilter {
  bool at_scope_only = false;
  std::optional<Guid> principal_id;

  // Keywords are case-insensitive; extra spaces are allowed. Errors: kInvalidArgument
  // "InvalidFilter" naming the supported forms, or "InvalidPrincipalId" for a non-GUID id.
  static Result<RoleAssignmentFilter> Parse(std::string_view text);
};

// The assignments a list at `scope` returns, in the order given: those of the scope's tenant
// (`tenant_id`) at the scope or above it, and — unless `filter.at_scope_only` — below it,
// restricted to `filter.principal_id` when set.
std::vector<const RoleAssignment*> SelectRoleAssignments(
    const Guid& tenant_id, const ResourceId& scope, const RoleAssignmentFilter& filter,
    const std::vector<RoleAssignment>& assignments, const ScopeHierarchy& hierarchy);

}  // namespace pal
