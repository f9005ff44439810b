#pragma once

#include <gmock/gmock.h>

#include "store/credential_store.h"

namespace pal::testing {

class MockCredentialStore : public store::CredentialStore {
 public:
  MOCK_METHOD(Result<void>, AddCertificate, (const CertificateCredential&), (override));
  MOCK_METHOD(Result<std::vector<CertificateCredential>>, ListCertificates, (const PrincipalKey&),
              (override));
  MOCK_METHOD(Result<void>, RemoveCertificate, (const PrincipalKey&, const Guid&), (override));
  MOCK_METHOD(Result<void>, AddFederatedCredential, (const FederatedCredential&), (override));
  MOCK_METHOD(Result<std::vector<FederatedCredential>>, ListFederatedCredentials,
              (const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, RemoveFederatedCredential, (const PrincipalKey&, const std::string&),
              (override));
};

}  // namespace pal::testing
