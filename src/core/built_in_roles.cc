// The built-in role definitions pal serves: Azure's, with their ids, assignable scopes and
// permission lists, from the data file src/core/data/built_in_roles.json (its source and licence
// in src/core/data/README.md) through the table scripts/generate-built-in-roles writes.
#include <string_view>

#include "core/role_definition.h"

namespace pal {
namespace {

// One role as the generated table holds it; every list is its items joined by '\n'.
struct BuiltInRoleRow {
  std::string_view id;
  std::string_view role_name;
  std::string_view description;
  std::string_view assignable_scopes;
  std::string_view actions;
  std::string_view not_actions;
  std::string_view data_actions;
  std::string_view not_data_actions;
};

constexpr BuiltInRoleRow kBuiltInRoleRows[] = {
#include "core/built_in_roles_data.inc"
};

std::vector<std::string> Lines(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    const size_t end = joined.find('\n');
    out.emplace_back(joined.substr(0, end));
    if (end == std::string_view::npos) break;
    joined.remove_prefix(end + 1);
  }
  return out;
}

std::vector<RoleDefinition> MakeBuiltInRoles() {
  std::vector<RoleDefinition> roles;
  roles.reserve(std::size(kBuiltInRoleRows));
  for (const BuiltInRoleRow& row : kBuiltInRoleRows) {
    RoleDefinition role;
    role.id = Guid::Parse(row.id).value_or(Guid());
    role.role_name = row.role_name;
    role.description = row.description;
    role.assignable_scopes = Lines(row.assignable_scopes);
    role.permissions.push_back({Lines(row.actions), Lines(row.not_actions), Lines(row.data_actions),
                                Lines(row.not_data_actions)});
    roles.push_back(std::move(role));
  }
  return roles;
}

}  // namespace

const std::vector<RoleDefinition>& BuiltInRoleDefinitions() {
  static const std::vector<RoleDefinition> roles = MakeBuiltInRoles();
  return roles;
}

}  // namespace pal
