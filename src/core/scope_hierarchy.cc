#include "core/scope_hierarchy.h"

#include <algorithm>

#include "core/text.h"

namespace pal {
namespace {

// Groups nest at most six levels below the root in Azure; a longer chain means a cycle.
constexpr int kMaxGroupDepth = 16;

ResourceId GroupId(const std::string& group) {
  auto id = ResourceId::Parse("/providers/Microsoft.Management/managementGroups/" + group);
  return id.ok() ? *id : ResourceId::Root();
}

}  // namespace

void ScopeHierarchy::AddManagementGroup(const std::string& group,
                                        const std::optional<std::string>& parent_group) {
  const std::string key = ToLowerAscii(group);
  group_name_[key] = group;
  group_parent_[key] =
      parent_group ? std::optional<std::string>(ToLowerAscii(*parent_group)) : std::nullopt;
}

void ScopeHierarchy::AddSubscription(const Guid& subscription_id, const std::string& parent_group) {
  subscription_parent_[subscription_id] = ToLowerAscii(parent_group);
}

std::vector<ResourceId> ScopeHierarchy::GroupChain(const std::string& group) const {
  std::vector<ResourceId> chain;
  std::optional<std::string> current = ToLowerAscii(group);
  for (int depth = 0; current && depth < kMaxGroupDepth; ++depth) {
    auto name = group_name_.find(*current);
    chain.push_back(GroupId(name == group_name_.end() ? *current : name->second));
    auto parent = group_parent_.find(*current);
    current = parent == group_parent_.end() ? std::nullopt : parent->second;
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::vector<ResourceId> ScopeHierarchy::AncestorsAndSelf(const ResourceId& scope) const {
  // Walk up by path to the subscription or group, then above it by the hierarchy.
  std::vector<ResourceId> by_path;
  std::optional<ResourceId> current = scope;
  if (!current->IsScope()) current = current->Parent();
  for (; current; current = current->Parent()) {
    if (current->level() == ScopeLevel::kRoot) break;
    by_path.push_back(*current);
  }
  std::vector<ResourceId> chain = {ResourceId::Root()};
  if (scope.management_group()) {
    auto groups = GroupChain(*scope.management_group());
    groups.pop_back();  // the group itself comes from the path walk
    chain.insert(chain.end(), groups.begin(), groups.end());
  } else if (scope.subscription_id()) {
    auto guid = Guid::Parse(*scope.subscription_id());
    auto parent = guid ? subscription_parent_.find(*guid) : subscription_parent_.end();
    if (parent != subscription_parent_.end()) {
      auto groups = GroupChain(parent->second);
      chain.insert(chain.end(), groups.begin(), groups.end());
    }
  }
  chain.insert(chain.end(), by_path.rbegin(), by_path.rend());
  return chain;
}

}  // namespace pal
