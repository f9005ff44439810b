#include "api/management_groups_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/subscription_state_guard.h"
#include "api/url_encoding.h"
#include "core/resource_id.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal::api {
namespace {

constexpr std::string_view kRead = "Microsoft.Management/managementGroups/read";
constexpr std::string_view kWrite = "Microsoft.Management/managementGroups/write";
constexpr std::string_view kDelete = "Microsoft.Management/managementGroups/delete";
constexpr std::string_view kSubscriptionWrite =
    "Microsoft.Management/managementGroups/subscriptions/write";
constexpr std::string_view kSubscriptionOwner = "Microsoft.Authorization/roleAssignments/write";
constexpr std::string_view kGroupType = "Microsoft.Management/managementGroups";
constexpr std::string_view kGroupPrefix = "/providers/Microsoft.Management/managementGroups/";
constexpr int kMaxDepth = 6;  // levels below the tenant root group

std::string GroupId(std::string_view name) { return fmt::format("{}{}", kGroupPrefix, name); }
ResourceId GroupScope(std::string_view name) { return *ResourceId::Parse(GroupId(name)); }

// A group name from "/providers/Microsoft.Management/managementGroups/{name}" (or a bare name).
std::optional<std::string> GroupNameOf(std::string_view id) {
  if (id.find('/') == std::string_view::npos) {
    return IsValidManagementGroupName(id) ? std::optional<std::string>(id) : std::nullopt;
  }
  auto parsed = ResourceId::Parse(id);
  if (!parsed.ok() || parsed->level() != ScopeLevel::kManagementGroup) return std::nullopt;
  return *parsed->management_group();
}

Error BadRequest(std::string message) {
  return Error::InvalidArgument("BadRequest", std::move(message));
}

// A tenant's groups and subscriptions, for the tree questions.
class Tree {
 public:
  Tree(std::vector<ManagementGroup> groups, std::vector<Subscription> subscriptions)
      : groups_(std::move(groups)), subscriptions_(std::move(subscriptions)) {}

  const ManagementGroup* Find(std::string_view name) const {
    for (const auto& g : groups_) {
      if (EqualsIgnoreCase(g.group_id, name)) return &g;
    }
    return nullptr;
  }
  std::vector<const ManagementGroup*> ChildGroups(std::string_view name) const {
    std::vector<const ManagementGroup*> out;
    for (const auto& g : groups_) {
      if (g.parent_id && EqualsIgnoreCase(*g.parent_id, name)) out.push_back(&g);
    }
    return out;
  }
  std::vector<const Subscription*> ChildSubscriptions(std::string_view name) const {
    std::vector<const Subscription*> out;
    for (const auto& s : subscriptions_) {
      if (s.parent_group_id && EqualsIgnoreCase(*s.parent_group_id, name)) out.push_back(&s);
    }
    return out;
  }
  // Root first, `name` excluded.
  std::vector<const ManagementGroup*> Ancestors(std::string_view name) const {
    std::vector<const ManagementGroup*> chain;
    const ManagementGroup* g = Find(name);
    for (int guard = 0; g && g->parent_id && guard < 64; ++guard) {
      g = Find(*g->parent_id);
      if (g) chain.insert(chain.begin(), g);
    }
    return chain;
  }
  int Depth(std::string_view name) const { return static_cast<int>(Ancestors(name).size()); }
  int Height(std::string_view name) const {
    int height = 0;
    for (const auto* child : ChildGroups(name))
      height = std::max(height, 1 + Height(child->group_id));
    return height;
  }
  bool IsSelfOrBelow(std::string_view candidate, std::string_view group) const {
    if (EqualsIgnoreCase(candidate, group)) return true;
    for (const auto* a : Ancestors(candidate)) {
      if (EqualsIgnoreCase(a->group_id, group)) return true;
    }
    return false;
  }
  const std::vector<ManagementGroup>& groups() const { return groups_; }
  const std::vector<Subscription>& subscriptions() const { return subscriptions_; }

