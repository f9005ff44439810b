#include "api/role_definitions_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/url_encoding.h"
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

}  // namespace

void RoleDefinitionsApi::Handle(const HttpRequest& request, const identity::CallerIdentity& caller,
                                Respond respond) {
  const std::string lower = ToLowerAscii(request.path);
  const size_t marker = lower.rfind(kRoleDefinitionsMarker);
  const std::string_view scope_text = std::string_view(request.path).substr(0, marker);
  std::string_view rest =
      std::string_view(request.path).substr(marker + kRoleDefinitionsMarker.size());
  if (request.method != "GET") {
    return respond(MethodNotAllowed(request, "GET",
                                    "pal serves the built-in role definitions only; they cannot "
                                    "be created, changed or deleted."));
  }
  if (auto version = CheckApiVersion(request, kAuthorizationApiVersion); !version.ok()) {
    return respond(ArmError(version.error(), request));
  }
  auto scope = ResourceId::Parse(scope_text.empty() ? "/" : scope_text);
  if (!scope.ok()) return respond(ArmError(scope.error(), request));
  if (scope->level() != ScopeLevel::kRoot) {
    if (auto allowed = authorizer_.Authorize(caller, kReadAction, *scope); !allowed.ok()) {
      return respond(ArmError(allowed.error(), request));
    }
  }

  if (!rest.empty() && rest != "/") {
    auto id = Guid::Parse(PercentDecode(rest.substr(1)).value_or(""));
    const RoleDefinition* role = id ? FindBuiltInRoleById(*id) : nullptr;
    if (!role) {
      return respond(ArmError(
          Error::NotFound("RoleDefinitionDoesNotExist",
                          fmt::format("The specified role definition with ID '{}' does not exist.",
                                      rest.substr(1))),
          request));
    }
    return respond(ArmJson(200, DefinitionJson(*role, *scope).dump(), request));
  }

  std::optional<std::pair<std::string, std::string>> filter;
  if (auto text = request.QueryParam("$filter"); text && !text->empty()) {
    if (*text != "atScopeAndBelow()") {
      auto parsed = ParseFilter(*text);
      if (!parsed.ok()) return respond(ArmError(parsed.error(), request));
      filter = *parsed;
    }
  }
  nlohmann::json value = nlohmann::json::array();
  for (const auto& role : BuiltInRoleDefinitions()) {
    if (filter) {
      const std::string& field_value = filter->first == "rolename" ? role.role_name : role.type;
      if (!EqualsIgnoreCase(field_value, filter->second)) continue;
    }
    value.push_back(DefinitionJson(role, *scope));
  }
  respond(ArmJson(200, nlohmann::json{{"value", value}}.dump(), request));
}

}  // namespace pal::api
