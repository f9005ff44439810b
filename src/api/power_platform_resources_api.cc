#include <fmt/format.h>

#include "api/arm_response.h"
#include "api/power_platform_api.h"
#include "api/power_platform_json.h"
#include "core/power_platform_ownership.h"
#include "core/text.h"

namespace pal::api {
namespace {

std::string Action(PowerPlatformProduct product, std::string_view verb) {
  return fmt::format("Pal.PowerPlatform/{}/{}", PowerPlatformCollection(product), verb);
}

}  // namespace

Result<PowerPlatformApi::ResourceAccess> PowerPlatformApi::FindResource(
    const identity::CallerIdentity& caller, const EnvironmentAccess& access,
    PowerPlatformProduct product, const std::string& name) {
  const std::string id = PowerPlatformResourceId(access.environment.name, product, name);
  auto found =
      store_.power_platform_resources().FindPowerPlatformResource(access.environment.tenant_id, id);
  if (!found.ok()) return found.error();
  if (!*found)
    return Error::NotFound("ResourceNotFound", fmt::format("The resource '{}' was not found.", id));
  ResourceAccess out{**found};
  out.owner = out.resource.owner == caller.object_id;
  for (const auto& c : out.resource.co_owners) out.co_owner = out.co_owner || c == caller.object_id;
  return out;
}

HttpResponse PowerPlatformApi::Resources(const HttpRequest& request,
                                         const identity::CallerIdentity&,
                                         const EnvironmentAccess& access,
                                         std::optional<PowerPlatformProduct> product) {
  if (request.method != "GET") return MethodNotAllowed(request, "GET", "List resources with GET.");
  auto resources = store_.power_platform_resources().ListPowerPlatformResources(
      access.environment.tenant_id, access.environment.name);
  if (!resources.ok()) return ArmError(resources.error(), request);
  nlohmann::json value = nlohmann::json::array();
  for (const auto& r : *resources) {
    if (!product || r.product == *product) value.push_back(ResourceJson(r));
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

HttpResponse PowerPlatformApi::Resource(const HttpRequest& request,
                                        const identity::CallerIdentity& caller,
                                        const EnvironmentAccess& access,
                                        PowerPlatformProduct product, const std::string& name) {
  if (request.method != "GET" && request.method != "PUT" && request.method != "DELETE") {
    return MethodNotAllowed(request, "GET, PUT, DELETE",
                            "A resource is read, created or renamed, or deleted.");
  }
  if (auto valid = ValidatePowerPlatformName(name, "resource name", "InvalidResourceName");
      !valid.ok()) {
    return ArmError(valid.error(), request);
  }
  auto existing = FindResource(caller, access, product, name);
  const bool exists = existing.ok();
  if (!exists && existing.error().kind != ErrorKind::kNotFound)
    return ArmError(existing.error(), request);
  const std::string id = PowerPlatformResourceId(access.environment.name, product, name);
  if (request.method == "GET") {
    return exists ? ArmJson(200, ResourceJson(existing->resource).dump(), request)
                  : ArmError(existing.error(), request);
  }
  const PrincipalKey actor{caller.tenant_id, caller.object_id};
  if (request.method == "DELETE") {
    if (!exists) return EmptyArmResponse(204, request);
    if (!existing->owner && !access.admin()) {
      return ArmError(service::ScopeAuthorizer::DeniedAt(caller, Action(product, "delete"), id),
                      request);
    }
    if (auto deleted = store_.power_platform_resources().DeletePowerPlatformResource(
            access.environment.tenant_id, id, actor);
        !deleted.ok()) {
      return ArmError(deleted.error(), request);
    }
    return EmptyArmResponse(200, request);
  }

  auto body = ParseObjectBody(request.body.empty() ? std::string_view("{}")
                                                   : std::string_view(request.body));
  if (!body.ok()) return ArmError(body.error(), request);
  auto display_name = OptionalString(PropertiesOf(*body), "displayName");
  if (!display_name.ok()) return ArmError(display_name.error(), request);
  if (exists) {
    const bool may_edit = existing->owner || existing->co_owner || access.admin();
    if (!may_edit)
      return ArmError(service::ScopeAuthorizer::DeniedAt(caller, Action(product, "write"), id),
                      request);
    if (*display_name) {
      if (auto renamed = store_.power_platform_resources().RenamePowerPlatformResource(
              access.environment.tenant_id, id, **display_name);
          !renamed.ok()) {
        return ArmError(renamed.error(), request);
      }
      existing->resource.display_name = **display_name;
    }
    return ArmJson(200, ResourceJson(existing->resource).dump(), request);
  }
  // Created (or, for a dataset, published) by a maker: the caller is its owner.
  if (!access.maker())
    return ArmError(service::ScopeAuthorizer::DeniedAt(caller, Action(product, "write"), id),
                    request);
  PowerPlatformResourceRecord created;
  created.resource_id = id;
  created.environment = access.environment.name;
  created.tenant_id = access.environment.tenant_id;
  created.product = product;
  created.name = name;
  created.display_name = display_name->value_or(name);
  created.owner = caller.object_id;
  created.created_by = actor;
  const std::string_view channel = product == PowerPlatformProduct::kDataset ? "publish" : "create";
  // The store stamps created_at.
  auto stored =
      store_.power_platform_resources().CreatePowerPlatformResource(created, actor, channel);
  if (!stored.ok()) return ArmError(stored.error(), request);
  return ArmJson(201, ResourceJson(*stored).dump(), request);
}

HttpResponse PowerPlatformApi::SetOwner(const HttpRequest& request,
                                        const identity::CallerIdentity& caller,
                                        const EnvironmentAccess& access,
                                        const ResourceAccess& target) {
  const auto& r = target.resource;
  if (!target.owner && !access.admin()) {
    return ArmError(service::ScopeAuthorizer::DeniedAt(caller, Action(r.product, "setOwner/action"),
                                                       r.resource_id),
                    request);
  }
  auto body = ParseObjectBody(request.body);
  if (!body.ok()) return ArmError(body.error(), request);
  auto owner_text = OptionalString(PropertiesOf(*body), "owner");
  auto channel_text = OptionalString(PropertiesOf(*body), "channel", "InvalidChannel");
  if (!owner_text.ok()) return ArmError(owner_text.error(), request);
  if (!channel_text.ok()) return ArmError(channel_text.error(), request);
  auto channel = *channel_text ? ParseOwnershipChannel(**channel_text) : std::nullopt;
  if (!channel) {
    return ArmError(Error::InvalidArgument(
                        "InvalidChannel",
                        fmt::format("The channel '{}' is not gui, powershell, pp-cli or devops.",
                                    channel_text->value_or(""))),
                    request);
  }
  if (!*owner_text) {
    return ArmError(
        Error::InvalidArgument("InvalidRequestContent", "The request names no owner (object id)."),
        request);
  }
  auto owner = PrincipalOf(access.environment.tenant_id, **owner_text, "owner");
  if (!owner.ok()) return ArmError(owner.error(), request);
  if (auto allowed = CheckOwnershipChange(r.product, *channel, owner->kind); !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  const PrincipalKey actor{caller.tenant_id, caller.object_id};
  if (auto stored = store_.power_platform_resources().SetPowerPlatformOwner(
          r.tenant_id, r.resource_id, owner->object_id, actor, OwnershipChannelName(*channel));
      !stored.ok()) {
    return ArmError(stored.error(), request);
  }
  auto updated =
      store_.power_platform_resources().FindPowerPlatformResource(r.tenant_id, r.resource_id);
  if (!updated.ok() || !*updated) {
    return ArmError(updated.ok() ? Error::Internal("The resource was not kept.") : updated.error(),
                    request);
  }
  return ArmJson(200, ResourceJson(**updated).dump(), request);
}

HttpResponse PowerPlatformApi::CoOwner(const HttpRequest& request,
                                       const identity::CallerIdentity& caller,
                                       const EnvironmentAccess& access,
                                       const ResourceAccess& target, const std::string& co_owner) {
  const auto& r = target.resource;
  if (request.method != "PUT" && request.method != "DELETE") {
    return MethodNotAllowed(request, "PUT, DELETE",
                            "A co-owner is added (PUT) or removed (DELETE).");
  }
  if (r.product != PowerPlatformProduct::kCanvasApp) {
    return ArmError(
        Error::InvalidArgument(
            "CoOwnersNotSupported",
            fmt::format("A {} has no co-owners: only canvas apps do. Change its owner instead.",
                        PowerPlatformProductName(r.product))),
        request);
  }
  if (!target.owner && !target.co_owner && !access.admin()) {
    return ArmError(service::ScopeAuthorizer::DeniedAt(caller, Action(r.product, "coOwners/write"),
                                                       r.resource_id),
                    request);
  }
  auto principal = PrincipalOf(access.environment.tenant_id, co_owner, "co-owner");
  if (!principal.ok()) return ArmError(principal.error(), request);
  const PrincipalKey actor{caller.tenant_id, caller.object_id};
  if (request.method == "DELETE") {
    if (auto removed = store_.power_platform_resources().RemovePowerPlatformCoOwner(
            r.tenant_id, r.resource_id, principal->object_id, actor);
        !removed.ok()) {
      return ArmError(removed.error(), request);
    }
  } else {
    if (principal->kind == PrincipalKind::kServicePrincipal) {
      return ArmError(Error::InvalidArgument(
                          "CoOwnerMustBeUser",
                          "A canvas app is shared as co-owner with users and guests, not with "
                          "service principals; make the service principal the owner instead "
                          "(channel pp-cli or devops)."),
                      request);
    }
    if (auto added = store_.power_platform_resources().AddPowerPlatformCoOwner(
            r.tenant_id, r.resource_id, principal->object_id, actor, "gui");
        !added.ok()) {
      return ArmError(added.error(), request);
    }
  }
  auto updated =
      store_.power_platform_resources().FindPowerPlatformResource(r.tenant_id, r.resource_id);
  if (!updated.ok() || !*updated) {
    return ArmError(updated.ok() ? Error::Internal("The resource was not kept.") : updated.error(),
                    request);
  }
  return ArmJson(200, ResourceJson(**updated).dump(), request);
}

HttpResponse PowerPlatformApi::OwnershipHistory(const HttpRequest& request,
                                                const ResourceAccess& target) {
  auto history = store_.power_platform_resources().ListOwnershipHistory(
      target.resource.tenant_id, target.resource.resource_id);
  if (!history.ok()) return ArmError(history.error(), request);
  nlohmann::json value = nlohmann::json::array();
  for (const auto& e : *history) value.push_back(OwnershipHistoryJson(e));
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

}  // namespace pal::api
