#pragma once

#include <gmock/gmock.h>

#include "store/partner_role_store.h"

namespace pal::testing {

class MockPartnerRoleStore : public store::PartnerRoleStore {
 public:
  MOCK_METHOD(Result<void>, SetPartnerHomeTenant, (const std::string&, const Guid&), (override));
  MOCK_METHOD(Result<void>, AddPartnerRole, (const PartnerRoleAssignment&), (override));
  MOCK_METHOD(Result<void>, RemovePartnerRole,
              (const std::string&, const PrincipalKey&, PartnerRole), (override));
  MOCK_METHOD(Result<std::vector<PartnerRoleAssignment>>, ListPartnerRoles, (const std::string&),
              (override));
  MOCK_METHOD(Result<std::vector<PartnerRoleAssignment>>, ListPartnerRolesOfPrincipal,
              (const PrincipalKey&), (override));
};

}  // namespace pal::testing
