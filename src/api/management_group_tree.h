#pragma once

#include <string_view>
#include <vector>

#include "core/management_group.h"
#include "core/subscription.h"

namespace pal::api {

// A tenant's management groups and subscriptions, for the questions about their tree. Names
// compare ignoring case.
class ManagementGroupTree {
 public:
  ManagementGroupTree(std::vector<ManagementGroup> groups, std::vector<Subscription> subscriptions)
      : groups_(std::move(groups)), subscriptions_(std::move(subscriptions)) {}

  const ManagementGroup* Find(std::string_view name) const;
  std::vector<const ManagementGroup*> ChildGroups(std::string_view name) const;
  std::vector<const Subscription*> ChildSubscriptions(std::string_view name) const;
  // Root first, `name` excluded.
  std::vector<const ManagementGroup*> Ancestors(std::string_view name) const;
  // Levels below the tenant root group.
  int Depth(std::string_view name) const { return static_cast<int>(Ancestors(name).size()); }
  // Levels of groups below `name`.
  int Height(std::string_view name) const;
  bool IsSelfOrBelow(std::string_view candidate, std::string_view group) const;

  const std::vector<ManagementGroup>& groups() const { return groups_; }
  const std::vector<Subscription>& subscriptions() const { return subscriptions_; }

 private:
  std::vector<ManagementGroup> groups_;
  std::vector<Subscription> subscriptions_;
};

}  // namespace pal::api
