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

  Result<void> CreateRegistrationDefinition(const RegistrationDefinition& definition);
  Result<std::optional<RegistrationDefinition>> FindRegistrationDefinition(const Guid& id);
  Result<std::vector<RegistrationDefinition>> ListRegistrationDefinitions(const Guid& customer_tenant_id);
  Result<void> DeleteRegistrationDefinition(const Guid& id);
  Result<void> CreateRegistrationAssignment(const RegistrationAssignment& assignment);
  Result<std::optional<RegistrationAssignment>> FindRegistrationAssignment(const Guid& id);
  Result<std::vector<RegistrationAssignment>> ListRegistrationAssignments(const Guid& customer_tenant_id);
  Result<void> DeleteRegistrationAssignment(const Guid& id, const PrincipalKey& actor, Timestamp now);
  Result<std::vector<DelegatedGrant>> ListDelegatedGrants(const PrincipalKey& principal);

 private:
  Result<std::vector<RegistrationDefinition>> QueryDefinitions(std::string_view where, const std::string& value);
  SqlConnectionPool& pool_;
};

}  // namespace pal::store
