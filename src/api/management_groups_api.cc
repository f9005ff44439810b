#include "api/management_groups_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/management_group_tree.h"
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

nlohmann::json InfoJson(const ManagementGroup& g) {
  return {{"id", GroupId(g.group_id)},
          {"type", kGroupType},
          {"name", g.group_id},
          {"properties", {{"tenantId", g.tenant_id.ToString()}, {"displayName", g.display_name}}}};
}

nlohmann::json ChildrenJson(const ManagementGroupTree& tree, std::string_view name, bool recurse) {
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

nlohmann::json GroupJson(const ManagementGroupTree& tree, const ManagementGroup& g,
                         const Expand& expand) {
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
            {"state", s.state == SubscriptionState::kEnabled ? std::string_view("Active")
                                                             : SubscriptionStateName(s.state)}}}};
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

Error GroupNotFound(std::string_view name) {
  return Error::NotFound("ManagementGroupNotFound",
                         fmt::format("The management group '{}' could not be found.", name));
}

Error TooDeep() {
  return BadRequest(fmt::format(
      "A management group can be at most {} levels below the tenant root group.", kMaxDepth));
}

std::optional<std::string> StringField(const nlohmann::json& object, const char* name) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_string()) {
    return std::nullopt;
  }
  return object[name].get<std::string>();
}

Result<nlohmann::json> ParseObject(const std::string& body) {
  auto json = nlohmann::json::parse(body.empty() ? "{}" : body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Error::InvalidArgument("InvalidRequestContent",
                                  "The request content was invalid and could not be "
                                  "deserialized: the body must be a JSON object.");
  }
  return json;
}

// The parent named by `parent_text` and the display name, validated.
Result<ManagementGroupChange> ValidatedChange(std::optional<std::string> display_name,
                                              const std::optional<std::string>& parent_text) {
  ManagementGroupChange change{std::move(display_name), std::nullopt};
  if (parent_text) {
    change.parent = GroupNameOf(*parent_text);
    if (!change.parent) {
      return BadRequest(
          fmt::format("The parent id '{}' is not a management group id.", *parent_text));
    }
  }
  if (change.display_name && (change.display_name->empty() || change.display_name->size() > 90)) {
    return BadRequest("The display name must be 1 to 90 characters.");
  }
  return change;
}

Result<ManagementGroupChange> ParsePut(const std::string& body) {
  PAL_ASSIGN_OR_RETURN(auto json, ParseObject(body));
  const auto properties = json.value("properties", nlohmann::json::object());
  const auto details = properties.is_object()
                           ? properties.value("details", nlohmann::json::object())
                           : nlohmann::json::object();
  const auto parent = details.is_object() ? details.value("parent", nlohmann::json::object())
                                          : nlohmann::json::object();
  return ValidatedChange(StringField(properties, "displayName"), StringField(parent, "id"));
}

Result<ManagementGroupChange> ParsePatch(const std::string& body) {
  PAL_ASSIGN_OR_RETURN(auto json, ParseObject(body));
  return ValidatedChange(StringField(json, "displayName"), StringField(json, "parentGroupId"));
}

Expand ExpandOf(const HttpRequest& request) {
  Expand expand;
  const std::string text = ToLowerAscii(request.QueryParam("$expand").value_or(""));
  expand.children = text.find("children") != std::string::npos;
  expand.path = text.find("path") != std::string::npos;
  expand.ancestors = text.find("ancestors") != std::string::npos;
  expand.recurse = EqualsIgnoreCase(request.QueryParam("$recurse").value_or(""), "true");
  return expand;
}

nlohmann::json DescendantJson(std::string_view id, std::string_view type, std::string_view name,
                              std::string_view display_name, std::string_view parent) {
  return {{"id", id},
          {"type", type},
          {"name", name},
          {"properties", {{"displayName", display_name}, {"parent", {{"id", GroupId(parent)}}}}}};
}

// Everything below `parent`, depth first: each group followed by what is below it.
void AppendDescendants(const ManagementGroupTree& tree, const std::string& parent,
                       nlohmann::json& value) {
  for (const auto* g : tree.ChildGroups(parent)) {
    value.push_back(
        DescendantJson(GroupId(g->group_id), kGroupType, g->group_id, g->display_name, parent));
    AppendDescendants(tree, g->group_id, value);
  }
  for (const auto* s : tree.ChildSubscriptions(parent)) {
    const std::string id = s->subscription_id.ToString();
    value.push_back(
        DescendantJson("/subscriptions/" + id, "/subscriptions", id, s->display_name, parent));
  }
}

}  // namespace

