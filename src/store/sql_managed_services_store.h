#pragma once

#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/delegation.h"
#include "store/managed_services_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Azure Lighthouse registrations and the delegation history in SQL. Thread-safe.
class SqlManagedServicesStore final : public ManagedServicesStore {
 public:
  // `clock` stamps the history; it and `pool` must outlive the store.
  SqlManagedServicesStore(SqlConnectionPool& pool, const Clock& clock)
      : pool_(pool), clock_(clock) {}

  Result<void> CreateRegistrationDefinition(const RegistrationDefinition& definition) override;
  Result<std::optional<RegistrationDefinition>> FindRegistrationDefinition(
      const Guid& customer_tenant_id, const Guid& id) override;
  Result<std::vector<RegistrationDefinition>> ListRegistrationDefinitions(
      const Guid& customer_tenant_id) override;
  Result<void> DeleteRegistrationDefinition(const Guid& customer_tenant_id,
                                            const Guid& id) override;
  Result<RegistrationAssignment> CreateRegistrationAssignment(
      const RegistrationAssignment& assignment) override;
  Result<std::optional<RegistrationAssignment>> FindRegistrationAssignment(
      const Guid& customer_tenant_id, const Guid& id) override;
  Result<std::vector<RegistrationAssignment>> ListRegistrationAssignments(
      const Guid& customer_tenant_id) override;
  Result<void> DeleteRegistrationAssignment(const Guid& customer_tenant_id, const Guid& id,
                                            const PrincipalKey& actor) override;
  Result<std::vector<DelegatedGrant>> ListDelegatedGrants(const PrincipalKey& principal) override;

 private:
  // The customer tenant's definitions, or only the one of `id`.
  Result<std::vector<RegistrationDefinition>> QueryDefinitions(const Guid& customer_tenant_id,
                                                               const std::optional<Guid>& id);
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
