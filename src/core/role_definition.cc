#include "core/role_definition.h"

#include "core/text.h"

namespace pal {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

bool ActionMatches(std::string_view pattern, std::string_view action) {
  // Iterative glob with backtracking to the last '*'.
  size_t p = 0;
  size_t a = 0;
  size_t star = std::string_view::npos;
  size_t star_a = 0;
  while (a < action.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_a = a;
    } else if (p < pattern.size() && Lower(pattern[p]) == Lower(action[a])) {
      ++p;
      ++a;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      a = ++star_a;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool RoleAllows(const RoleDefinition& role, std::string_view action) {
  for (const auto& permission : role.permissions) {
    bool granted = false;
    for (const auto& pattern : permission.actions)
      granted = granted || ActionMatches(pattern, action);
    if (!granted) continue;
    bool removed = false;
    for (const auto& pattern : permission.not_actions) {
      removed = removed || ActionMatches(pattern, action);
    }
    if (!removed) return true;
  }
  return false;
}

bool AssignableAt(const RoleDefinition& role, const ResourceId& scope) {
  const std::string& key = scope.Key();
  for (const auto& assignable : role.assignable_scopes) {
    if (assignable == "/") return true;
    const std::string prefix = ToLowerAscii(assignable);
    if (key.starts_with(prefix) && (key.size() == prefix.size() || key[prefix.size()] == '/')) {
      return true;
    }
  }
  return false;
}

const RoleDefinition* FindBuiltInRoleById(const Guid& id) {
  for (const auto& role : BuiltInRoleDefinitions()) {
    if (role.id == id) return &role;
  }
  return nullptr;
}

const RoleDefinition* FindBuiltInRoleByName(std::string_view role_name) {
  for (const auto& role : BuiltInRoleDefinitions()) {
    if (EqualsIgnoreCase(role.role_name, role_name)) return &role;
  }
  return nullptr;
}

}  // namespace pal