void ManagementGroupsApi::AddRoutes(ArmRouter& router) {
  const auto operation = [this](auto member) {
    return [this, member](const ArmCall& call) { return (this->*member)(call); };
  };
  const auto add = [&](std::string_view path, std::string message) -> ArmRouter::Resource& {
    return router.Add(fmt::format("/providers/Microsoft.Management/managementGroups{}", path),
                      RouteFamily::kManagementGroups, kManagementGroupsApiVersions,
                      std::move(message));
  };
  constexpr std::string_view kReadOnly = "This collection is read-only.";
  add("", std::string(kReadOnly)).On("GET", operation(&ManagementGroupsApi::List));
  add("/{groupId}", "A management group can be read, created or updated, and deleted.")
      .On("GET", operation(&ManagementGroupsApi::Get))
      .On("PUT", operation(&ManagementGroupsApi::Put))
      .On("PATCH", operation(&ManagementGroupsApi::Patch))
      .On("DELETE", operation(&ManagementGroupsApi::Delete));
  add("/{groupId}/descendants", std::string(kReadOnly))
      .On("GET", operation(&ManagementGroupsApi::Descendants));
  add("/{groupId}/subscriptions", std::string(kReadOnly))
      .On("GET", operation(&ManagementGroupsApi::Subscriptions));
  add("/{groupId}/subscriptions/{subscriptionId}",
      "A subscription is read, moved under the group (PUT) or back to the tenant root group "
      "(DELETE).")
      .On("GET", operation(&ManagementGroupsApi::GetSubscription))
      .On("PUT", operation(&ManagementGroupsApi::MoveSubscriptionIn))
      .On("DELETE", operation(&ManagementGroupsApi::MoveSubscriptionOut));
  // Where a delete's 202 points (Azure-AsyncOperation and Location).
  router
      .Add("/providers/Microsoft.Management/operationResults/delete/{groupId}",
           RouteFamily::kManagementGroups, kManagementGroupsApiVersions,
           "The status of a management group's delete is read-only.")
      .On("GET", operation(&ManagementGroupsApi::DeleteStatus));
}

Result<ManagementGroupTree> ManagementGroupsApi::TreeOf(const identity::CallerIdentity& caller) {
  PAL_ASSIGN_OR_RETURN(auto groups, store_.scopes().ListManagementGroups(caller.tenant_id));
  PAL_ASSIGN_OR_RETURN(auto subscriptions, store_.scopes().ListSubscriptions(caller.tenant_id));
  std::erase_if(subscriptions, [](const Subscription& s) { return !IsListed(s); });  // Deleted
  return ManagementGroupTree(std::move(groups), std::move(subscriptions));
}

Result<std::string> ManagementGroupsApi::GroupNameInPath(const ArmCall& call) {
  const std::string& name = call.Param("groupId");
  if (!IsValidManagementGroupName(name)) {
    return BadRequest(
        fmt::format("The management group id '{}' is not valid: use 1 to 90 "
                    "letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.",
                    name));
  }
  return name;
}

Result<const ManagementGroup*> ManagementGroupsApi::AuthorizedGroup(const ArmCall& call,
                                                                    const ManagementGroupTree& tree,
                                                                    std::string_view action,
                                                                    const std::string& name) {
  PAL_TRY(authorizer_.Authorize(call.caller, action, GroupScope(name), GroupId(name)));
  // The authorizer answers ManagementGroupNotFound for a group not of the caller's tenant.
  const ManagementGroup* group = tree.Find(name);
  if (!group) return GroupNotFound(name);
  return group;
}