 private:
  std::vector<ManagementGroup> groups_;
  std::vector<Subscription> subscriptions_;
};

nlohmann::json InfoJson(const ManagementGroup& g) {
  return {{"id", GroupId(g.group_id)},
          {"type", kGroupType},
          {"name", g.group_id},
          {"properties", {{"tenantId", g.tenant_id.ToString()}, {"displayName", g.display_name}}}};
}

nlohmann::json ChildrenJson(const Tree& tree, std::string_view name, bool recurse) {
  nlohmann::json children = nlohmann::json::array();
  for (const auto* g : tree.ChildGroups(name)) {
    nlohmann::json child = {{"type", kGroupType},
                            {"id", GroupId(g->group_id)},
                            {"name", g->group_id},
                            {"displayName", g->display_name}};
    if (recurse) child["children"] = ChildrenJson(tree, g->group_id, true);
    children.push_back(std::move(child));
  }
  for (const auto* s : tree.ChildSubscriptions(name)) {
    children.push_back({{"type", "/subscriptions"},
                        {"id", "/subscriptions/" + s->subscription_id.ToString()},
                        {"name", s->subscription_id.ToString()},
                        {"displayName", s->display_name}});
  }
  return children;
}

struct Expand {
  bool children = false;
  bool path = false;
  bool ancestors = false;
  bool recurse = false;
};

nlohmann::json GroupJson(const Tree& tree, const ManagementGroup& g, const Expand& expand) {
  nlohmann::json details = {
      {"version", 1}, {"updatedTime", FormatIso8601(g.created_at)}, {"updatedBy", ""}};
  if (g.parent_id) {
    const ManagementGroup* parent = tree.Find(*g.parent_id);
    details["parent"] = {{"id", GroupId(*g.parent_id)},
                         {"name", parent ? parent->group_id : *g.parent_id},
                         {"displayName", parent ? parent->display_name : *g.parent_id}};
  }
  const auto ancestors = tree.Ancestors(g.group_id);
  if (expand.path) {
    nlohmann::json path = nlohmann::json::array();
    for (const auto* a : ancestors)
      path.push_back({{"name", a->group_id}, {"displayName", a->display_name}});
    path.push_back({{"name", g.group_id}, {"displayName", g.display_name}});
    details["path"] = path;
  }
  if (expand.ancestors) {
    nlohmann::json names = nlohmann::json::array();
    nlohmann::json chain = nlohmann::json::array();
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) {  // parent first
      names.push_back((*it)->group_id);
      chain.push_back({{"name", (*it)->group_id}, {"displayName", (*it)->display_name}});
    }
    details["managementGroupAncestors"] = names;
    details["managementGroupAncestorsChain"] = chain;
  }
  nlohmann::json properties = {
      {"tenantId", g.tenant_id.ToString()}, {"displayName", g.display_name}, {"details", details}};
  if (expand.children) properties["children"] = ChildrenJson(tree, g.group_id, expand.recurse);
  return {{"id", GroupId(g.group_id)},
          {"type", kGroupType},
          {"name", g.group_id},
          {"properties", properties}};
}

nlohmann::json SubscriptionUnderGroupJson(const Subscription& s, std::string_view group) {
  return {{"id", fmt::format("{}/subscriptions/{}", GroupId(group), s.subscription_id.ToString())},
          {"type", "Microsoft.Management/managementGroups/subscriptions"},
          {"name", s.subscription_id.ToString()},
          {"properties",
           {{"tenant", s.tenant_id.ToString()},
            {"displayName", s.display_name},
            {"parent", {{"id", GroupId(group)}}},
            {"state", s.state == "Enabled" ? "Active" : s.state}}}};
}

HttpResponse Done(const HttpRequest& request, std::string body = "") {
  if (body.empty()) {
    HttpResponse done;
    done.status = 200;
    AddArmHeaders(done, request);
    return done;
  }
  return ArmJson(200, std::move(body), request);
}

}  // namespace

bool ManagementGroupsApi::Serves(std::string_view path) {
  const auto s = PathSegments(path);
  return s.size() >= 3 && s.size() <= 6 && EqualsIgnoreCase(s[0], "providers") &&
         EqualsIgnoreCase(s[1], "Microsoft.Management") &&
         EqualsIgnoreCase(s[2], "managementGroups");
}

