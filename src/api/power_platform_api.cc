#include "api/power_platform_api.h"

#include <fmt/format.h>

#include "api/arm_response.h"
#include "api/json_body.h"
#include "api/power_platform_json.h"
#include "api/resource_type_not_found.h"
#include "core/resource_id.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kEnvironmentWrite = "Pal.PowerPlatform/environments/write";
constexpr std::string_view kEnvironmentDelete = "Pal.PowerPlatform/environments/delete";
constexpr std::string_view kMembersWrite = "Pal.PowerPlatform/environments/members/write";

HttpResponse Json(int status, const nlohmann::json& body, const HttpRequest& request) {
  return ArmJson(status, body.dump(), request);
}

HttpResponse List(const nlohmann::json& value, const HttpRequest& request) {
  return Json(200, nlohmann::json{{"value", value}}, request);
}

Error NoSuchPath(const HttpRequest& request) {
  return Error::NotFound(
      "InvalidResourceType",
      fmt::format("No Pal.PowerPlatform resource is served at '{}'. See docs/api.md.",
                  request.path));
}

// What a PUT of an environment body asks for; 400 for a field of the wrong type or an unknown
// environment type.
Result<std::optional<EnvironmentType>> EnvironmentTypeOf(
    const std::optional<std::string>& type_text) {
  if (!type_text) return std::optional<EnvironmentType>();
  auto type = ParseEnvironmentType(*type_text);
  if (!type) {
    return Error::InvalidArgument("InvalidEnvironmentType",
                                  fmt::format("The environment type '{}' is not one of Production, "
                                              "Sandbox, Trial, Developer.",
                                              *type_text));
  }
  return type;
}

}  // namespace

void PowerPlatformApi::AddRoutes(ArmRouter& router) {
  constexpr RouteFamily kFamily = RouteFamily::kPowerPlatform;
  constexpr std::string_view kVersion = kPowerPlatformApiVersion;
  const auto bind = [this](auto operation) {
    return [this, operation](const ArmCall& call) { return (this->*operation)(call); };
  };
  const std::string root = "/providers/Pal.PowerPlatform";
  const std::string env = root + "/environments/{environment}";
  const std::string resource = env + "/{collection}/{name}";
  router.Add(root + "/environments", kFamily, kVersion, "List environments with GET.")
      .On("GET", bind(&PowerPlatformApi::ListEnvironments));
  router.Add(env, kFamily, kVersion, "An environment is read, created or updated, or deleted.")
      .On("GET", bind(&PowerPlatformApi::GetEnvironment))
      .On("PUT", bind(&PowerPlatformApi::PutEnvironment))
      .On("DELETE", bind(&PowerPlatformApi::DeleteEnvironment));
  router.Add(env + "/members", kFamily, kVersion, "List members with GET.")
      .On("GET", bind(&PowerPlatformApi::ListMembers));
  router
      .Add(env + "/members/{member}", kFamily, kVersion,
           "A member is added or changed (PUT) or removed (DELETE).")
      .On("PUT", bind(&PowerPlatformApi::SetMember))
      .On("DELETE", bind(&PowerPlatformApi::RemoveMember));
  router.Add(env + "/resources", kFamily, kVersion, "List resources with GET.")
      .On("GET", bind(&PowerPlatformApi::ListAllResources));
  router.Add(env + "/exportSolution", kFamily, kVersion, "'exportSolution' takes POST.")
      .On("POST", bind(&PowerPlatformApi::ExportSolution));
  router.Add(env + "/importSolution", kFamily, kVersion, "'importSolution' takes POST.")
      .On("POST", bind(&PowerPlatformApi::ImportSolution));
  router.Add(env + "/activity", kFamily, kVersion, "'activity' takes POST.")
      .On("POST", bind(&PowerPlatformApi::Activity));
  router.Add(env + "/unifiedProfiles", kFamily, kVersion, "'unifiedProfiles' takes POST.")
      .On("POST", bind(&PowerPlatformApi::UnifiedProfiles));
  router.Add(env + "/{collection}", kFamily, kVersion, "List resources with GET.")
      .On("GET", bind(&PowerPlatformApi::ListCollection));
  router.Add(resource, kFamily, kVersion, "A resource is read, created or renamed, or deleted.")
      .On("GET", bind(&PowerPlatformApi::GetResource))
      .On("PUT", bind(&PowerPlatformApi::PutResource))
      .On("DELETE", bind(&PowerPlatformApi::DeleteResource));
  router.Add(resource + "/setOwner", kFamily, kVersion, "Change the owner with POST.")
      .On("POST", bind(&PowerPlatformApi::SetOwner));
  router
      .Add(resource + "/ownershipHistory", kFamily, kVersion, "The ownership history is read-only.")
      .On("GET", bind(&PowerPlatformApi::OwnershipHistory));
  router
      .Add(resource + "/coOwners/{coOwner}", kFamily, kVersion,
           "A co-owner is added (PUT) or removed (DELETE).")
      .On("PUT", bind(&PowerPlatformApi::PutCoOwner))
      .On("DELETE", bind(&PowerPlatformApi::DeleteCoOwner));
  AddResourceTypeNotFound(router, env + "/{rest*}", kFamily, kVersion,
                          [this](const ArmCall& call) { return NoSuchEnvironmentPath(call); });
  for (const std::string& pattern : {root, root + "/{rest*}"}) {
    AddResourceTypeNotFound(router, pattern, kFamily, kVersion,
                            [](const ArmCall& call) { return NoSuchPath(call.request); });
  }
}

