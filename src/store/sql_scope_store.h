#pragma once

#include "core/clock.h"
#include "store/directory_store.h"
#include "store/scope_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Management groups and subscriptions with the subscription history, in SQL. Thread-safe.
class SqlScopeStore final : public ScopeStore {
 public:
  // `clock` stamps the history; `directory` finds the tenants groups are created in. All
  // must outlive the store.
  SqlScopeStore(SqlConnectionPool& pool, const Clock& clock, DirectoryStore& directory)
      : pool_(pool), clock_(clock), directory_(directory) {}

  // Stamps created_at with the store's clock: the subscription history starts then.
  Result<void> CreateSubscription(const Subscription& subscription) override;
  Result<std::vector<Subscription>> ListSubscriptions(const Guid& tenant_id) override;
  Result<std::optional<Subscription>> FindSubscription(const Guid& subscription_id) override;
  Result<void> UpdateSubscription(const Subscription& subscription,
                                  const PrincipalKey& actor) override;
  Result<void> MigrateSubscriptionToAzurePlan(const Guid& subscription_id,
                                              const PrincipalKey& actor) override;
  Result<void> MoveSubscription(const Guid& subscription_id, const std::string& parent_group_id,
                                const PrincipalKey& actor) override;
  Result<void> CreateManagementGroup(const ManagementGroup& group) override;
  Result<std::vector<ManagementGroup>> ListManagementGroups(const Guid& tenant_id) override;
  Result<void> UpdateManagementGroup(const ManagementGroup& group) override;
  Result<void> DeleteManagementGroup(const Guid& tenant_id, const std::string& group_id,
                                     const PrincipalKey& actor) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
  DirectoryStore& directory_;
};

}  // namespace pal::store
