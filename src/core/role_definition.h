#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/guid.h"
#include "core/resource_id.h"

namespace pal {

// One permission block of a role. NotActions subtract only from this block's Actions: another
// block or another role that grants an action still grants it (Azure's rule).
struct RolePermission {
  std::vector<std::string> actions;
  std::vector<std::string> not_actions;
  std::vector<std::string> data_actions;
  std::vector<std::string> not_data_actions;
};

// A role definition as Microsoft.Authorization describes it.
struct RoleDefinition {
  Guid id;                // the definition's `name`
  std::string role_name;  // "Owner"
  std::string description;
  std::string type = "BuiltInRole";
  std::vector<RolePermission> permissions;
  std::vector<std::string> assignable_scopes = {"/"};
};

inline constexpr std::string_view kRoleAssignmentsWrite =
    "Microsoft.Authorization/roleAssignments/write";
inline constexpr std::string_view kRoleAssignmentsDelete =
    "Microsoft.Authorization/roleAssignments/delete";

// Azure's action matching: case-insensitive, '*' matches any run of characters ('/' included).
bool ActionMatches(std::string_view pattern, std::string_view action);

// True if some permission block of `role` grants `action` (control plane) and the same block
// does not take it away.
bool RoleAllows(const RoleDefinition& role, std::string_view action);

// True if `role` may be assigned at `scope`: one of its assignable scopes is "/" or `scope` or
// an ancestor of it by path ("/providers/Microsoft.Capacity" only at and below that path).
bool AssignableAt(const RoleDefinition& role, const ResourceId& scope);

// Azure's built-in roles as pal serves them (src/core/data/built_in_roles.json: the privileged
// and general roles, every Management and governance role, and common service roles), with
// Azure's ids, names, assignable scopes and permission lists, ordered by name.
const std::vector<RoleDefinition>& BuiltInRoleDefinitions();
// nullptr when unknown. Names compare case-insensitively.
const RoleDefinition* FindBuiltInRoleById(const Guid& id);
const RoleDefinition* FindBuiltInRoleByName(std::string_view role_name);

}  // namespace pal