Result<PowerPlatformApi::EnvironmentAccess> PowerPlatformApi::Access(
    const identity::CallerIdentity& caller, const std::string& name) {
  // Names are the caller's tenant's own: another tenant's environment of the same name is not
  // looked at, so it is as absent as a missing one (and a PUT creates the caller's own).
  PAL_ASSIGN_OR_RETURN(
      auto found, store_.power_platform_environments().FindEnvironment(caller.tenant_id, name));
  if (!found || found->tenant_id != caller.tenant_id) {
    return Error::NotFound("EnvironmentNotFound",
                           fmt::format("The environment '{}' was not found.", name));
  }
  EnvironmentAccess access{*found, std::nullopt};
  PAL_ASSIGN_OR_RETURN(auto members, store_.power_platform_environments().ListEnvironmentMembers(
                                         access.environment.tenant_id, access.environment.name));
  for (const auto& m : members) {
    if (m.object_id == caller.object_id) access.role = m.role;
  }
  return access;
}

Result<PowerPlatformApi::EnvironmentAccess> PowerPlatformApi::AccessOf(const ArmCall& call) {
  return Access(call.caller, call.Param("environment"));
}

Result<std::pair<PowerPlatformApi::EnvironmentAccess, PowerPlatformProduct>>
PowerPlatformApi::CollectionOf(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto access, AccessOf(call));
  const auto product = ParsePowerPlatformCollection(call.Param("collection"));
  if (!product) return NoSuchPath(call.request);
  return std::pair{std::move(access), *product};
}

Result<std::pair<PowerPlatformApi::EnvironmentAccess, PowerPlatformApi::ResourceAccess>>
PowerPlatformApi::TargetOf(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto collection, CollectionOf(call));
  auto& [access, product] = collection;
  PAL_ASSIGN_OR_RETURN(auto target, FindResource(call.caller, access, product, call.Param("name")));
  return std::pair{std::move(access), std::move(target)};
}

Error PowerPlatformApi::NoSuchEnvironmentPath(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto access, AccessOf(call));
  // .../{collection}/{name}/...: the resource is looked for first, as its own routes do.
  const auto rest = PathSegments(call.Param("rest"));
  const auto product = ParsePowerPlatformCollection(rest[0]);
  if (rest.size() >= 3 && product) {
    PAL_TRY(FindResource(call.caller, access, *product, std::string(rest[1])));
  }
  return NoSuchPath(call.request);
}

