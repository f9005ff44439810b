#pragma once

#include <gmock/gmock.h>

#include "store/managed_identity_store.h"

namespace pal::testing {

class MockManagedIdentityStore : public store::ManagedIdentityStore {
 public:
  MOCK_METHOD(Result<void>, AddManagedIdentity, (const PrincipalKey&, const std::string&),
              (override));
  MOCK_METHOD(Result<std::optional<PrincipalKey>>, FindManagedIdentity, (const std::string&),
              (override));
  MOCK_METHOD(Result<bool>, IsManagedIdentity, (const PrincipalKey&), (override));
};

}  // namespace pal::testing
