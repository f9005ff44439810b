#include "service/principal_tenant.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/store_of_mocks.h"

namespace pal::service {
namespace {

using ::testing::_;
using ::testing::Return;

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kUser = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1");

TEST(TenantOfPrincipalTest, TheTenantWhoseDirectoryHoldsThePrincipal) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.directory_mock, ListTenants())
      .WillRepeatedly(Return(std::vector<Tenant>{{kContoso, "Contoso", 0}, {kFabrikam, "F", 0}}));
  Principal user;
  user.tenant_id = kFabrikam;
  user.object_id = kUser;
  EXPECT_CALL(store.directory_mock, FindPrincipal(_))
      .WillRepeatedly(Return(std::optional<Principal>()));
  EXPECT_CALL(store.directory_mock, FindPrincipal(PrincipalKey{kFabrikam, kUser}))
      .WillRepeatedly(Return(std::optional<Principal>(user)));
  EXPECT_EQ(TenantOfPrincipal(store.directory(), kUser)->value(), kFabrikam);
  EXPECT_FALSE(TenantOfPrincipal(store.directory(), kContoso)->has_value());
}

TEST(TenantOfPrincipalTest, AStoreFailureIsTheAnswer) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.directory_mock, ListTenants())
      .WillOnce(Return(Result<std::vector<Tenant>>(Error::Internal("disk"))));
  EXPECT_FALSE(TenantOfPrincipal(store.directory(), kUser).ok());
}

}  // namespace
}  // namespace pal::service
