#pragma once

#include <gmock/gmock.h>

#include "store/directory_store.h"

namespace pal::testing {

class MockDirectoryStore : public store::DirectoryStore {
 public:
  MOCK_METHOD(Result<void>, CreateTenant, (const Tenant&), (override));
  MOCK_METHOD(Result<void>, CreateTenantWithRootGroup, (const Tenant&, const ManagementGroup&),
              (override));
  MOCK_METHOD(Result<std::optional<Tenant>>, FindTenant, (const Guid&), (override));
  MOCK_METHOD(Result<std::vector<Tenant>>, ListTenants, (), (override));
  MOCK_METHOD(Result<void>, CreatePrincipal, (const Principal&), (override));
  MOCK_METHOD(Result<void>, SetPrincipalSecretHash,
              (const PrincipalKey&, const std::string&, std::optional<Timestamp>), (override));
  MOCK_METHOD(Result<void>, SetPrincipalSecretHashAndAppId,
              (const PrincipalKey&, const std::string&, std::optional<Timestamp>, const Guid&),
              (override));
  MOCK_METHOD(Result<std::optional<Principal>>, FindPrincipal, (const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::optional<Principal>>, FindPrincipalByAppId, (const Guid&, const Guid&),
              (override));
  MOCK_METHOD(Result<std::optional<Principal>>, FindPrincipalBySignInName,
              (const Guid&, const std::string&), (override));
  MOCK_METHOD(Result<std::vector<Principal>>, ListPrincipals, (const Guid&), (override));
};

}  // namespace pal::testing
