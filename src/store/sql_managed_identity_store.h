#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "store/managed_identity_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Managed identities in SQL (table managed_identities). Thread-safe.
class SqlManagedIdentityStore final : public ManagedIdentityStore {
 public:
  // `clock` stamps created_at; it and `pool` must outlive the store.
  SqlManagedIdentityStore(SqlConnectionPool& pool, const Clock& clock)
      : pool_(pool), clock_(clock) {}

  Result<void> AddManagedIdentity(const PrincipalKey& key,
                                  const std::string& endpoint_secret_hash) override;
  Result<std::optional<PrincipalKey>> FindManagedIdentity(
      const std::string& endpoint_secret_hash) override;
  Result<bool> IsManagedIdentity(const PrincipalKey& key) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
