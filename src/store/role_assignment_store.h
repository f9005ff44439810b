#pragma once

#include <optional>
#include <vector>

#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/result.h"
#include "core/role_assignment.h"

namespace pal::store {

// Azure role assignments at any scope, with their history. Thread-safe; reads see writes
// made by other processes.
class RoleAssignmentStore {
 public:
  virtual ~RoleAssignmentStore() = default;

  // Create fails with kConflict ("RoleAssignmentExists") for the same (scope, role,
  // principal) or the same name; Delete with kNotFound. Both append to the history with
  // `actor`, atomically with the change, durably before returning.
  // Create stamps created_at (and updated_at) with the store's clock and returns the
  // assignment as stored.
  virtual Result<RoleAssignment> CreateRoleAssignment(const RoleAssignment& assignment) = 0;
  virtual Result<void> DeleteRoleAssignment(const Guid& name, const PrincipalKey& actor) = 0;
  virtual Result<std::optional<RoleAssignment>> FindRoleAssignment(const Guid& name) = 0;
  // Every current assignment whose scope lies in `subscription_id`, or all when nullopt.
  virtual Result<std::vector<RoleAssignment>> ListRoleAssignments(
      const std::optional<Guid>& subscription_id) = 0;
  // Changes only the description and condition fields and the updated stamp; kNotFound if
  // the assignment does not exist. Not a grant change, so no history row.
  virtual Result<void> UpdateRoleAssignment(const RoleAssignment& assignment) = 0;
  // Every current assignment of one principal, or of every principal of one tenant.
  virtual Result<std::vector<RoleAssignment>> ListRoleAssignmentsOfPrincipal(
      const PrincipalKey& principal) = 0;
  virtual Result<std::vector<RoleAssignment>> ListRoleAssignmentsInTenant(
      const Guid& tenant_id) = 0;
};

}  // namespace pal::store
