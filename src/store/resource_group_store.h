#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/resource.h"
#include "core/resource_group.h"
#include "core/result.h"

namespace pal::store {

// The scopes inside a subscription: resource groups and the generic resources below them.
// Thread-safe; reads see writes made by other processes.
class ResourceGroupStore {
 public:
  virtual ~ResourceGroupStore() = default;

  // kConflict if the group exists, kNotFound if its subscription does not.
  virtual Result<void> CreateResourceGroup(const ResourceGroup& group) = 0;
  virtual Result<std::vector<ResourceGroup>> ListResourceGroups(const Guid& subscription_id) = 0;
  // Replaces a group's tags; kNotFound if it does not exist.
  virtual Result<void> UpdateResourceGroupTags(const Guid& subscription_id, const std::string& name,
                                               const std::string& tags_json) = 0;
  // Removes a group with its resources and the role assignments at or below it (their
  // history closed with `actor`), atomically; kNotFound if it does not exist.
  virtual Result<void> DeleteResourceGroup(const Guid& subscription_id, const std::string& name,
                                           const PrincipalKey& actor) = 0;

  // Generic resources (scopes below resource groups). CreateResource fails with kConflict if
  // the id exists.
  virtual Result<void> CreateResource(const Resource& resource) = 0;
  virtual Result<std::optional<Resource>> FindResource(const ResourceId& id) = 0;
  virtual Result<std::vector<Resource>> ListResources(const Guid& subscription_id) = 0;
};

}  // namespace pal::store
