#include "api/power_platform_api.h"

#include <fmt/format.h>

#include "api/arm_response.h"
#include "api/power_platform_json.h"
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

HttpResponse NoSuchPath(const HttpRequest& request) {
  return ArmError(
      Error::NotFound(
          "InvalidResourceType",
          fmt::format("No Pal.PowerPlatform resource is served at '{}'. See docs/api.md.",
                      request.path)),
      request);
}

}  // namespace

bool PowerPlatformApi::Serves(std::string_view path) {
  return StartsWithIgnoreCase(path, kPowerPlatformPrefix) ||
         EqualsIgnoreCase(TrimTrailingSlashes(path), TrimTrailingSlashes(kPowerPlatformPrefix));
}

HttpResponse PowerPlatformApi::Answer(const HttpRequest& request,
                                      const identity::CallerIdentity& caller) {
  if (auto version = CheckApiVersion(request, kPowerPlatformApiVersion); !version.ok()) {
    return ArmError(version.error(), request);
  }
  Segments segments;
  for (auto s : PathSegments(request.path)) segments.emplace_back(s);
  // segments[0..1] are "providers", "Pal.PowerPlatform".
  if (segments.size() < 3 || !EqualsIgnoreCase(segments[2], "environments"))
    return NoSuchPath(request);
  if (segments.size() == 3) return Environments(request, caller);
  const std::string& name = segments[3];
  if (segments.size() == 4) return Environment(request, caller, name);

  auto access = Access(caller, name);
  if (!access.ok()) return ArmError(access.error(), request);
  const std::string& part = segments[4];
  if (EqualsIgnoreCase(part, "members") && segments.size() <= 6) {
    return Members(request, caller, *access,
                   segments.size() == 6 ? std::optional(segments[5]) : std::nullopt);
  }
  if (segments.size() == 5) {
    if (EqualsIgnoreCase(part, "resources"))
      return Resources(request, caller, *access, std::nullopt);
    const bool post = request.method == "POST";
    if (EqualsIgnoreCase(part, "exportSolution") || EqualsIgnoreCase(part, "importSolution") ||
        EqualsIgnoreCase(part, "activity") || EqualsIgnoreCase(part, "unifiedProfiles")) {
      if (!post) return MethodNotAllowed(request, "POST", fmt::format("'{}' takes POST.", part));
      if (EqualsIgnoreCase(part, "exportSolution")) return ExportSolution(request, caller, *access);
      if (EqualsIgnoreCase(part, "importSolution")) return ImportSolution(request, caller, *access);
      return Activity(request, caller, *access, EqualsIgnoreCase(part, "unifiedProfiles"));
    }
  }
  const auto product = ParsePowerPlatformCollection(part);
  if (!product) return NoSuchPath(request);
  if (segments.size() == 5) return Resources(request, caller, *access, product);
  if (segments.size() == 6) return Resource(request, caller, *access, *product, segments[5]);

  auto target = FindResource(caller, *access, *product, segments[5]);
  if (!target.ok()) return ArmError(target.error(), request);
  const std::string& action = segments[6];
  if (segments.size() == 7 && EqualsIgnoreCase(action, "setOwner")) {
    if (request.method != "POST")
      return MethodNotAllowed(request, "POST", "Change the owner with POST.");
    return SetOwner(request, caller, *access, *target);
  }
  if (segments.size() == 7 && EqualsIgnoreCase(action, "ownershipHistory")) {
    if (request.method != "GET")
      return MethodNotAllowed(request, "GET", "The ownership history is read-only.");
    return OwnershipHistory(request, *target);
  }
  if (segments.size() == 8 && EqualsIgnoreCase(action, "coOwners")) {
    return CoOwner(request, caller, *access, *target, segments[7]);
  }
  return NoSuchPath(request);
}

Result<PowerPlatformApi::EnvironmentAccess> PowerPlatformApi::Access(
    const identity::CallerIdentity& caller, const std::string& name) {
  // Names are the caller's tenant's own: another tenant's environment of the same name is not
  // looked at, so it is as absent as a missing one (and a PUT creates the caller's own).
  auto found = store_.power_platform_environments().FindEnvironment(caller.tenant_id, name);
  if (!found.ok()) return found.error();
  if (!*found || (*found)->tenant_id != caller.tenant_id) {
    return Error::NotFound("EnvironmentNotFound",
                           fmt::format("The environment '{}' was not found.", name));
  }
  EnvironmentAccess access{**found, std::nullopt};
  auto members = store_.power_platform_environments().ListEnvironmentMembers(
      access.environment.tenant_id, access.environment.name);
  if (!members.ok()) return members.error();
  for (const auto& m : *members) {
    if (m.object_id == caller.object_id) access.role = m.role;
  }
  return access;
}

