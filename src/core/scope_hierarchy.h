#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/guid.h"
#include "core/resource_id.h"

namespace pal {

// The parentage that ids do not carry: which management group each group and subscription
// hangs under. Resource groups and resources inherit from their subscription by path.
// A tenant's root group has the tenant id as its name and no parent. Not thread-safe.
class ScopeHierarchy {
 public:
  // `parent_group` empty for a tenant root group. Group names compare case-insensitively.
  void AddManagementGroup(const std::string& group, const std::optional<std::string>& parent_group);
  void AddSubscription(const Guid& subscription_id, const std::string& parent_group);

  // Every scope whose role assignments apply at `scope`, from the root down to `scope` itself:
  // "/", the management groups (outermost first), the subscription, the resource group, each
  // enclosing resource. An extension id yields the chain of the scope it lives at. A group or
  // subscription missing from the hierarchy simply has no groups above it.
  std::vector<ResourceId> AncestorsAndSelf(const ResourceId& scope) const;

 private:
  std::vector<ResourceId> GroupChain(const std::string& group) const;  // root group first

  std::map<std::string, std::optional<std::string>> group_parent_;  // lower-case keys
  std::map<std::string, std::string> group_name_;                   // lower-case -> as given
  std::map<Guid, std::string> subscription_parent_;
};

}  // namespace pal
