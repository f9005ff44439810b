#pragma once

#include "core/clock.h"
#include "store/credential_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Service principals' certificates and federated credentials in SQL (tables
// principal_certificates and federated_credentials). Thread-safe.
class SqlCredentialStore final : public CredentialStore {
 public:
  // `clock` stamps what is added; it and `pool` must outlive the store.
  SqlCredentialStore(SqlConnectionPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  Result<void> AddCertificate(const CertificateCredential& certificate) override;
  Result<std::vector<CertificateCredential>> ListCertificates(
      const PrincipalKey& principal) override;
  Result<void> RemoveCertificate(const PrincipalKey& principal, const Guid& key_id) override;
  Result<void> AddFederatedCredential(const FederatedCredential& credential) override;
  Result<std::vector<FederatedCredential>> ListFederatedCredentials(
      const PrincipalKey& principal) override;
  Result<void> RemoveFederatedCredential(const PrincipalKey& principal,
                                         const std::string& name) override;

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
