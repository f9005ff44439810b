#pragma once

#include "core/clock.h"
#include "store/role_assignment_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Role assignments and their history in SQL. Thread-safe.
class SqlRoleAssignmentStore final : public RoleAssignmentStore {
 public:
  // `clock` stamps the history; it and `pool` must outlive the store.
  SqlRoleAssignmentStore(SqlConnectionPool& pool, const Clock& clock)
      : pool_(pool), clock_(clock) {}

  Result<RoleAssignment> CreateRoleAssignment(const RoleAssignment& assignment) override;
  Result<void> DeleteRoleAssignment(const Guid& name, const PrincipalKey& actor) override;
  Result<std::optional<RoleAssignment>> FindRoleAssignment(const Guid& name) override;
  Result<std::vector<RoleAssignment>> ListRoleAssignments(
      const std::optional<Guid>& subscription_id) override;
  Result<void> UpdateRoleAssignment(const RoleAssignment& assignment) override;
  Result<std::vector<RoleAssignment>> ListRoleAssignmentsOfPrincipal(
      const PrincipalKey& principal) override;
  Result<std::vector<RoleAssignment>> ListRoleAssignmentsInTenant(const Guid& tenant_id) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
