#include "api/resource_groups_api.h"

#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/url_encoding.h"
#include "core/resource_id.h"
#include "core/text.h"

namespace pal::api {
namespace {

constexpr std::string_view kRead = "Microsoft.Resources/subscriptions/resourceGroups/read";
constexpr std::string_view kWrite = "Microsoft.Resources/subscriptions/resourceGroups/write";
constexpr std::string_view kDelete = "Microsoft.Resources/subscriptions/resourceGroups/delete";

// The path's segments without empty ones (doubled or trailing slashes).
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

}  // namespace

bool ResourceGroupsApi::Serves(std::string_view path) {
  const auto segments = PathSegments(path);
  return (segments.size() == 3 || segments.size() == 4) &&
         EqualsIgnoreCase(segments[0], "subscriptions") &&
         EqualsIgnoreCase(segments[2], "resourcegroups");
}

HttpResponse ResourceGroupsApi::Answer(const HttpRequest& request,
                                       const identity::CallerIdentity& caller) {
  const auto segments = PathSegments(request.path);
  const bool collection = segments.size() == 3;
  if (collection && request.method != "GET") {
    return MethodNotAllowed(request, "GET",
                            "Resource groups are listed here; create, read and delete one at "
                            "/subscriptions/{id}/resourcegroups/{name}.");
  }
  if (!collection && request.method != "GET" && request.method != "HEAD" &&
      request.method != "PUT" && request.method != "DELETE") {
    return MethodNotAllowed(request, "GET, HEAD, PUT, DELETE",
                            "A resource group can be created or updated (PUT), read (GET, HEAD) "
                            "or deleted (DELETE).");
  }
  if (auto version = CheckApiVersion(request, kResourceGroupsApiVersions); !version.ok()) {
    return ArmError(version.error(), request);
  }
  auto subscription_id = Guid::Parse(segments[1]);
  if (!subscription_id) {
    return ArmError(Error::InvalidArgument(
                        "InvalidSubscriptionId",
                        fmt::format("The provided subscription identifier '{}' is malformed or "
                                    "invalid.",
                                    segments[1])),
                    request);
  }
  const ResourceId subscription_scope =
      *ResourceId::Parse("/subscriptions/" + subscription_id->ToString());
  auto groups = store_.resource_groups().ListResourceGroups(*subscription_id);
  if (!groups.ok()) return ArmError(groups.error(), request);

  if (collection) {
    // The subscription must be the caller's (404 otherwise); then the groups it can read.
    auto can_read_subscription = authorizer_.Authorize(caller, kRead, subscription_scope);
    if (!can_read_subscription.ok() && can_read_subscription.error().kind == ErrorKind::kNotFound) {
      return ArmError(can_read_subscription.error(), request);
    }
    nlohmann::json value = nlohmann::json::array();
    for (const auto& g : *groups) {
      const auto scope = ResourceId::Parse(GroupId(g.subscription_id, g.name));
      if (can_read_subscription.ok() || authorizer_.Authorize(caller, kRead, *scope).ok()) {
        value.push_back(GroupJson(g));
      }
    }
    // With no read anywhere in the subscription, the subscription's own refusal stands.
    if (!can_read_subscription.ok() && value.empty()) {
      return ArmError(can_read_subscription.error(), request);
    }
    return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
  }

  const std::string name = PercentDecode(segments[3]).value_or(std::string(segments[3]));
  if (!IsValidResourceGroupName(name)) {
    return ArmError(Error::InvalidArgument(
                        "InvalidResourceGroup",
                        fmt::format("The provided resource group name '{}' has these invalid "
                                    "characters or length. The name can only be a letter, "
                                    "digit, '-', '.', '(', ')' or '_', 1 to 90 characters, not "
                                    "ending in '.'.",
                                    name)),
                    request);
  }
  const ResourceId scope = *ResourceId::Parse(GroupId(*subscription_id, name));
  const ResourceGroup* existing = nullptr;
  for (const auto& g : *groups) {
    if (EqualsIgnoreCase(g.name, name)) existing = &g;
  }
  const std::string_view action = request.method == "PUT"      ? kWrite
                                  : request.method == "DELETE" ? kDelete
                                                               : kRead;
  if (auto allowed = authorizer_.Authorize(caller, action, scope); !allowed.ok()) {
    if (request.method == "HEAD") {
      HttpResponse head;
      head.status = allowed.error().kind == ErrorKind::kNotFound ? 404 : 403;
      AddArmHeaders(head, request);
      return head;
    }
    return ArmError(allowed.error(), request);
  }

  if (request.method == "GET" || request.method == "HEAD") {
    if (request.method == "HEAD") {
      HttpResponse head;
      head.status = existing ? 204 : 404;
      AddArmHeaders(head, request);
      return head;
    }
    if (!existing) return ArmError(NotFound(name), request);
    return ArmJson(200, GroupJson(*existing).dump(), request);
  }

  if (request.method == "DELETE") {
    if (!existing) return ArmError(NotFound(name), request);
    auto deleted = store_.resource_groups().DeleteResourceGroup(
        *subscription_id, existing->name, {caller.tenant_id, caller.object_id});
    if (!deleted.ok()) return ArmError(deleted.error(), request);
    HttpResponse done;  // finished at once: the SDK's poller stops on a 200
    done.status = 200;
    AddArmHeaders(done, request);
    return done;
  }

  // PUT: {"location": "...", "tags"?: {"k": "v"}, "managedBy"?: "..."}
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return ArmError(Error::InvalidArgument("InvalidRequestContent",
                                           "The request content was invalid and could not be "
                                           "deserialized: the body must be a JSON object."),
                    request);
  }
  if (!body.contains("location") || !body["location"].is_string() ||
      body["location"].get<std::string>().empty()) {
    return ArmError(Error::InvalidArgument("LocationRequired",
                                           "The location property is required for this "
                                           "definition."),
                    request);
  }
  if (!IsValidLocation(body["location"].get<std::string>())) {
    return ArmError(Error::InvalidArgument(
                        "LocationNotAvailableForResourceGroup",
                        fmt::format("The provided location '{}' is not available for resource "
                                    "groups: a location is 1 to 90 letters, digits and spaces.",
                                    body["location"].get<std::string>())),
                    request);
  }
  nlohmann::json tags = nlohmann::json::object();
  if (body.contains("tags") && !body["tags"].is_null()) {
    tags = body["tags"];
    bool valid = tags.is_object() && tags.size() <= 50;
    for (auto it = tags.begin(); valid && it != tags.end(); ++it) {
      valid = it.value().is_string() && !it.key().empty() && it.key().size() <= 512 &&
              it.value().get<std::string>().size() <= 256 && !HasControlCharacter(it.key()) &&
              !HasControlCharacter(it.value().get<std::string>());
    }
    if (!valid) {
      return ArmError(Error::InvalidArgument(
                          "InvalidTag",
                          "The tags must be an object of at most 50 string values; names are "
                          "1 to 512 characters, values at most 256, neither with control "
                          "characters."),
                      request);
    }
  }
  const std::string location = body["location"].get<std::string>();
  if (existing) {
    if (NormalizedLocation(existing->location) != NormalizedLocation(location)) {
      return ArmError(Error::Conflict("InvalidResourceGroupLocation",
                                      fmt::format("Invalid resource group location '{}'. The "
                                                  "Resource group already exists in location "
                                                  "'{}'.",
                                                  location, existing->location)),
                      request);
    }
    ResourceGroup updated = *existing;
    updated.tags_json = tags.dump();
    if (updated.tags_json != existing->tags_json) {
      if (auto saved = store_.resource_groups().UpdateResourceGroupTags(
              *subscription_id, existing->name, updated.tags_json);
          !saved.ok()) {
        return ArmError(saved.error(), request);
      }
    }
    return ArmJson(200, GroupJson(updated).dump(), request);
  }
  ResourceGroup group{*subscription_id, name, NormalizedLocation(location), clock_.Now(),
                      tags.dump()};
  if (auto created = store_.resource_groups().CreateResourceGroup(group); !created.ok()) {
    return ArmError(created.error(), request);
  }
  return ArmJson(201, GroupJson(group).dump(), request);
}

}  // namespace pal::api
