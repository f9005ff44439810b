#pragma once

#include "core/clock.h"
#include "store/directory_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// The directory (tenants, principals and the principal history) in SQL. Thread-safe.
class SqlDirectoryStore final : public DirectoryStore {
 public:
  // `clock` stamps the history; it and `pool` must outlive the store.
  SqlDirectoryStore(SqlConnectionPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  Result<void> CreateTenant(const Tenant& tenant) override;
  Result<void> CreateTenantWithRootGroup(const Tenant& tenant,
                                         const ManagementGroup& root_group) override;
  Result<std::optional<Tenant>> FindTenant(const Guid& tenant_id) override;
  Result<std::vector<Tenant>> ListTenants() override;
  // Stamps created_at with the store's clock: the principal history starts then.
  Result<void> CreatePrincipal(const Principal& principal) override;
  Result<void> SetPrincipalSecretHash(const PrincipalKey& key, const std::string& secret_hash,
                                      std::optional<Timestamp> expires_at) override;
  Result<void> SetPrincipalSecretHashAndAppId(const PrincipalKey& key,
                                              const std::string& secret_hash,
                                              std::optional<Timestamp> expires_at,
                                              const Guid& app_id) override;
  Result<std::optional<Principal>> FindPrincipal(const PrincipalKey& key) override;
  Result<std::optional<Principal>> FindPrincipalByAppId(const Guid& tenant_id,
                                                        const Guid& app_id) override;
  Result<std::optional<Principal>> FindPrincipalBySignInName(const Guid& tenant_id,
                                                             const std::string& name) override;
  Result<std::vector<Principal>> ListPrincipals(const Guid& tenant_id) override;

 private:
  // Both secret resets: `app_id` set gives the principal that application id as well.
  Result<void> ResetSecret(const PrincipalKey& key, const std::string& secret_hash,
                           std::optional<Timestamp> expires_at, std::optional<Guid> app_id);

  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