Result<Principal> PowerPlatformApi::PrincipalOf(const Guid& tenant, std::string_view object_id,
                                                std::string_view what) {
  auto id = Guid::Parse(object_id);
  PAL_ASSIGN_OR_RETURN(auto principal, id ? store_.directory().FindPrincipal({tenant, *id})
                                          : Result<std::optional<Principal>>(std::nullopt));
  if (!principal) {
    return Error::InvalidArgument(
        "PrincipalNotFound",
        fmt::format("The {} '{}' is not a principal (object id) of tenant '{}'.", what, object_id,
                    tenant.ToString()));
  }
  return *principal;
}

Result<HttpResponse> PowerPlatformApi::ListEnvironments(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto environments, store_.power_platform_environments().ListEnvironments(
                                              call.caller.tenant_id));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& e : environments) value.push_back(EnvironmentJson(e));
  return List(value, call.request);
}

Result<HttpResponse> PowerPlatformApi::GetEnvironment(const ArmCall& call) {
  const std::string& name = call.Param("environment");
  PAL_TRY(ValidatePowerPlatformName(name, "environment name", "InvalidEnvironmentName"));
  PAL_ASSIGN_OR_RETURN(auto access, Access(call.caller, name));
  return Json(200, EnvironmentJson(access.environment), call.request);
}

Result<HttpResponse> PowerPlatformApi::DeleteEnvironment(const ArmCall& call) {
  const std::string& name = call.Param("environment");
  PAL_TRY(ValidatePowerPlatformName(name, "environment name", "InvalidEnvironmentName"));
  auto access = Access(call.caller, name);
  if (!access.ok() && access.error().kind == ErrorKind::kNotFound) {
    return EmptyArmResponse(204, call.request);
  }
  PAL_TRY(access);
  if (!access->admin()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, kEnvironmentDelete,
                                              PowerPlatformEnvironmentId(access->environment.name));
  }
  PAL_TRY(store_.power_platform_environments().DeleteEnvironment(access->environment.tenant_id,
                                                                 access->environment.name));
  return EmptyArmResponse(200, call.request);
}

// PUT: create (the tenant's Power Platform administrator) or update (an environment admin).
Result<HttpResponse> PowerPlatformApi::PutEnvironment(const ArmCall& call) {
  const std::string& name = call.Param("environment");
  PAL_TRY(ValidatePowerPlatformName(name, "environment name", "InvalidEnvironmentName"));
  auto access = Access(call.caller, name);
  const bool exists = access.ok();
  if (!exists && access.error().kind != ErrorKind::kNotFound) return access.error();
  PAL_ASSIGN_OR_RETURN(auto body, ParseObjectBody(call.request.body));
  const auto& properties = PropertiesOf(body);
  EnvironmentChange change;
  PAL_ASSIGN_OR_RETURN(change.display_name, OptionalString(properties, "displayName"));
  PAL_ASSIGN_OR_RETURN(auto type_text,
                       OptionalString(properties, "environmentType", "InvalidEnvironmentType"));
  PAL_ASSIGN_OR_RETURN(change.paid, OptionalBool(properties, "paid"));
  PAL_ASSIGN_OR_RETURN(change.type, EnvironmentTypeOf(type_text));
  if (exists) return UpdateEnvironment(call, *access, change);
  return CreateEnvironment(call, change);
}

Result<HttpResponse> PowerPlatformApi::UpdateEnvironment(const ArmCall& call,
                                                         const EnvironmentAccess& access,
                                                         const EnvironmentChange& change) {
  if (!access.admin()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, kEnvironmentWrite,
                                              PowerPlatformEnvironmentId(access.environment.name));
  }
  PowerPlatformEnvironment updated = access.environment;
  if (change.display_name) updated.display_name = *change.display_name;
  if (change.type) updated.type = *change.type;
  if (change.paid) updated.paid = *change.paid;
  PAL_TRY(store_.power_platform_environments().UpdateEnvironment(updated));
  return Json(200, EnvironmentJson(updated), call.request);
}

