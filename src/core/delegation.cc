#include "core/delegation.h"

#include <fmt/format.h>

#include "core/role_definition.h"

namespace pal {

namespace {
constexpr std::string_view kOwner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
}

Result<void> ValidateDelegationAuthorizations(
    const Guid& definition_id, const std::vector<DelegationAuthorization>& authorizations) {
  auto invalid = [](std::string message) {
    return Error::InvalidArgument("InvalidRegistrationDefinitionCreateRequest", std::move(message));
  };
  if (authorizations.empty()) {
    return invalid(fmt::format("The registration definition '{}' needs at least one authorization.",
                               definition_id.ToString()));
  }
  for (const auto& a : authorizations) {
    const std::string role = a.role_definition_id.ToString();
    const RoleDefinition* definition = FindBuiltInRoleById(a.role_definition_id);
    if (!definition) {
      return invalid(fmt::format("The role definition '{}' is not a built-in role definition; "
                                 "only built-in roles can be delegated.",
                                 role));
    }
    if (role == kOwner) {
      return invalid(fmt::format("The role definition '{}' is restricted for registration "
                                 "definition '{}'. Restricted role definitions are '{}'.",
                                 role, definition_id.ToString(), kOwner));
    }
    for (const auto& permission : definition->permissions) {
      if (!permission.data_actions.empty() || !permission.not_data_actions.empty()) {
        return invalid(fmt::format("The role definition '{}' with data actions not allowed for "
                                   "registration definition '{}'. Only built in role definitions "
                                   "without any data and notData actions are allowed.",
                                   role, definition_id.ToString()));
      }
    }
  }
  return {};
}

}  // namespace pal
