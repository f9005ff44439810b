#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace pal {

// The kinds of scope an ARM id can name. An extension resource (a role assignment, a
// Lighthouse assignment) lives *at* one of these scopes.
enum class ScopeLevel { kRoot, kManagementGroup, kSubscription, kResourceGroup, kResource };

std::string_view ScopeLevelName(ScopeLevel level);  // "root", "managementGroup", ...

// One `providers/{namespace}/{type}/{name}[/{childType}/{childName}...]` run of an id.
struct ProviderPath {
  std::string provider_namespace;                          // e.g. "Microsoft.Compute"
  std::vector<std::pair<std::string, std::string>> types;  // (type, name) pairs, outermost first
};

// A parsed Azure Resource Manager id:
//   /                                                     root
//   /providers/Microsoft.Management/managementGroups/{g}  management group
//   /subscriptions/{guid}[/resourceGroups/{rg}]           subscription, resource group
//   {scope}/providers/{ns}/{type}/{name}[/{t}/{n}...]     resource, nested child resources
//   {any of those}/providers/{ns}/{type}/{name}           extension resources, repeatable
// Keywords, namespaces and types compare case-insensitively; names keep the case they were
// given in. Leading slashes may be doubled (clients send "//subscriptions/..."), and one
// trailing slash is ignored. Value type; immutable.
class ResourceId {
 public:
  // Errors are kInvalidArgument with code "InvalidScope" and a message naming the problem.
  static Result<ResourceId> Parse(std::string_view text);
  static ResourceId Root();

  // The id normalised: a single leading '/', no trailing '/', names as given.
  const std::string& ToString() const { return text_; }
  // Lower-cased ToString(): equal keys mean the same ARM object.
  const std::string& Key() const { return key_; }

  const std::optional<std::string>& management_group() const { return management_group_; }
  const std::optional<std::string>& subscription_id() const { return subscription_id_; }
  const std::optional<std::string>& resource_group() const { return resource_group_; }
  const std::vector<ProviderPath>& providers() const { return providers_; }

  // The level of the innermost scope this id names or lives at (extensions excluded): a
  // role assignment on a resource group has level kResourceGroup.
  ScopeLevel level() const;
  // True if the id is itself a scope (root, group, subscription, resource group, resource),
  // not an extension resource at one.
  bool IsScope() const;
  // The id without its last provider run (the scope an extension resource lives at), or the
  // parent scope of a resource group (its subscription) or child resource (its parent).
  // nullopt for root, management groups and subscriptions, whose parents are not in the id.
  std::optional<ResourceId> Parent() const;
  // True if `other` is this id or lies below it by path (root contains everything).
  // Management-group parentage is directory data, not path, and is not considered here.
  bool Contains(const ResourceId& other) const;

  friend bool operator==(const ResourceId& a, const ResourceId& b) { return a.key_ == b.key_; }

 private:
  void Finish();  // computes text_ and key_ from the parts

  std::optional<std::string> management_group_;
  std::optional<std::string> subscription_id_;
  std::optional<std::string> resource_group_;
  std::vector<ProviderPath> providers_;
  std::string text_ = "/";
  std::string key_ = "/";
};

// Resource-group names: 1-90 of letters, digits, '-', '_', '.', '(' and ')', not ending in '.'.
bool IsValidResourceGroupName(std::string_view name);
// Management group ids follow the same rule (Azure: up to 90 of the same characters).
bool IsValidManagementGroupName(std::string_view name);

}  // namespace pal