Result<Principal> PowerPlatformApi::PrincipalOf(const Guid& tenant, std::string_view object_id,
                                                std::string_view what) {
  auto id = Guid::Parse(object_id);
  auto principal = id ? store_.directory().FindPrincipal({tenant, *id})
                      : Result<std::optional<Principal>>(std::nullopt);
  if (!principal.ok()) return principal.error();
  if (!*principal) {
    return Error::InvalidArgument(
        "PrincipalNotFound",
        fmt::format("The {} '{}' is not a principal (object id) of tenant '{}'.", what, object_id,
                    tenant.ToString()));
  }
  return **principal;
}

HttpResponse PowerPlatformApi::Environments(const HttpRequest& request,
                                            const identity::CallerIdentity& caller) {
  if (request.method != "GET")
    return MethodNotAllowed(request, "GET", "List environments with GET.");
  auto environments = store_.power_platform_environments().ListEnvironments(caller.tenant_id);
  if (!environments.ok()) return ArmError(environments.error(), request);
  nlohmann::json value = nlohmann::json::array();
  for (const auto& e : *environments) value.push_back(EnvironmentJson(e));
  return List(value, request);
}

HttpResponse PowerPlatformApi::Environment(const HttpRequest& request,
                                           const identity::CallerIdentity& caller,
                                           const std::string& name) {
  if (request.method != "GET" && request.method != "PUT" && request.method != "DELETE") {
    return MethodNotAllowed(request, "GET, PUT, DELETE",
                            "An environment is read, created or updated, or deleted.");
  }
  if (auto valid = ValidatePowerPlatformName(name, "environment name", "InvalidEnvironmentName");
      !valid.ok()) {
    return ArmError(valid.error(), request);
  }
  auto access = Access(caller, name);
  const bool exists = access.ok();
  if (!exists && access.error().kind != ErrorKind::kNotFound)
    return ArmError(access.error(), request);
  if (request.method == "GET") {
    return exists ? Json(200, EnvironmentJson(access->environment), request)
                  : ArmError(access.error(), request);
  }
  if (request.method == "DELETE") {
    if (!exists) return EmptyArmResponse(204, request);
    if (!access->admin()) {
      return ArmError(
          service::ScopeAuthorizer::DeniedAt(caller, kEnvironmentDelete,
                                             PowerPlatformEnvironmentId(access->environment.name)),
          request);
    }
    if (auto deleted = store_.power_platform_environments().DeleteEnvironment(
            access->environment.tenant_id, access->environment.name);
        !deleted.ok()) {
      return ArmError(deleted.error(), request);
    }
    return EmptyArmResponse(200, request);
  }

  // PUT: create (the tenant's Power Platform administrator) or update (an environment admin).
  auto body = ParseObjectBody(request.body);
  if (!body.ok()) return ArmError(body.error(), request);
  const auto& properties = PropertiesOf(*body);
  auto display_name = OptionalString(properties, "displayName");
  auto type_text = OptionalString(properties, "environmentType", "InvalidEnvironmentType");
  auto paid = OptionalBool(properties, "paid");
  for (const Error* e :
       {display_name.ok() ? nullptr : &display_name.error(),
        type_text.ok() ? nullptr : &type_text.error(), paid.ok() ? nullptr : &paid.error()}) {
    if (e) return ArmError(*e, request);
  }
  std::optional<std::string_view> type;
  if (*type_text) {
    type = ParseEnvironmentType(**type_text);
    if (!type) {
      return ArmError(
          Error::InvalidArgument("InvalidEnvironmentType",
                                 fmt::format("The environment type '{}' is not one of Production, "
                                             "Sandbox, Trial, Developer.",
                                             **type_text)),
          request);
    }
  }
  if (exists) {
    if (!access->admin()) {
      return ArmError(
          service::ScopeAuthorizer::DeniedAt(caller, kEnvironmentWrite,
                                             PowerPlatformEnvironmentId(access->environment.name)),
          request);
    }
    PowerPlatformEnvironment updated = access->environment;
    if (*display_name) updated.display_name = **display_name;
    if (type) updated.type = std::string(*type);
    if (*paid) updated.paid = **paid;
    if (auto stored = store_.power_platform_environments().UpdateEnvironment(updated); !stored.ok())
      return ArmError(stored.error(), request);
    return Json(200, EnvironmentJson(updated), request);
  }
  if (auto allowed = authorizer_.Authorize(caller, kEnvironmentWrite, *ResourceId::Parse("/"),
                                           PowerPlatformEnvironmentId(name));
      !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  if (!type) {
    return ArmError(
        Error::InvalidArgument("InvalidEnvironmentType",
                               "A new environment needs properties.environmentType: Production, "
                               "Sandbox, Trial or Developer."),
        request);
  }
  PowerPlatformEnvironment created;
  created.name = name;
  created.tenant_id = caller.tenant_id;
  created.display_name = display_name->value_or(name);
  created.type = std::string(*type);
  created.paid = paid->value_or(false);
  created.created_by = {caller.tenant_id, caller.object_id};
  created.created_at = clock_.Now();
  if (auto stored = store_.power_platform_environments().CreateEnvironment(created); !stored.ok())
    return ArmError(stored.error(), request);
  return Json(201, EnvironmentJson(created), request);
}

HttpResponse PowerPlatformApi::Members(const HttpRequest& request,
                                       const identity::CallerIdentity& caller,
                                       const EnvironmentAccess& access,
                                       const std::optional<std::string>& member) {
  const std::string& env = access.environment.name;
  if (!member) {
    if (request.method != "GET") return MethodNotAllowed(request, "GET", "List members with GET.");
    auto members = store_.power_platform_environments().ListEnvironmentMembers(
        access.environment.tenant_id, env);
    if (!members.ok()) return ArmError(members.error(), request);
    nlohmann::json value = nlohmann::json::array();
    for (const auto& m : *members) {
      auto principal =
          store_.directory().FindPrincipal({access.environment.tenant_id, m.object_id});
      if (!principal.ok()) return ArmError(principal.error(), request);
      value.push_back(MemberJson(m, *principal));
    }
    return List(value, request);
  }
  if (request.method != "PUT" && request.method != "DELETE") {
    return MethodNotAllowed(request, "PUT, DELETE",
                            "A member is added or changed (PUT) or removed (DELETE).");
  }
  if (!access.admin()) {
    return ArmError(
        service::ScopeAuthorizer::DeniedAt(caller, kMembersWrite, PowerPlatformEnvironmentId(env)),
        request);
  }
  auto principal = PrincipalOf(access.environment.tenant_id, *member, "member");
  if (request.method == "DELETE") {
    if (!principal.ok()) return EmptyArmResponse(204, request);
    auto removed = store_.power_platform_environments().RemoveEnvironmentMember(
        access.environment.tenant_id, env, principal->object_id);
    if (!removed.ok() && removed.error().kind == ErrorKind::kNotFound)
      return EmptyArmResponse(204, request);
    if (!removed.ok()) return ArmError(removed.error(), request);
    return EmptyArmResponse(200, request);
  }
  if (!principal.ok()) return ArmError(principal.error(), request);
  auto body = ParseObjectBody(request.body);
  if (!body.ok()) return ArmError(body.error(), request);
  auto role_text = OptionalString(PropertiesOf(*body), "role", "InvalidRole");
  if (!role_text.ok()) return ArmError(role_text.error(), request);
  auto role = *role_text ? ParseEnvironmentRole(**role_text) : std::nullopt;
  if (!role) {
    return ArmError(
        Error::InvalidArgument(
            "InvalidRole", fmt::format("The role '{}' is not EnvironmentAdmin or EnvironmentMaker.",
                                       role_text->value_or(""))),
        request);
  }
  const EnvironmentMember added{access.environment.tenant_id, env, principal->object_id, *role,
                                clock_.Now()};
  if (auto stored = store_.power_platform_environments().SetEnvironmentMember(added); !stored.ok())
    return ArmError(stored.error(), request);
  return Json(200, MemberJson(added, *principal), request);
}

}  // namespace pal::api
