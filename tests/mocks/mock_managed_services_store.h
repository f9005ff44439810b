#pragma once

#include <gmock/gmock.h>

#include "store/managed_services_store.h"

namespace pal::testing {

class MockManagedServicesStore : public store::ManagedServicesStore {
 public:
  MOCK_METHOD(Result<void>, CreateRegistrationDefinition, (const RegistrationDefinition&),
              (override));
  MOCK_METHOD(Result<std::optional<RegistrationDefinition>>, FindRegistrationDefinition,
              (const Guid&, const Guid&), (override));
  MOCK_METHOD(Result<std::vector<RegistrationDefinition>>, ListRegistrationDefinitions,
              (const Guid&), (override));
  MOCK_METHOD(Result<void>, DeleteRegistrationDefinition, (const Guid&, const Guid&), (override));
  MOCK_METHOD(Result<RegistrationAssignment>, CreateRegistrationAssignment,
              (const RegistrationAssignment&), (override));
  MOCK_METHOD(Result<std::optional<RegistrationAssignment>>, FindRegistrationAssignment,
              (const Guid&, const Guid&), (override));
  MOCK_METHOD(Result<std::vector<RegistrationAssignment>>, ListRegistrationAssignments,
              (const Guid&), (override));
  MOCK_METHOD(Result<std::vector<DelegatedGrant>>, ListDelegatedGrants, (const PrincipalKey&),
              (override));
  MOCK_METHOD(Result<void>, DeleteRegistrationAssignment,
              (const Guid&, const Guid&, const PrincipalKey&), (override));
};

}  // namespace pal::testing