Result<HttpResponse> PowerPlatformApi::CreateEnvironment(const ArmCall& call,
                                                         const EnvironmentChange& change) {
  const std::string& name = call.Param("environment");
  PAL_TRY(authorizer_.Authorize(call.caller, kEnvironmentWrite, *ResourceId::Parse("/"),
                                PowerPlatformEnvironmentId(name)));
  if (!change.type) {
    return Error::InvalidArgument("InvalidEnvironmentType",
                                  "A new environment needs properties.environmentType: Production, "
                                  "Sandbox, Trial or Developer.");
  }
  PowerPlatformEnvironment created;
  created.name = name;
  created.tenant_id = call.caller.tenant_id;
  created.display_name = change.display_name.value_or(name);
  created.type = *change.type;
  created.paid = change.paid.value_or(false);
  created.created_by = {call.caller.tenant_id, call.caller.object_id};
  created.created_at = clock_.Now();
  PAL_TRY(store_.power_platform_environments().CreateEnvironment(created));
  return Json(201, EnvironmentJson(created), call.request);
}

Result<HttpResponse> PowerPlatformApi::ListMembers(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const EnvironmentAccess access, AccessOf(call));
  const Guid& tenant = access.environment.tenant_id;
  PAL_ASSIGN_OR_RETURN(auto members, store_.power_platform_environments().ListEnvironmentMembers(
                                         tenant, access.environment.name));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& m : members) {
    PAL_ASSIGN_OR_RETURN(auto principal, store_.directory().FindPrincipal({tenant, m.object_id}));
    value.push_back(MemberJson(m, principal));
  }
  return List(value, call.request);
}

Result<PowerPlatformApi::EnvironmentAccess> PowerPlatformApi::AdmitMemberChange(
    const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto access, AccessOf(call));
  if (!access.admin()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, kMembersWrite,
                                              PowerPlatformEnvironmentId(access.environment.name));
  }
  return access;
}

Result<HttpResponse> PowerPlatformApi::RemoveMember(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const EnvironmentAccess access, AdmitMemberChange(call));
  auto principal = PrincipalOf(access.environment.tenant_id, call.Param("member"), "member");
  if (!principal.ok()) return EmptyArmResponse(204, call.request);
  auto removed = store_.power_platform_environments().RemoveEnvironmentMember(
      access.environment.tenant_id, access.environment.name, principal->object_id);
  if (!removed.ok() && removed.error().kind == ErrorKind::kNotFound) {
    return EmptyArmResponse(204, call.request);
  }
  PAL_TRY(removed);
  return EmptyArmResponse(200, call.request);
}

Result<HttpResponse> PowerPlatformApi::SetMember(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const EnvironmentAccess access, AdmitMemberChange(call));
  PAL_ASSIGN_OR_RETURN(auto principal,
                       PrincipalOf(access.environment.tenant_id, call.Param("member"), "member"));
  PAL_ASSIGN_OR_RETURN(auto body, ParseObjectBody(call.request.body));
  PAL_ASSIGN_OR_RETURN(auto role_text, OptionalString(PropertiesOf(body), "role", "InvalidRole"));
  auto role = role_text ? ParseEnvironmentRole(*role_text) : std::nullopt;
  if (!role) {
    return Error::InvalidArgument(
        "InvalidRole", fmt::format("The role '{}' is not EnvironmentAdmin or EnvironmentMaker.",
                                   role_text.value_or("")));
  }
  const EnvironmentMember added{access.environment.tenant_id, access.environment.name,
                                principal.object_id, *role, clock_.Now()};
  PAL_TRY(store_.power_platform_environments().SetEnvironmentMember(added));
  return Json(200, MemberJson(added, principal), call.request);
}

}  // namespace pal::api
