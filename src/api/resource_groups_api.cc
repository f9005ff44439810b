#include "api/resource_groups_api.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/url_encoding.h"
#include "core/resource_group_filter.h"
#include "core/resource_id.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kRead = "Microsoft.Resources/subscriptions/resourceGroups/read";
constexpr std::string_view kWrite = "Microsoft.Resources/subscriptions/resourceGroups/write";
constexpr std::string_view kDelete = "Microsoft.Resources/subscriptions/resourceGroups/delete";
constexpr uint64_t kMaxPageSize = 1000;

std::string GroupId(const Guid& subscription_id, std::string_view name) {
  return fmt::format("/subscriptions/{}/resourceGroups/{}", subscription_id.ToString(), name);
}

nlohmann::json GroupJson(const ResourceGroup& g) {
  nlohmann::json out = {{"id", GroupId(g.subscription_id, g.name)},
                        {"name", g.name},
                        {"type", "Microsoft.Resources/resourceGroups"},
                        {"location", g.location},
                        {"properties", {{"provisioningState", "Succeeded"}}}};
  auto tags = nlohmann::json::parse(g.tags_json, nullptr, false);
  if (tags.is_object() && !tags.empty()) out["tags"] = tags;
  return out;
}

Error NotFound(std::string_view name) {
  return Error::NotFound("ResourceGroupNotFound",
                         fmt::format("Resource group '{}' could not be found.", name));
}

// Azure compares locations ignoring case and spaces ("West Europe" is "westeurope").
std::string NormalizedLocation(std::string_view location) {
  std::string out;
  for (char c : ToLowerAscii(location)) {
    if (c != ' ') out += c;
  }
  return out;
}

// An Azure region's name or display name ("westeurope", "West Europe"): letters, digits and
// spaces; never control characters, which a stored name would carry into every answer.
bool IsValidLocation(std::string_view location) {
  if (location.empty() || location.size() > 90) return false;
  for (char c : location) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
    if (!ok) return false;
  }
  return true;
}

bool HasControlCharacter(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

// What a PUT body asks for: {"location": "...", "tags"?: {"k": "v"}, "managedBy"?: "..."}.
struct GroupRequest {
  std::string location;
  nlohmann::json tags = nlohmann::json::object();
};

Result<nlohmann::json> ParseTags(const nlohmann::json& body) {
  nlohmann::json tags = nlohmann::json::object();
  if (!body.contains("tags") || body["tags"].is_null()) return tags;
  tags = body["tags"];
  bool valid = tags.is_object() && tags.size() <= 50;
  for (auto it = tags.begin(); valid && it != tags.end(); ++it) {
    valid = it.value().is_string() && !it.key().empty() && it.key().size() <= 512 &&
            it.value().get<std::string>().size() <= 256 && !HasControlCharacter(it.key()) &&
            !HasControlCharacter(it.value().get<std::string>());
  }
  if (!valid) {
    return Error::InvalidArgument("InvalidTag",
                                  "The tags must be an object of at most 50 string values; names "
                                  "are 1 to 512 characters, values at most 256, neither with "
                                  "control characters.");
  }
  return tags;
}

Result<GroupRequest> ParseGroupRequest(std::string_view text) {
  auto body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request content was invalid and could not be "
                                  "deserialized: the body must be a JSON object.");
  }
  if (!body.contains("location") || !body["location"].is_string() ||
      body["location"].get<std::string>().empty()) {
    return Error::InvalidArgument("LocationRequired",
                                  "The location property is required for this definition.");
  }
  GroupRequest request;
  request.location = body["location"].get<std::string>();
  if (!IsValidLocation(request.location)) {
    return Error::InvalidArgument(
        "LocationNotAvailableForResourceGroup",
        fmt::format("The provided location '{}' is not available for resource groups: a "
                    "location is 1 to 90 letters, digits and spaces.",
                    request.location));
  }
  PAL_ASSIGN_OR_RETURN(request.tags, ParseTags(body));
  return request;
}

// The tags of a stored group as (name, value) pairs.
std::vector<std::pair<std::string, std::string>> TagsOf(const ResourceGroup& g) {
  std::vector<std::pair<std::string, std::string>> out;
  auto tags = nlohmann::json::parse(g.tags_json, nullptr, false);
  if (!tags.is_object()) return out;
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    if (it.value().is_string()) out.emplace_back(it.key(), it.value().get<std::string>());
  }
  return out;
}

// A list's paging: `$top` groups a page (1 to 1000; all without it), from the offset a
// `$skiptoken` of a previous page's nextLink names.
struct Page {
  size_t offset = 0;
  std::optional<size_t> size;
};

