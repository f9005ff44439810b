#include "api/management_group_tree.h"

#include <algorithm>

#include "core/text.h"

namespace pal::api {

const ManagementGroup* ManagementGroupTree::Find(std::string_view name) const {
  for (const auto& g : groups_) {
    if (EqualsIgnoreCase(g.group_id, name)) return &g;
  }
  return nullptr;
}

std::vector<const ManagementGroup*> ManagementGroupTree::ChildGroups(std::string_view name) const {
  std::vector<const ManagementGroup*> out;
  for (const auto& g : groups_) {
    if (g.parent_id && EqualsIgnoreCase(*g.parent_id, name)) out.push_back(&g);
  }
  return out;
}

std::vector<const Subscription*> ManagementGroupTree::ChildSubscriptions(
    std::string_view name) const {
  std::vector<const Subscription*> out;
  for (const auto& s : subscriptions_) {
    if (s.parent_group_id && EqualsIgnoreCase(*s.parent_group_id, name)) out.push_back(&s);
  }
  return out;
}

std::vector<const ManagementGroup*> ManagementGroupTree::Ancestors(std::string_view name) const {
  std::vector<const ManagementGroup*> chain;
  const ManagementGroup* g = Find(name);
  for (int guard = 0; g && g->parent_id && guard < 64; ++guard) {
    g = Find(*g->parent_id);
    if (g) chain.insert(chain.begin(), g);
  }
  return chain;
}

int ManagementGroupTree::Height(std::string_view name) const {
  int height = 0;
  for (const auto* child : ChildGroups(name)) {
    height = std::max(height, 1 + Height(child->group_id));
  }
  return height;
}

bool ManagementGroupTree::IsSelfOrBelow(std::string_view candidate, std::string_view group) const {
  if (EqualsIgnoreCase(candidate, group)) return true;
  for (const auto* a : Ancestors(candidate)) {
    if (EqualsIgnoreCase(a->group_id, group)) return true;
  }
  return false;
}

}  // namespace pal::api
