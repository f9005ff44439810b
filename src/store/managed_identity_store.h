#pragma once

#include <optional>
#include <string>

#include "core/management_partner_link.h"
#include "core/result.h"

namespace pal::store {

// Managed identities: service principals whose tokens are asked for at pal's managed identity
// endpoint (api/managed_identity_endpoint.h) by the processes that hold the identity's endpoint
// secret, instead of with a client secret. Only a SHA-256 hash of that secret is kept.
// Thread-safe; reads see writes made by other processes.
class ManagedIdentityStore {
 public:
  virtual ~ManagedIdentityStore() = default;

  // Makes service principal `key` a managed identity whose endpoint secret hashes to
  // `endpoint_secret_hash` (lowercase hex SHA-256), stamped with the store's clock. kNotFound
  // PrincipalNotFound if there is no such principal; kInvalidArgument NotAServicePrincipal for a
  // user or guest; kConflict ManagedIdentityExists if it is one already.
  virtual Result<void> AddManagedIdentity(const PrincipalKey& key,
                                          const std::string& endpoint_secret_hash) = 0;
  // The managed identity whose endpoint secret hashes to `endpoint_secret_hash`; nullopt if none.
  virtual Result<std::optional<PrincipalKey>> FindManagedIdentity(
      const std::string& endpoint_secret_hash) = 0;
  // Whether `key` is a managed identity.
  virtual Result<bool> IsManagedIdentity(const PrincipalKey& key) = 0;
};

}  // namespace pal::store
