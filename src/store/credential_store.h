#pragma once

#include <string>
#include <vector>

#include "core/application_credential.h"
#include "core/result.h"

namespace pal::store {

// The certificates and federated identity credentials of service principals (Entra's
// keyCredentials and federatedIdentityCredentials). Thread-safe; reads see writes made by
// other processes (`pal admin` while `pal serve` runs).
class CredentialStore {
 public:
  virtual ~CredentialStore() = default;

  // Registers a certificate (created_at stamped by the store). kNotFound if there is no such
  // service principal; kConflict if it already has a certificate with that SHA-1 thumbprint.
  virtual Result<void> AddCertificate(const CertificateCredential& certificate) = 0;
  // The principal's certificates, oldest first (empty for an unknown principal).
  virtual Result<std::vector<CertificateCredential>> ListCertificates(
      const PrincipalKey& principal) = 0;
  // Removes the certificate `key_id`; kNotFound if the principal has none with that id.
  virtual Result<void> RemoveCertificate(const PrincipalKey& principal, const Guid& key_id) = 0;

  // Adds a federated credential (created_at stamped by the store). kNotFound if there is no
  // such service principal; kConflict if it has one of that name or with the same issuer and
  // subject, or has kMaxFederatedCredentials already (checked in the same transaction).
  virtual Result<void> AddFederatedCredential(const FederatedCredential& credential) = 0;
  // The principal's federated credentials, by name.
  virtual Result<std::vector<FederatedCredential>> ListFederatedCredentials(
      const PrincipalKey& principal) = 0;
  // Removes the one named `name` (exactly); kNotFound if there is none.
  virtual Result<void> RemoveFederatedCredential(const PrincipalKey& principal,
                                                 const std::string& name) = 0;
};

}  // namespace pal::store