Result<HttpResponse> ManagementGroupsApi::List(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  nlohmann::json value = nlohmann::json::array();
  for (const auto& g : tree.groups()) {
    if (authorizer_.Authorize(call.caller, kRead, GroupScope(g.group_id)).ok()) {
      value.push_back(InfoJson(g));
    }
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

Result<HttpResponse> ManagementGroupsApi::Get(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  PAL_ASSIGN_OR_RETURN(auto group, AuthorizedGroup(call, tree, kRead, name));
  const Expand expand = ExpandOf(call.request);
  if (expand.recurse && !expand.children)
    return BadRequest("$recurse=true needs $expand=children.");
  return ArmJson(200, GroupJson(tree, *group, expand).dump(), call.request);
}

Result<HttpResponse> ManagementGroupsApi::Descendants(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  PAL_ASSIGN_OR_RETURN(auto group, AuthorizedGroup(call, tree, kRead, name));
  nlohmann::json value = nlohmann::json::array();
  AppendDescendants(tree, group->group_id, value);
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

Result<HttpResponse> ManagementGroupsApi::Delete(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  PAL_ASSIGN_OR_RETURN(auto group, AuthorizedGroup(call, tree, kDelete, name));
  if (!group->parent_id) return BadRequest("The tenant root group cannot be deleted.");
  PAL_TRY(store_.scopes().DeleteManagementGroup(call.caller.tenant_id, group->group_id,
                                                {call.caller.tenant_id, call.caller.object_id}));
  // Azure answers 202 Accepted (the spec allows 202 and 204 only) and the operation's status
  // behind Azure-AsyncOperation; pal has deleted the group already, so that says Succeeded.
  const std::string status_url =
      fmt::format("{}/providers/Microsoft.Management/operationResults/delete/{}?api-version={}",
                  call.request.base_url, PercentEncode(group->group_id),
                  call.request.QueryParam("api-version").value_or(""));
  HttpResponse accepted = ArmJson(202,
                                  nlohmann::json{{"id", GroupId(group->group_id)},
                                                 {"type", kGroupType},
                                                 {"name", group->group_id},
                                                 {"status", "Succeeded"}}
                                      .dump(),
                                  call.request);
  accepted.SetHeader("Location", status_url);
  accepted.SetHeader("Azure-AsyncOperation", status_url);
  accepted.SetHeader("Retry-After", "0");
  return accepted;
}

Result<HttpResponse> ManagementGroupsApi::DeleteStatus(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  // Deletes finish before their 202: the delete of a group the tenant no longer has succeeded.
  if (tree.Find(name)) {
    return Error::NotFound(
        "OperationNotFound",
        fmt::format("No delete of management group '{}' is known: the group exists.", name));
  }
  return ArmJson(200,
                 nlohmann::json{{"id", fmt::format("/providers/Microsoft.Management/"
                                                   "operationResults/delete/{}",
                                                   name)},
                                {"type", "Microsoft.Management/operationResults"},
                                {"name", name},
                                {"status", "Succeeded"}}
                     .dump(),
                 call.request);
}

Result<HttpResponse> ManagementGroupsApi::Put(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  PAL_ASSIGN_OR_RETURN(auto change, ParsePut(call.request.body));
  if (const ManagementGroup* group = tree.Find(name)) return Update(call, tree, *group, change);
  return Create(call, tree, name, change);
}

Result<HttpResponse> ManagementGroupsApi::Patch(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  PAL_TRY(ParseObject(call.request.body));
  const ManagementGroup* group = tree.Find(name);
  if (!group) return GroupNotFound(name);
  PAL_ASSIGN_OR_RETURN(auto change, ParsePatch(call.request.body));
  return Update(call, tree, *group, change);
}

Result<HttpResponse> ManagementGroupsApi::Create(const ArmCall& call,
                                                 const ManagementGroupTree& tree,
                                                 const std::string& name,
                                                 const ManagementGroupChange& change) {
  // Under the parent named, by default the tenant root group.
  const std::string under = change.parent.value_or(call.caller.tenant_id.ToString());
  PAL_TRY(authorizer_.Authorize(call.caller, kWrite, GroupScope(under), GroupId(name)));
  const ManagementGroup* parent = tree.Find(under);
  if (!parent) return GroupNotFound(under);
  if (tree.Depth(parent->group_id) + 1 > kMaxDepth) return TooDeep();
  ManagementGroup created{name, call.caller.tenant_id, change.display_name.value_or(name),
                          parent->group_id, clock_.Now()};
  PAL_TRY(store_.scopes().CreateManagementGroup(created));
  std::vector<ManagementGroup> all = tree.groups();
  all.push_back(created);
  const ManagementGroupTree after(std::move(all), tree.subscriptions());
  return Done(call.request, GroupJson(after, created, {}).dump());
}

Result<HttpResponse> ManagementGroupsApi::Update(const ArmCall& call,
                                                 const ManagementGroupTree& tree,
                                                 const ManagementGroup& group,
                                                 const ManagementGroupChange& change) {
  const std::string& name = call.Param("groupId");  // as the path spells it
  const std::string target = GroupId(name);
  PAL_TRY(authorizer_.Authorize(call.caller, kWrite, GroupScope(group.group_id), target));
  ManagementGroup updated = group;
  if (change.display_name) updated.display_name = *change.display_name;
  const auto& parent = change.parent;
  if (parent && !(group.parent_id && EqualsIgnoreCase(*group.parent_id, *parent))) {
    if (!group.parent_id) return BadRequest("The tenant root group cannot be moved.");
    PAL_TRY(authorizer_.Authorize(call.caller, kWrite, GroupScope(*parent), target));
    const ManagementGroup* new_parent = tree.Find(*parent);
    if (!new_parent) return GroupNotFound(*parent);
    if (tree.IsSelfOrBelow(new_parent->group_id, group.group_id)) {
      return BadRequest(
          fmt::format("The management group '{}' cannot be moved under itself or "
                      "one of its descendants.",
                      name));
    }
    if (tree.Depth(new_parent->group_id) + 1 + tree.Height(group.group_id) > kMaxDepth) {
      return TooDeep();
    }
    updated.parent_id = new_parent->group_id;
  }
  PAL_TRY(store_.scopes().UpdateManagementGroup(updated));
  std::vector<ManagementGroup> all;
  for (const auto& g : tree.groups()) all.push_back(g.group_id == updated.group_id ? updated : g);
  const ManagementGroupTree after(std::move(all), tree.subscriptions());
  return Done(call.request, GroupJson(after, updated, {}).dump());
}

Result<HttpResponse> ManagementGroupsApi::Subscriptions(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  PAL_ASSIGN_OR_RETURN(auto group, AuthorizedGroup(call, tree, kRead, name));
  nlohmann::json value = nlohmann::json::array();
  for (const auto* s : tree.ChildSubscriptions(group->group_id)) {
    value.push_back(SubscriptionUnderGroupJson(*s, group->group_id));
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

Result<ManagementGroupsApi::SubscriptionUnderGroup> ManagementGroupsApi::FindSubscriptionUnder(
    const ArmCall& call, const ManagementGroupTree& tree, std::string_view action) {
  PAL_ASSIGN_OR_RETURN(auto name, GroupNameInPath(call));
  const std::string& sub_text = call.Param("subscriptionId");
  auto sub_id = Guid::Parse(sub_text);
  const Subscription* subscription = nullptr;
  for (const auto& s : tree.subscriptions()) {
    if (sub_id && s.subscription_id == *sub_id) subscription = &s;
  }
  PAL_ASSIGN_OR_RETURN(auto group, AuthorizedGroup(call, tree, action, name));
  if (!subscription) {
    return Error::NotFound(
        "SubscriptionNotFound",
        fmt::format("The subscription '{}' could not be found under management group '{}'.",
                    sub_text, name));
  }
  const bool under = subscription->parent_group_id &&
                     EqualsIgnoreCase(*subscription->parent_group_id, group->group_id);
  return SubscriptionUnderGroup{group, subscription, under, sub_text, name};
}

Result<HttpResponse> ManagementGroupsApi::GetSubscription(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto found, FindSubscriptionUnder(call, tree, kRead));
  if (!found.under_group) return found.NotFound();
  return ArmJson(200, SubscriptionUnderGroupJson(*found.subscription, found.group->group_id).dump(),
                 call.request);
}

Result<HttpResponse> ManagementGroupsApi::MoveSubscriptionIn(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto found, FindSubscriptionUnder(call, tree, kSubscriptionWrite));
  const std::string target = found.group->group_id;
  PAL_TRY(Move(call, *found.subscription, target));
  Subscription after = *found.subscription;
  after.parent_group_id = target;
  return ArmJson(200, SubscriptionUnderGroupJson(after, target).dump(), call.request);
}

Result<HttpResponse> ManagementGroupsApi::MoveSubscriptionOut(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(auto tree, TreeOf(call.caller));
  PAL_ASSIGN_OR_RETURN(auto found, FindSubscriptionUnder(call, tree, kSubscriptionWrite));
  if (!found.under_group) return found.NotFound();
  PAL_TRY(Move(call, *found.subscription, call.caller.tenant_id.ToString()));  // to the root
  return Done(call.request);
}

Result<void> ManagementGroupsApi::Move(const ArmCall& call, const Subscription& subscription,
                                       const std::string& target) {
  // Moving needs write at the group it leaves and the one it joins, and Owner-level rights on
  // the subscription itself.
  const std::string source =
      subscription.parent_group_id.value_or(call.caller.tenant_id.ToString());
  for (const auto& g : {target, source}) {
    PAL_TRY(authorizer_.Authorize(call.caller, kSubscriptionWrite, GroupScope(g)));
  }
  const auto sub_scope =
      *ResourceId::Parse("/subscriptions/" + subscription.subscription_id.ToString());
  PAL_TRY(authorizer_.Authorize(call.caller, kSubscriptionOwner, sub_scope));
  return store_.scopes().MoveSubscription(subscription.subscription_id, target,
                                          {call.caller.tenant_id, call.caller.object_id});
}

Error ManagementGroupsApi::SubscriptionUnderGroup::NotFound() const {
  return Error::NotFound(
      "SubscriptionNotFound",
      fmt::format("The subscription '{}' could not be found under management group '{}'.",
                  subscription_text, group_name));
}

}  // namespace pal::api
