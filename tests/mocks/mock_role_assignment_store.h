#pragma once

#include <gmock/gmock.h>

#include "store/role_assignment_store.h"

namespace pal::testing {

class MockRoleAssignmentStore : public store::RoleAssignmentStore {
 public:
  MOCK_METHOD(Result<RoleAssignment>, CreateRoleAssignment, (const RoleAssignment&), (override));
  MOCK_METHOD(Result<void>, DeleteRoleAssignment, (const Guid&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::optional<RoleAssignment>>, FindRoleAssignment, (const Guid&), (override));
  MOCK_METHOD(Result<std::vector<RoleAssignment>>, ListRoleAssignments,
              (const std::optional<Guid>&), (override));
  MOCK_METHOD(Result<void>, UpdateRoleAssignment, (const RoleAssignment&), (override));
  MOCK_METHOD(Result<std::vector<RoleAssignment>>, ListRoleAssignmentsOfPrincipal,
              (const PrincipalKey&), (override));
  MOCK_METHOD(Result<std::vector<RoleAssignment>>, ListRoleAssignmentsInTenant, (const Guid&),
              (override));
};

}  // namespace pal::testing
