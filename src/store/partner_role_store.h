#pragma once

#include <string>
#include <vector>

#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/partner_role.h"
#include "core/result.h"

namespace pal::store {

// Partner organisations: their home tenants and the roles their principals hold (Partner
// Center's Admin, Report viewer, Executive report viewer). Thread-safe.
class PartnerRoleStore {
 public:
  virtual ~PartnerRoleStore() = default;

  // Sets the home tenant of organisation `organisation_id` (its global account id, or a
  // location id without one) on every registry entry of it, and removes the roles held by
  // principals of any other tenant, atomically. kNotFound PartnerNotFound / TenantNotFound.
  virtual Result<void> SetPartnerHomeTenant(const std::string& organisation_id,
                                            const Guid& tenant_id) = 0;
  // Add stamps granted_at with the store's clock and fails with kConflict PartnerRoleExists;
  // Remove fails with kNotFound PartnerRoleNotFound. Callers check CheckPartnerRoleHolder
  // first.
  virtual Result<void> AddPartnerRole(const PartnerRoleAssignment& assignment) = 0;
  virtual Result<void> RemovePartnerRole(const std::string& organisation_id,
                                         const PrincipalKey& principal, PartnerRole role) = 0;
  // One organisation's roles, by principal then role; every role one principal holds.
  virtual Result<std::vector<PartnerRoleAssignment>> ListPartnerRoles(
      const std::string& organisation_id) = 0;
  virtual Result<std::vector<PartnerRoleAssignment>> ListPartnerRolesOfPrincipal(
      const PrincipalKey& principal) = 0;
};

}  // namespace pal::store
