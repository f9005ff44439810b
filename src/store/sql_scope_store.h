#pragma once

#include <optional>
#include <vector>

#include "core/management_group.h"
#include "core/resource.h"
#include "core/resource_group.h"
#include "core/role_assignment.h"
#include "core/subscription.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// The scope hierarchy (subscriptions, management groups, resource groups) and role
// assignments in SQLite; the Store methods of the same names forward here. Thread-safe.
class SqlScopeStore {
 public:
  explicit SqlScopeStore(SqlConnectionPool& pool) : pool_(pool) {}

  Result<void> CreateSubscription(const Subscription& subscription);
  Result<std::vector<Subscription>> ListSubscriptions(const Guid& tenant_id);
  Result<std::optional<Subscription>> FindSubscription(const Guid& subscription_id);
  Result<void> CreateManagementGroup(const ManagementGroup& group);
  Result<std::vector<ManagementGroup>> ListManagementGroups(const Guid& tenant_id);
  Result<void> UpdateManagementGroup(const ManagementGroup& group);
  Result<void> DeleteManagementGroup(const Guid& tenant_id, const std::string& group_id,
                                     const PrincipalKey& actor, Timestamp now);
  Result<void> UpdateSubscription(const Subscription& subscription, const PrincipalKey& actor,
                                  Timestamp now);
  Result<void> MigrateSubscriptionToAzurePlan(const Guid& subscription_id,
                                              const PrincipalKey& actor, Timestamp now);
  Result<void> MoveSubscription(const Guid& subscription_id, const std::string& parent_group_id,
                                const PrincipalKey& actor, Timestamp now);
  Result<void> CreateResourceGroup(const ResourceGroup& group);
  Result<std::vector<ResourceGroup>> ListResourceGroups(const Guid& subscription_id);
  Result<void> UpdateResourceGroupTags(const Guid& subscription_id, const std::string& name,
                                       const std::string& tags_json);
  Result<void> DeleteResourceGroup(const Guid& subscription_id, const std::string& name,
                                   const PrincipalKey& actor, Timestamp now);
  Result<void> CreateRoleAssignment(const RoleAssignment& assignment);
  Result<void> DeleteRoleAssignment(const Guid& name, const PrincipalKey& actor, Timestamp now);
  Result<std::optional<RoleAssignment>> FindRoleAssignment(const Guid& name);
  Result<std::vector<RoleAssignment>> ListRoleAssignments(
      const std::optional<Guid>& subscription_id);
  Result<void> UpdateRoleAssignment(const RoleAssignment& assignment);
  Result<std::vector<RoleAssignment>> ListRoleAssignmentsOfPrincipal(const PrincipalKey& principal);
  Result<std::vector<RoleAssignment>> ListRoleAssignmentsInTenant(const Guid& tenant_id);
  Result<void> CreateResource(const Resource& resource);
  Result<std::optional<Resource>> FindResource(const ResourceId& id);
  Result<std::vector<Resource>> ListResources(const Guid& subscription_id);

 private:
  SqlConnectionPool& pool_;
};

}  // namespace pal::store
