#include <fmt/format.h>

#include "api/arm_response.h"
#include "api/json_body.h"
#include "api/power_platform_api.h"
#include "api/power_platform_json.h"
#include "core/power_platform_ownership.h"
#include "core/text.h"

namespace pal::api {
namespace {

std::string Action(PowerPlatformProduct product, std::string_view verb) {
  return fmt::format("Pal.PowerPlatform/{}/{}", PowerPlatformCollection(product), verb);
}

HttpResponse ResourceList(const std::vector<PowerPlatformResourceRecord>& resources,
                          std::optional<PowerPlatformProduct> product, const HttpRequest& request) {
  nlohmann::json value = nlohmann::json::array();
  for (const auto& r : resources) {
    if (!product || r.product == *product) value.push_back(ResourceJson(r));
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

}  // namespace

Result<PowerPlatformApi::ResourceAccess> PowerPlatformApi::FindResource(
    const identity::CallerIdentity& caller, const EnvironmentAccess& access,
    PowerPlatformProduct product, const std::string& name) {
  const std::string id = PowerPlatformResourceId(access.environment.name, product, name);
  PAL_ASSIGN_OR_RETURN(auto found, store_.power_platform_resources().FindPowerPlatformResource(
                                       access.environment.tenant_id, id));
  if (!found) {
    return Error::NotFound("ResourceNotFound", fmt::format("The resource '{}' was not found.", id));
  }
  ResourceAccess out{*found};
  out.owner = out.resource.owner == caller.object_id;
  for (const auto& c : out.resource.co_owners) out.co_owner = out.co_owner || c == caller.object_id;
  return out;
}

Result<HttpResponse> PowerPlatformApi::ListAllResources(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const EnvironmentAccess access, AccessOf(call));
  PAL_ASSIGN_OR_RETURN(auto resources, store_.power_platform_resources().ListPowerPlatformResources(
                                           access.environment.tenant_id, access.environment.name));
  return ResourceList(resources, std::nullopt, call.request);
}

Result<HttpResponse> PowerPlatformApi::ListCollection(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto collection, CollectionOf(call));
  const auto& [access, product] = collection;
  PAL_ASSIGN_OR_RETURN(auto resources, store_.power_platform_resources().ListPowerPlatformResources(
                                           access.environment.tenant_id, access.environment.name));
  return ResourceList(resources, product, call.request);
}

Result<HttpResponse> PowerPlatformApi::GetResource(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto collection, CollectionOf(call));
  const auto& [access, product] = collection;
  const std::string& name = call.Param("name");
  PAL_TRY(ValidatePowerPlatformName(name, "resource name", "InvalidResourceName"));
  PAL_ASSIGN_OR_RETURN(auto found, FindResource(call.caller, access, product, name));
  return ArmJson(200, ResourceJson(found.resource).dump(), call.request);
}

Result<HttpResponse> PowerPlatformApi::DeleteResource(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto collection, CollectionOf(call));
  const auto& [access, product] = collection;
  const std::string& name = call.Param("name");
  PAL_TRY(ValidatePowerPlatformName(name, "resource name", "InvalidResourceName"));
  auto existing = FindResource(call.caller, access, product, name);
  if (!existing.ok() && existing.error().kind == ErrorKind::kNotFound) {
    return EmptyArmResponse(204, call.request);
  }
  PAL_TRY(existing);
  const std::string id = PowerPlatformResourceId(access.environment.name, product, name);
  if (!existing->owner && !access.admin()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, Action(product, "delete"), id);
  }
  PAL_TRY(store_.power_platform_resources().DeletePowerPlatformResource(
      access.environment.tenant_id, id, {call.caller.tenant_id, call.caller.object_id}));
  return EmptyArmResponse(200, call.request);
}

// PUT: create (a maker, who becomes its owner) or rename (its owner, a co-owner or an admin).
Result<HttpResponse> PowerPlatformApi::PutResource(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto collection, CollectionOf(call));
  const auto& [access, product] = collection;
  const std::string& name = call.Param("name");
  PAL_TRY(ValidatePowerPlatformName(name, "resource name", "InvalidResourceName"));
  auto existing = FindResource(call.caller, access, product, name);
  if (!existing.ok() && existing.error().kind != ErrorKind::kNotFound) return existing.error();
  const std::string_view text = call.request.body;
  PAL_ASSIGN_OR_RETURN(auto body, ParseObjectBody(text.empty() ? std::string_view("{}") : text));
  PAL_ASSIGN_OR_RETURN(auto display_name, OptionalString(PropertiesOf(body), "displayName"));
  if (!existing.ok()) return CreateResource(call, access, product, display_name);
  const std::string id = PowerPlatformResourceId(access.environment.name, product, name);
  if (!existing->owner && !existing->co_owner && !access.admin()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, Action(product, "write"), id);
  }
  if (display_name) {
    PAL_TRY(store_.power_platform_resources().RenamePowerPlatformResource(
        access.environment.tenant_id, id, *display_name));
    existing->resource.display_name = *display_name;
  }
  return ArmJson(200, ResourceJson(existing->resource).dump(), call.request);
}

