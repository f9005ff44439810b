#pragma once

#include <string>
#include <vector>

#include "core/partner_role.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Partner organisations' home tenants and Partner Center roles; the Store methods of the same
// names forward here. Thread-safe.
class SqlPartnerRoleStore {
 public:
  explicit SqlPartnerRoleStore(SqlConnectionPool& pool) : pool_(pool) {}

  Result<void> SetPartnerHomeTenant(const std::string& organisation_id, const Guid& tenant_id);
  Result<void> AddPartnerRole(const PartnerRoleAssignment& assignment);
  Result<void> RemovePartnerRole(const std::string& organisation_id, const PrincipalKey& principal,
                                 PartnerRole role);
  Result<std::vector<PartnerRoleAssignment>> ListPartnerRoles(const std::string& organisation_id);
  Result<std::vector<PartnerRoleAssignment>> ListPartnerRolesOfPrincipal(
      const PrincipalKey& principal);

 private:
  SqlConnectionPool& pool_;
};

}  // namespace pal::store
