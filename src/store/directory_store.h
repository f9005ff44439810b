#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/guid.h"
#include "core/management_group.h"
#include "core/management_partner_link.h"
#include "core/principal.h"
#include "core/result.h"
#include "core/tenant.h"

namespace pal::store {

// The directory: tenants and their principals (users, guests, service principals).
// Thread-safe; reads see writes made by other processes.
class DirectoryStore {
 public:
  virtual ~DirectoryStore() = default;

  // Create* fail with kConflict if the key exists, kNotFound if the tenant does not. Find*
  // return nullopt on a miss.
  virtual Result<void> CreateTenant(const Tenant& tenant) = 0;
  // Creates `tenant` and its root management group `root_group` (of the tenant, without a
  // parent) in one transaction: both or neither. kConflict if either exists.
  virtual Result<void> CreateTenantWithRootGroup(const Tenant& tenant,
                                                 const ManagementGroup& root_group) = 0;
  virtual Result<std::optional<Tenant>> FindTenant(const Guid& tenant_id) = 0;
  virtual Result<std::vector<Tenant>> ListTenants() = 0;

  virtual Result<void> CreatePrincipal(const Principal& principal) = 0;
  // Replaces the secret (hash and expiry) of an existing principal; kNotFound if there is none.
  virtual Result<void> SetPrincipalSecretHash(const PrincipalKey& key,
                                              const std::string& secret_hash,
                                              std::optional<Timestamp> expires_at) = 0;
  // The same for a service principal that has no application id yet (one imported from a data
  // set without app_id): also gives it `app_id`, recorded in the same history entry. kNotFound
  // if there is no such principal; kConflict if it already has an app id, is no service
  // principal, or another principal of the tenant has `app_id`.
  virtual Result<void> SetPrincipalSecretHashAndAppId(const PrincipalKey& key,
                                                      const std::string& secret_hash,
                                                      std::optional<Timestamp> expires_at,
                                                      const Guid& app_id) = 0;
  virtual Result<std::optional<Principal>> FindPrincipal(const PrincipalKey& key) = 0;
  virtual Result<std::optional<Principal>> FindPrincipalByAppId(const Guid& tenant_id,
                                                                const Guid& app_id) = 0;
  // Users and guests by sign-in name, case-insensitively.
  virtual Result<std::optional<Principal>> FindPrincipalBySignInName(const Guid& tenant_id,
                                                                     const std::string& name) = 0;
  virtual Result<std::vector<Principal>> ListPrincipals(const Guid& tenant_id) = 0;
};

}  // namespace pal::store
