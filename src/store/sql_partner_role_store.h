#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/partner_role.h"
#include "store/partner_role_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Partner organisations' home tenants and Partner Center roles in SQL. Thread-safe.
class SqlPartnerRoleStore final : public PartnerRoleStore {
 public:
  // `clock` stamps the grants; it and `pool` must outlive the store.
  SqlPartnerRoleStore(SqlConnectionPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  Result<void> SetPartnerHomeTenant(const std::string& organisation_id,
                                    const Guid& tenant_id) override;
  Result<void> AddPartnerRole(const PartnerRoleAssignment& assignment) override;
  Result<void> RemovePartnerRole(const std::string& organisation_id, const PrincipalKey& principal,
                                 PartnerRole role) override;
  Result<std::vector<PartnerRoleAssignment>> ListPartnerRoles(
      const std::string& organisation_id) override;
  Result<std::vector<PartnerRoleAssignment>> ListPartnerRolesOfPrincipal(
      const PrincipalKey& principal) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
