#include "core/role_assignment.h"

#include <set>

namespace pal {

std::vector<const RoleAssignment*> AssignmentsInForce(
    const ResourceId& scope, const std::vector<RoleAssignment>& assignments,
    const ScopeHierarchy& hierarchy) {
  std::set<std::string> ancestors;
  for (const auto& ancestor : hierarchy.AncestorsAndSelf(scope)) ancestors.insert(ancestor.Key());
  std::vector<const RoleAssignment*> in_force;
  for (const auto& assignment : assignments) {
    if (ancestors.count(assignment.scope.Key())) in_force.push_back(&assignment);
  }
  return in_force;
}

bool IsAuthorized(const PrincipalKey& principal, std::string_view action, const ResourceId& scope,
                  const std::vector<RoleAssignment>& assignments, const ScopeHierarchy& hierarchy) {
  for (const RoleAssignment* assignment : AssignmentsInForce(scope, assignments, hierarchy)) {
    if (!(assignment->principal == principal)) continue;
    const RoleDefinition* role = FindBuiltInRoleById(assignment->role_definition_id);
    if (role && RoleAllows(*role, action)) return true;
  }
  return false;
}

}  // namespace pal
