#include "api/role_definitions_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "core/role_definition.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kReadAction = "Microsoft.Authorization/roleDefinitions/read";

nlohmann::json DefinitionJson(const RoleDefinition& role, const ResourceId& scope) {
  // Read at or below a subscription, a built-in role's id carries that subscription.
  const std::string prefix =
      scope.subscription_id() ? "/subscriptions/" + *scope.subscription_id() : std::string();
  nlohmann::json permissions = nlohmann::json::array();
  for (const auto& p : role.permissions) {
    permissions.push_back({{"actions", p.actions},
                           {"notActions", p.not_actions},
                           {"dataActions", p.data_actions},
                           {"notDataActions", p.not_data_actions}});
  }
  return {
      {"id", fmt::format("{}/providers/Microsoft.Authorization/roleDefinitions/{}", prefix,
                         role.id.ToString())},
      {"name", role.id.ToString()},
      {"type", "Microsoft.Authorization/roleDefinitions"},
      {"properties",
       {{"roleName", role.role_name},
        {"type", role.type},
        {"description", role.description},
        {"assignableScopes", role.assignable_scopes},
        {"permissions", permissions},
        {"createdOn", "2015-02-02T21:55:09.8806423Z"},
        // Azure sends createdBy/updatedBy null for built-ins; the spec types them as strings,
        // so they are left out rather than sent as null.
        {"updatedOn", "2015-02-02T21:55:09.8806423Z"}}},
  };
}

// Parses "roleName eq 'X'" or "type eq 'X'" (either case for the field, quotes required).
Result<std::pair<std::string, std::string>> ParseFilter(std::string_view filter) {
  const auto bad = Error::InvalidArgument(
      "InvalidFilter", fmt::format("The $filter '{}' is not supported. Use roleName eq '<name>' "
                                   "or type eq 'BuiltInRole'.",
                                   filter));
  const size_t eq = filter.find(" eq '");
  if (eq == std::string_view::npos || filter.back() != '\'') return bad;
  std::string field(filter.substr(0, eq));
  while (!field.empty() && field.back() == ' ') field.pop_back();
  std::string value(filter.substr(eq + 5, filter.size() - eq - 6));
  if (!EqualsIgnoreCase(field, "roleName") && !EqualsIgnoreCase(field, "type")) return bad;
  return std::make_pair(ToLowerAscii(field), value);
}

// The {scope*} of a call, "/" on the routes at the root.
std::string ScopeText(const ArmCall& call) {
  for (const auto& [name, value] : call.params) {
    if (name == "scope") return value;
  }
  return "/";
}

}  // namespace

void RoleDefinitionsApi::AddRoutes(ArmRouter& router) {
  constexpr std::string_view kReadOnly =
      "pal serves the built-in role definitions only; they cannot be created, changed or deleted.";
  const auto add = [&](std::string_view pattern, auto operation) {
    router
        .Add(pattern, RouteFamily::kRoleDefinitions, kAuthorizationApiVersion,
             std::string(kReadOnly))
        .On("GET", [this, operation](const ArmCall& call) { return (this->*operation)(call); });
  };
  add("/providers/Microsoft.Authorization/roleDefinitions", &RoleDefinitionsApi::List);
  add("/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}",
      &RoleDefinitionsApi::Get);
  add("{scope*}/providers/Microsoft.Authorization/roleDefinitions", &RoleDefinitionsApi::List);
  add("{scope*}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}",
      &RoleDefinitionsApi::Get);
}

Result<ResourceId> RoleDefinitionsApi::ReadableScope(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto scope, ResourceId::Parse(ScopeText(call)));
  if (scope.level() != ScopeLevel::kRoot) {
    PAL_TRY(authorizer_.Authorize(call.caller, kReadAction, scope));
  }
  return scope;
}

Result<HttpResponse> RoleDefinitionsApi::Get(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto scope, ReadableScope(call));
  const std::string& id_text = call.Param("roleDefinitionId");
  auto id = Guid::Parse(id_text);
  const RoleDefinition* role = id ? FindBuiltInRoleById(*id) : nullptr;
  if (!role) {
    return Error::NotFound(
        "RoleDefinitionDoesNotExist",
        fmt::format("The specified role definition with ID '{}' does not exist.", id_text));
  }
  return ArmJson(200, DefinitionJson(*role, scope).dump(), call.request);
}

Result<HttpResponse> RoleDefinitionsApi::List(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto scope, ReadableScope(call));
  std::optional<std::pair<std::string, std::string>> filter;
  if (auto text = call.request.QueryParam("$filter"); text && !text->empty()) {
    if (*text != "atScopeAndBelow()") {
      PAL_ASSIGN_OR_RETURN(filter, ParseFilter(*text));
    }
  }
  nlohmann::json value = nlohmann::json::array();
  for (const auto& role : BuiltInRoleDefinitions()) {
    if (scope.level() != ScopeLevel::kRoot && !AssignableAt(role, scope)) continue;
    if (filter) {
      const std::string& field_value = filter->first == "rolename" ? role.role_name : role.type;
      if (!EqualsIgnoreCase(field_value, filter->second)) continue;
    }
    value.push_back(DefinitionJson(role, scope));
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

}  // namespace pal::api
