#pragma once

#include "core/clock.h"
#include "store/resource_group_store.h"
#include "store/scope_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Resource groups and generic resources in SQL. Thread-safe.
class SqlResourceGroupStore final : public ResourceGroupStore {
 public:
  // `clock` stamps the role assignment history a deletion closes; `scopes` finds the
  // subscriptions groups are created in. All must outlive the store.
  SqlResourceGroupStore(SqlConnectionPool& pool, const Clock& clock, ScopeStore& scopes)
      : pool_(pool), clock_(clock), scopes_(scopes) {}

  Result<void> CreateResourceGroup(const ResourceGroup& group) override;
  Result<std::vector<ResourceGroup>> ListResourceGroups(const Guid& subscription_id) override;
  Result<void> UpdateResourceGroupTags(const Guid& subscription_id, const std::string& name,
                                       const std::string& tags_json) override;
  Result<void> DeleteResourceGroup(const Guid& subscription_id, const std::string& name,
                                   const PrincipalKey& actor) override;
  Result<void> CreateResource(const Resource& resource) override;
  Result<std::optional<Resource>> FindResource(const ResourceId& id) override;
  Result<std::vector<Resource>> ListResources(const Guid& subscription_id) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
  ScopeStore& scopes_;
};

}  // namespace pal::store
