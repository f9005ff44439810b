#pragma once

#include <optional>
#include <vector>

#include "core/delegation.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Azure Lighthouse registrations in SQLite; the Store methods of the same names forward here.
// Thread-safe.
class SqlDelegationStore {
 public:
  explicit SqlDelegationStore(SqlConnectionPool& pool) : pool_(pool) {}

  // Every registration is found by its customer tenant and id (Store, "Azure Lighthouse").
  Result<void> CreateRegistrationDefinition(const RegistrationDefinition& definition);
  Result<std::optional<RegistrationDefinition>> FindRegistrationDefinition(
      const Guid& customer_tenant_id, const Guid& id);
  Result<std::vector<RegistrationDefinition>> ListRegistrationDefinitions(
      const Guid& customer_tenant_id);
  Result<void> DeleteRegistrationDefinition(const Guid& customer_tenant_id, const Guid& id);
  Result<void> CreateRegistrationAssignment(const RegistrationAssignment& assignment);
  Result<std::optional<RegistrationAssignment>> FindRegistrationAssignment(
      const Guid& customer_tenant_id, const Guid& id);
  Result<std::vector<RegistrationAssignment>> ListRegistrationAssignments(
      const Guid& customer_tenant_id);
  Result<void> DeleteRegistrationAssignment(const Guid& customer_tenant_id, const Guid& id,
                                            const PrincipalKey& actor, Timestamp now);
  Result<std::vector<DelegatedGrant>> ListDelegatedGrants(const PrincipalKey& principal);

 private:
  // The customer tenant's definitions, or only the one of `id`.
  Result<std::vector<RegistrationDefinition>> QueryDefinitions(const Guid& customer_tenant_id,
                                                               const std::optional<Guid>& id);
  SqlConnectionPool& pool_;
};

}  // namespace pal::store