Result<Page> PageOf(const HttpRequest& request) {
  Page page;
  if (auto top = request.QueryParam("$top"); top && !top->empty()) {
    const auto n = ParseUnsigned(*top);
    if (!n || *n < 1 || *n > kMaxPageSize) {
      return Error::InvalidArgument(
          "InvalidTopInQueryString",
          fmt::format("The value '{}' of the $top query parameter is invalid: it must be a whole "
                      "number from 1 to {}.",
                      *top, kMaxPageSize));
    }
    page.size = static_cast<size_t>(*n);
  }
  auto token = request.QueryParam("$skiptoken");
  if (!token) token = request.QueryParam("$skipToken");
  if (token && !token->empty()) {
    const auto offset = ParseUnsigned(*token);
    if (!offset) {
      return Error::InvalidArgument("InvalidSkipToken",
                                    fmt::format("The $skiptoken '{}' is not valid.", *token));
    }
    page.offset = static_cast<size_t>(*offset);
  }
  return page;
}

// A bodiless answer with the ARM headers (HEAD, and a finished DELETE).
HttpResponse Bodiless(int status, const HttpRequest& request) {
  HttpResponse response;
  response.status = status;
  AddArmHeaders(response, request);
  return response;
}

}  // namespace

void ResourceGroupsApi::AddRoutes(ArmRouter& router) {
  const auto operation = [this](auto member) {
    return [this, member](const ArmCall& call) { return (this->*member)(call); };
  };
  router
      .Add("/subscriptions/{subscriptionId}/resourcegroups", RouteFamily::kResourceGroups,
           kResourceGroupsApiVersions,
           "Resource groups are listed here; create, read and delete one at "
           "/subscriptions/{id}/resourcegroups/{name}.")
      .On("GET", operation(&ResourceGroupsApi::List));
  router
      .Add("/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}",
           RouteFamily::kResourceGroups, kResourceGroupsApiVersions,
           "A resource group can be created or updated (PUT), have its tags updated (PATCH), "
           "be read (GET, HEAD) or deleted (DELETE).")
      .On("GET", operation(&ResourceGroupsApi::Get))
      .On("HEAD", operation(&ResourceGroupsApi::Head))
      .On("PUT", operation(&ResourceGroupsApi::Put))
      .On("PATCH", operation(&ResourceGroupsApi::Patch))
      .On("DELETE", operation(&ResourceGroupsApi::Delete));
}

Result<ResourceGroupsApi::Subscription> ResourceGroupsApi::SubscriptionOf(const ArmCall& call) {
  const std::string& text = call.Param("subscriptionId");
  auto id = Guid::Parse(text);
  if (!id) {
    return Error::InvalidArgument(
        "InvalidSubscriptionId",
        fmt::format("The provided subscription identifier '{}' is malformed or invalid.", text));
  }
  PAL_ASSIGN_OR_RETURN(auto groups, store_.resource_groups().ListResourceGroups(*id));
  return Subscription{*id, std::move(groups)};
}

Result<ResourceGroupsApi::Target> ResourceGroupsApi::TargetOf(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto subscription, SubscriptionOf(call));
  const std::string& name = call.Param("resourceGroupName");
  if (!IsValidResourceGroupName(name)) {
    return Error::InvalidArgument(
        "InvalidResourceGroup",
        fmt::format("The provided resource group name '{}' has these invalid characters or "
                    "length. The name can only be a letter, digit, '-', '.', '(', ')' or '_', 1 "
                    "to 90 characters, not ending in '.'.",
                    name));
  }
  Target target{subscription.id, name, *ResourceId::Parse(GroupId(subscription.id, name)), {}};
  for (const auto& g : subscription.groups) {
    if (EqualsIgnoreCase(g.name, name)) target.existing = g;
  }
  return target;
}