Result<HttpResponse> PowerPlatformApi::CreateResource(
    const ArmCall& call, const EnvironmentAccess& access, PowerPlatformProduct product,
    const std::optional<std::string>& display_name) {
  const std::string& name = call.Param("name");
  const std::string id = PowerPlatformResourceId(access.environment.name, product, name);
  // Created (or, for a dataset, published) by a maker: the caller is its owner.
  if (!access.maker()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, Action(product, "write"), id);
  }
  const PrincipalKey actor{call.caller.tenant_id, call.caller.object_id};
  PowerPlatformResourceRecord created;
  created.resource_id = id;
  created.environment = access.environment.name;
  created.tenant_id = access.environment.tenant_id;
  created.product = product;
  created.name = name;
  created.display_name = display_name.value_or(name);
  created.owner = call.caller.object_id;
  created.created_by = actor;
  const std::string_view channel = product == PowerPlatformProduct::kDataset ? "publish" : "create";
  // The store stamps created_at.
  PAL_ASSIGN_OR_RETURN(auto stored, store_.power_platform_resources().CreatePowerPlatformResource(
                                        created, actor, channel));
  return ArmJson(201, ResourceJson(stored).dump(), call.request);
}

Result<HttpResponse> PowerPlatformApi::StoredResource(const ArmCall& call,
                                                      const PowerPlatformResourceRecord& r) {
  PAL_ASSIGN_OR_RETURN(auto updated, store_.power_platform_resources().FindPowerPlatformResource(
                                         r.tenant_id, r.resource_id));
  if (!updated) return Error::Internal("The resource was not kept.");
  return ArmJson(200, ResourceJson(*updated).dump(), call.request);
}

Result<HttpResponse> PowerPlatformApi::SetOwner(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto found, TargetOf(call));
  const auto& [access, target] = found;
  const auto& r = target.resource;
  if (!target.owner && !access.admin()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, Action(r.product, "setOwner/action"),
                                              r.resource_id);
  }
  PAL_ASSIGN_OR_RETURN(auto body, ParseObjectBody(call.request.body));
  PAL_ASSIGN_OR_RETURN(auto owner_text, OptionalString(PropertiesOf(body), "owner"));
  PAL_ASSIGN_OR_RETURN(auto channel_text,
                       OptionalString(PropertiesOf(body), "channel", "InvalidChannel"));
  auto channel = channel_text ? ParseOwnershipChannel(*channel_text) : std::nullopt;
  if (!channel) {
    return Error::InvalidArgument(
        "InvalidChannel", fmt::format("The channel '{}' is not gui, powershell, pp-cli or devops.",
                                      channel_text.value_or("")));
  }
  if (!owner_text) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request names no owner (object id).");
  }
  PAL_ASSIGN_OR_RETURN(auto owner, PrincipalOf(access.environment.tenant_id, *owner_text, "owner"));
  PAL_TRY(CheckOwnershipChange(r.product, *channel, owner.kind));
  PAL_TRY(store_.power_platform_resources().SetPowerPlatformOwner(
      r.tenant_id, r.resource_id, owner.object_id, {call.caller.tenant_id, call.caller.object_id},
      OwnershipChannelName(*channel)));
  return StoredResource(call, r);
}

Result<std::pair<PowerPlatformApi::ResourceAccess, Principal>> PowerPlatformApi::AdmitCoOwnerChange(
    const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto found, TargetOf(call));
  auto& [access, target] = found;
  const auto& r = target.resource;
  if (r.product != PowerPlatformProduct::kCanvasApp) {
    return Error::InvalidArgument(
        "CoOwnersNotSupported",
        fmt::format("A {} has no co-owners: only canvas apps do. Change its owner instead.",
                    PowerPlatformProductName(r.product)));
  }
  if (!target.owner && !target.co_owner && !access.admin()) {
    return service::ScopeAuthorizer::DeniedAt(call.caller, Action(r.product, "coOwners/write"),
                                              r.resource_id);
  }
  PAL_ASSIGN_OR_RETURN(
      auto principal, PrincipalOf(access.environment.tenant_id, call.Param("coOwner"), "co-owner"));
  return std::pair{std::move(target), std::move(principal)};
}

Result<HttpResponse> PowerPlatformApi::PutCoOwner(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto admitted, AdmitCoOwnerChange(call));
  const auto& [target, principal] = admitted;
  const auto& r = target.resource;
  if (principal.kind == PrincipalKind::kServicePrincipal) {
    return Error::InvalidArgument("CoOwnerMustBeUser",
                                  "A canvas app is shared as co-owner with users and guests, not "
                                  "with service principals; make the service principal the owner "
                                  "instead (channel pp-cli or devops).");
  }
  PAL_TRY(store_.power_platform_resources().AddPowerPlatformCoOwner(
      r.tenant_id, r.resource_id, principal.object_id,
      {call.caller.tenant_id, call.caller.object_id}, "gui"));
  return StoredResource(call, r);
}

Result<HttpResponse> PowerPlatformApi::DeleteCoOwner(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto admitted, AdmitCoOwnerChange(call));
  const auto& [target, principal] = admitted;
  const auto& r = target.resource;
  PAL_TRY(store_.power_platform_resources().RemovePowerPlatformCoOwner(
      r.tenant_id, r.resource_id, principal.object_id,
      {call.caller.tenant_id, call.caller.object_id}));
  return StoredResource(call, r);
}

Result<HttpResponse> PowerPlatformApi::OwnershipHistory(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const auto found, TargetOf(call));
  const auto& r = found.second.resource;
  PAL_ASSIGN_OR_RETURN(auto history, store_.power_platform_resources().ListOwnershipHistory(
                                         r.tenant_id, r.resource_id));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& e : history) value.push_back(OwnershipHistoryJson(e));
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

}  // namespace pal::api