HttpResponse ManagementGroupsApi::Answer(const HttpRequest& request,
                                         const identity::CallerIdentity& caller) {
  const auto segments = PathSegments(request.path);
  const std::string& method = request.method;
  const bool is_collection = segments.size() == 3;
  const bool is_group = segments.size() == 4;
  const bool is_descendants = segments.size() == 5 && EqualsIgnoreCase(segments[4], "descendants");
  const bool is_subscriptions =
      segments.size() == 5 && EqualsIgnoreCase(segments[4], "subscriptions");
  const bool is_subscription =
      segments.size() == 6 && EqualsIgnoreCase(segments[4], "subscriptions");
  if (!is_collection && !is_group && !is_descendants && !is_subscriptions && !is_subscription) {
    return ArmError(
        Error::NotFound("NotFound", fmt::format("No API is served at '{}'.", request.path)),
        request);
  }
  const bool read_only = is_collection || is_descendants || is_subscriptions;
  if (read_only && method != "GET") {
    return MethodNotAllowed(request, "GET", "This collection is read-only.");
  }
  if (is_group && method != "GET" && method != "PUT" && method != "PATCH" && method != "DELETE") {
    return MethodNotAllowed(request, "GET, PUT, PATCH, DELETE",
                            "A management group can be read, created or updated, and deleted.");
  }
  if (is_subscription && method != "GET" && method != "PUT" && method != "DELETE") {
    return MethodNotAllowed(request, "GET, PUT, DELETE",
                            "A subscription is read, moved under the group (PUT) or back to the "
                            "tenant root group (DELETE).");
  }
  if (auto version = CheckApiVersion(request, kManagementGroupsApiVersions); !version.ok()) {
    return ArmError(version.error(), request);
  }
  auto groups = store_.scopes().ListManagementGroups(caller.tenant_id);
  if (!groups.ok()) return ArmError(groups.error(), request);
  auto subscriptions = store_.scopes().ListSubscriptions(caller.tenant_id);
  if (!subscriptions.ok()) return ArmError(subscriptions.error(), request);
  std::erase_if(*subscriptions,
                [](const Subscription& s) { return !IsListed(s); });  // Deleted: gone
  const Tree tree(std::move(*groups), std::move(*subscriptions));
  const std::string root = caller.tenant_id.ToString();

  if (is_collection) {
    nlohmann::json value = nlohmann::json::array();
    for (const auto& g : tree.groups()) {
      if (authorizer_.Authorize(caller, kRead, GroupScope(g.group_id)).ok())
        value.push_back(InfoJson(g));
    }
    return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
  }

  const std::string name = PercentDecode(segments[3]).value_or(std::string(segments[3]));
  if (!IsValidManagementGroupName(name)) {
    return ArmError(BadRequest(fmt::format("The management group id '{}' is not valid: use 1 to 90 "
                                           "letters, digits, '-', '_', '.', '(' or ')', not "
                                           "ending in '.'.",
                                           name)),
                    request);
  }
  const ManagementGroup* group = tree.Find(name);
  auto authorize = [&](std::string_view action, std::string_view on) {
    return authorizer_.Authorize(caller, action, GroupScope(on), GroupId(name));
  };

  if (is_group && method == "GET") {
    if (auto allowed = authorize(kRead, name); !allowed.ok())
      return ArmError(allowed.error(), request);
    Expand expand;
    const std::string expand_text = ToLowerAscii(request.QueryParam("$expand").value_or(""));
    expand.children = expand_text.find("children") != std::string::npos;
    expand.path = expand_text.find("path") != std::string::npos;
    expand.ancestors = expand_text.find("ancestors") != std::string::npos;
    expand.recurse = EqualsIgnoreCase(request.QueryParam("$recurse").value_or(""), "true");
    if (expand.recurse && !expand.children) {
      return ArmError(BadRequest("$recurse=true needs $expand=children."), request);
    }
    return ArmJson(200, GroupJson(tree, *group, expand).dump(), request);
  }

  if (is_descendants) {
    if (auto allowed = authorize(kRead, name); !allowed.ok())
      return ArmError(allowed.error(), request);
    nlohmann::json value = nlohmann::json::array();
    std::function<void(const std::string&)> walk = [&](const std::string& parent) {
      for (const auto* g : tree.ChildGroups(parent)) {
        value.push_back(
            {{"id", GroupId(g->group_id)},
             {"type", kGroupType},
             {"name", g->group_id},
             {"properties",
              {{"displayName", g->display_name}, {"parent", {{"id", GroupId(parent)}}}}}});
        walk(g->group_id);
      }
      for (const auto* s : tree.ChildSubscriptions(parent)) {
        value.push_back(
            {{"id", "/subscriptions/" + s->subscription_id.ToString()},
             {"type", "/subscriptions"},
             {"name", s->subscription_id.ToString()},
             {"properties",
              {{"displayName", s->display_name}, {"parent", {{"id", GroupId(parent)}}}}}});
      }
    };
    walk(group->group_id);
    return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
  }

  if (is_group && method == "DELETE") {
    if (auto allowed = authorize(kDelete, name); !allowed.ok())
      return ArmError(allowed.error(), request);
    if (!group->parent_id) {
      return ArmError(BadRequest("The tenant root group cannot be deleted."), request);
    }
    auto deleted = store_.scopes().DeleteManagementGroup(caller.tenant_id, group->group_id,
                                                         {caller.tenant_id, caller.object_id});
    if (!deleted.ok()) return ArmError(deleted.error(), request);
    return Done(request,
                nlohmann::json{{"id", "/providers/Microsoft.Management/operationResults/delete"},
                               {"type", "Microsoft.Management/operationResults"},
                               {"name", group->group_id},
                               {"status", "Succeeded"}}
                    .dump());
  }

  if (is_group) {  // PUT (create or update) and PATCH (update)
    auto body = nlohmann::json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return ArmError(Error::InvalidArgument("InvalidRequestContent",
                                             "The request content was invalid and could not be "
                                             "deserialized: the body must be a JSON object."),
                      request);
    }
    std::optional<std::string> display_name;
    std::optional<std::string> parent_text;
    if (method == "PUT") {
      const auto properties = body.value("properties", nlohmann::json::object());
      if (properties.contains("displayName") && properties["displayName"].is_string()) {
        display_name = properties["displayName"].get<std::string>();
      }
      const auto details = properties.value("details", nlohmann::json::object());
      const auto parent = details.is_object() ? details.value("parent", nlohmann::json::object())
                                              : nlohmann::json::object();
      if (parent.is_object() && parent.contains("id") && parent["id"].is_string()) {
        parent_text = parent["id"].get<std::string>();
      }
    } else {
      if (!group) {
        return ArmError(
            Error::NotFound("ManagementGroupNotFound",
                            fmt::format("The management group '{}' could not be found.", name)),
            request);
      }
      if (body.contains("displayName") && body["displayName"].is_string()) {
        display_name = body["displayName"].get<std::string>();
      }
      if (body.contains("parentGroupId") && body["parentGroupId"].is_string()) {
        parent_text = body["parentGroupId"].get<std::string>();
      }
    }
    std::optional<std::string> parent;
    if (parent_text) {
      parent = GroupNameOf(*parent_text);
      if (!parent) {
        return ArmError(BadRequest(fmt::format("The parent id '{}' is not a management group id.",
                                               *parent_text)),
                        request);
      }
    }
    if (display_name && (display_name->empty() || display_name->size() > 90)) {
      return ArmError(BadRequest("The display name must be 1 to 90 characters."), request);
    }

    if (!group) {  // create under the parent (default: the tenant root group)
      const std::string under = parent.value_or(root);
      if (auto allowed = authorize(kWrite, under); !allowed.ok())
        return ArmError(allowed.error(), request);
      const ManagementGroup* parent_group = tree.Find(under);
      if (!parent_group) {
        return ArmError(
            Error::NotFound("ManagementGroupNotFound",
                            fmt::format("The management group '{}' could not be found.", under)),
            request);
      }
      if (tree.Depth(parent_group->group_id) + 1 > kMaxDepth) {
        return ArmError(BadRequest(fmt::format("A management group can be at most {} levels below "
                                               "the tenant root group.",
                                               kMaxDepth)),
                        request);
      }
      ManagementGroup created{name, caller.tenant_id, display_name.value_or(name),
                              parent_group->group_id, clock_.Now()};
      if (auto saved = store_.scopes().CreateManagementGroup(created); !saved.ok()) {
        return ArmError(saved.error(), request);
      }
      std::vector<ManagementGroup> all = tree.groups();
      all.push_back(created);
      const Tree after(std::move(all), tree.subscriptions());
      return Done(request, GroupJson(after, created, {}).dump());
    }

    if (auto allowed = authorize(kWrite, group->group_id); !allowed.ok()) {
      return ArmError(allowed.error(), request);
    }
    ManagementGroup updated = *group;
    if (display_name) updated.display_name = *display_name;
    if (parent && !(group->parent_id && EqualsIgnoreCase(*group->parent_id, *parent))) {
      if (!group->parent_id) {
        return ArmError(BadRequest("The tenant root group cannot be moved."), request);
      }
      if (auto allowed = authorize(kWrite, *parent); !allowed.ok())
        return ArmError(allowed.error(), request);
      const ManagementGroup* new_parent = tree.Find(*parent);
      if (!new_parent) {
        return ArmError(
            Error::NotFound("ManagementGroupNotFound",
                            fmt::format("The management group '{}' could not be found.", *parent)),
            request);
      }
      if (tree.IsSelfOrBelow(new_parent->group_id, group->group_id)) {
        return ArmError(BadRequest(fmt::format("The management group '{}' cannot be moved under "
                                               "itself or one of its descendants.",
                                               name)),
                        request);
      }
      if (tree.Depth(new_parent->group_id) + 1 + tree.Height(group->group_id) > kMaxDepth) {
        return ArmError(BadRequest(fmt::format("A management group can be at most {} levels below "
                                               "the tenant root group.",
                                               kMaxDepth)),
                        request);
      }
      updated.parent_id = new_parent->group_id;
    }
    if (auto saved = store_.scopes().UpdateManagementGroup(updated); !saved.ok()) {
      return ArmError(saved.error(), request);
    }
    std::vector<ManagementGroup> all;
    for (const auto& g : tree.groups()) all.push_back(g.group_id == updated.group_id ? updated : g);
    const Tree after(std::move(all), tree.subscriptions());
    return Done(request, GroupJson(after, updated, {}).dump());
  }

  // The subscriptions under a group.
  if (is_subscriptions) {
    if (auto allowed = authorize(kRead, name); !allowed.ok())
      return ArmError(allowed.error(), request);
    nlohmann::json value = nlohmann::json::array();
    for (const auto* s : tree.ChildSubscriptions(group->group_id)) {
      value.push_back(SubscriptionUnderGroupJson(*s, group->group_id));
    }
    return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
  }

  const std::string_view sub_text = segments[5];
  auto sub_id = Guid::Parse(sub_text);
  const Subscription* subscription = nullptr;
  for (const auto& s : tree.subscriptions()) {
    if (sub_id && s.subscription_id == *sub_id) subscription = &s;
  }
  const std::string_view action = method == "GET" ? kRead : kSubscriptionWrite;
  if (auto allowed = authorize(action, name); !allowed.ok())
    return ArmError(allowed.error(), request);
  const Error not_found = Error::NotFound(
      "SubscriptionNotFound",
      fmt::format("The subscription '{}' could not be found under management group '{}'.", sub_text,
                  name));
  if (!subscription) return ArmError(not_found, request);
  const bool under_this = subscription->parent_group_id &&
                          EqualsIgnoreCase(*subscription->parent_group_id, group->group_id);
  if (method == "GET") {
    if (!under_this) return ArmError(not_found, request);
    return ArmJson(200, SubscriptionUnderGroupJson(*subscription, group->group_id).dump(), request);
  }
  if (method == "DELETE" && !under_this) return ArmError(not_found, request);
  // Moving needs write at the group it leaves and the one it joins, and Owner-level rights on
  // the subscription itself.
  const std::string target = method == "PUT" ? group->group_id : root;
  const std::string source = subscription->parent_group_id.value_or(root);
  for (const auto& g : {target, source}) {
    if (auto allowed = authorizer_.Authorize(caller, kSubscriptionWrite, GroupScope(g));
        !allowed.ok()) {
      return ArmError(allowed.error(), request);
    }
  }
  const auto sub_scope =
      *ResourceId::Parse("/subscriptions/" + subscription->subscription_id.ToString());
  if (auto allowed = authorizer_.Authorize(caller, kSubscriptionOwner, sub_scope); !allowed.ok()) {
    return ArmError(allowed.error(), request);
  }
  if (auto moved = store_.scopes().MoveSubscription(subscription->subscription_id, target,
                                                    {caller.tenant_id, caller.object_id});
      !moved.ok()) {
    return ArmError(moved.error(), request);
  }
  if (method == "DELETE") return Done(request);
  Subscription after = *subscription;
  after.parent_group_id = target;
  return ArmJson(200, SubscriptionUnderGroupJson(after, target).dump(), request);
}

}  // namespace pal::api