Result<HttpResponse> ResourceGroupsApi::List(const ArmCall& call) {
  const HttpRequest& request = call.request;
  PAL_ASSIGN_OR_RETURN(auto subscription, SubscriptionOf(call));
  PAL_ASSIGN_OR_RETURN(const auto filter,
                       ResourceGroupFilter::Parse(request.QueryParam("$filter").value_or("")));
  PAL_ASSIGN_OR_RETURN(const Page page, PageOf(request));
  const ResourceId subscription_scope =
      *ResourceId::Parse("/subscriptions/" + subscription.id.ToString());
  // The subscription must be the caller's (404 otherwise); then the groups it can read.
  auto can_read_subscription = authorizer_.Authorize(call.caller, kRead, subscription_scope);
  if (!can_read_subscription.ok() && can_read_subscription.error().kind == ErrorKind::kNotFound) {
    return can_read_subscription.error();
  }
  std::vector<const ResourceGroup*> readable;
  for (const auto& g : subscription.groups) {
    const auto scope = ResourceId::Parse(GroupId(g.subscription_id, g.name));
    if (can_read_subscription.ok() || authorizer_.Authorize(call.caller, kRead, *scope).ok()) {
      readable.push_back(&g);
    }
  }
  // With no read anywhere in the subscription, the subscription's own refusal stands.
  if (!can_read_subscription.ok() && readable.empty()) return can_read_subscription.error();
  std::erase_if(readable, [&](const ResourceGroup* g) { return !filter.Matches(TagsOf(*g)); });
  // $top is the page size, as in Azure: a nextLink (with $skiptoken) leads to the rest.
  nlohmann::json value = nlohmann::json::array();
  const size_t end =
      page.size ? std::min(readable.size(), page.offset + *page.size) : readable.size();
  for (size_t i = page.offset; i < end; ++i) value.push_back(GroupJson(*readable[i]));
  nlohmann::json body = {{"value", value}};
  if (end < readable.size()) {
    std::string next = fmt::format("{}{}?api-version={}", request.base_url, request.path,
                                   request.QueryParam("api-version").value_or(""));
    if (auto text = request.QueryParam("$filter"); text && !text->empty()) {
      next += "&$filter=" + PercentEncode(*text);
    }
    next += fmt::format("&$top={}&$skiptoken={}", *page.size, end);
    body["nextLink"] = next;
  }
  return ArmJson(200, body.dump(), request);
}

Result<HttpResponse> ResourceGroupsApi::Get(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto target, TargetOf(call));
  PAL_TRY(authorizer_.Authorize(call.caller, kRead, target.scope));
  if (!target.existing) return NotFound(target.name);
  return ArmJson(200, GroupJson(*target.existing).dump(), call.request);
}

Result<HttpResponse> ResourceGroupsApi::Head(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto target, TargetOf(call));
  // HEAD answers without a body, a refusal too.
  if (auto allowed = authorizer_.Authorize(call.caller, kRead, target.scope); !allowed.ok()) {
    return Bodiless(allowed.error().kind == ErrorKind::kNotFound ? 404 : 403, call.request);
  }
  return Bodiless(target.existing ? 204 : 404, call.request);
}

Result<HttpResponse> ResourceGroupsApi::Delete(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto target, TargetOf(call));
  PAL_TRY(authorizer_.Authorize(call.caller, kDelete, target.scope));
  if (!target.existing) return NotFound(target.name);
  PAL_TRY(
      store_.resource_groups().DeleteResourceGroup(target.subscription_id, target.existing->name,
                                                   {call.caller.tenant_id, call.caller.object_id}));
  return Bodiless(200, call.request);  // finished at once: the SDK's poller stops on a 200
}

// PATCH (ResourceGroupPatchable): replaces the tags when the body has "tags"; the location
// cannot change, and pal keeps no managedBy.
Result<HttpResponse> ResourceGroupsApi::Patch(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto target, TargetOf(call));
  PAL_TRY(authorizer_.Authorize(call.caller, kWrite, target.scope));
  if (!target.existing) return NotFound(target.name);
  auto body = nlohmann::json::parse(call.request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request content was invalid and could not be "
                                  "deserialized: the body must be a JSON object.");
  }
  ResourceGroup updated = *target.existing;
  if (body.contains("tags")) {
    PAL_ASSIGN_OR_RETURN(auto tags, ParseTags(body));
    updated.tags_json = tags.dump();
  }
  if (updated.tags_json != target.existing->tags_json) {
    PAL_TRY(store_.resource_groups().UpdateResourceGroupTags(
        target.subscription_id, target.existing->name, updated.tags_json));
  }
  return ArmJson(200, GroupJson(updated).dump(), call.request);
}

Result<HttpResponse> ResourceGroupsApi::Put(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto target, TargetOf(call));
  PAL_TRY(authorizer_.Authorize(call.caller, kWrite, target.scope));
  PAL_ASSIGN_OR_RETURN(auto request, ParseGroupRequest(call.request.body));
  if (const auto& existing = target.existing) {
    if (NormalizedLocation(existing->location) != NormalizedLocation(request.location)) {
      return Error::Conflict(
          "InvalidResourceGroupLocation",
          fmt::format("Invalid resource group location '{}'. The Resource group already exists "
                      "in location '{}'.",
                      request.location, existing->location));
    }
    ResourceGroup updated = *existing;
    updated.tags_json = request.tags.dump();
    if (updated.tags_json != existing->tags_json) {
      PAL_TRY(store_.resource_groups().UpdateResourceGroupTags(target.subscription_id,
                                                               existing->name, updated.tags_json));
    }
    return ArmJson(200, GroupJson(updated).dump(), call.request);
  }
  ResourceGroup group{target.subscription_id, target.name, NormalizedLocation(request.location),
                      clock_.Now(), request.tags.dump()};
  PAL_TRY(store_.resource_groups().CreateResourceGroup(group));
  return ArmJson(201, GroupJson(group).dump(), call.request);
}

}  // namespace pal::api
