#pragma once

#include <gmock/gmock.h>

#include "store/scope_store.h"

namespace pal::testing {

class MockScopeStore : public store::ScopeStore {
 public:
  MOCK_METHOD(Result<void>, CreateSubscription, (const Subscription&), (override));
  MOCK_METHOD(Result<std::vector<Subscription>>, ListSubscriptions, (const Guid&), (override));
  MOCK_METHOD(Result<std::optional<Subscription>>, FindSubscription, (const Guid&), (override));
  MOCK_METHOD(Result<void>, UpdateSubscription, (const Subscription&, const PrincipalKey&),
              (override));
  MOCK_METHOD(Result<void>, MigrateSubscriptionToAzurePlan, (const Guid&, const PrincipalKey&),
              (override));
  MOCK_METHOD(Result<void>, MoveSubscription,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, CreateManagementGroup, (const ManagementGroup&), (override));
  MOCK_METHOD(Result<std::vector<ManagementGroup>>, ListManagementGroups, (const Guid&),
              (override));
  MOCK_METHOD(Result<void>, UpdateManagementGroup, (const ManagementGroup&), (override));
  MOCK_METHOD(Result<void>, DeleteManagementGroup,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
};

}  // namespace pal::testing
