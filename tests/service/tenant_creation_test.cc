#include "service/tenant_creation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/store_of_mocks.h"
#include "store/test_store.h"

namespace pal::service {
namespace {

using ::testing::_;
using ::testing::Return;

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");

TEST(TenantCreationTest, AsksTheStoreForTheTenantAndItsRootGroupInOneCall) {
  testing::StoreOfMocks store;
  const Tenant tenant{kTenant, "Contoso", 42};
  EXPECT_CALL(store.directory_mock, CreateTenant(_)).Times(0);
  EXPECT_CALL(store.scopes_mock, CreateManagementGroup(_)).Times(0);
  EXPECT_CALL(store.directory_mock, CreateTenantWithRootGroup(_, _))
      .WillOnce([&](const Tenant& t, const ManagementGroup& root) -> Result<void> {
        EXPECT_EQ(t.id, kTenant);
        EXPECT_EQ(root.group_id, kTenant.ToString());
        EXPECT_EQ(root.tenant_id, kTenant);
        EXPECT_EQ(root.display_name, "Tenant Root Group");
        EXPECT_EQ(root.parent_id, std::nullopt);
        EXPECT_EQ(root.created_at, 42);
        return {};
      });
  EXPECT_TRUE(CreateTenantWithRootGroup(store.directory(), tenant).ok());
}

TEST(TenantCreationTest, TheStoresRefusalIsTheAnswer) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.directory_mock, CreateTenantWithRootGroup(_, _))
      .WillOnce(Return(Result<void>(Error::Conflict("Conflict", "exists"))));
  auto created = CreateTenantWithRootGroup(store.directory(), {kTenant, "Contoso", 0});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().kind, ErrorKind::kConflict);
}

TEST(TenantCreationTest, TheStoreHoldsBothOrNeither) {
  FixedClock clock{1};
  store::TestStore store;
  ASSERT_TRUE(store.Open(clock));
  ASSERT_TRUE(CreateTenantWithRootGroup(store->directory(), {kTenant, "Contoso", 7}).ok());
  auto groups = store->scopes().ListManagementGroups(kTenant);
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].group_id, kTenant.ToString());
  EXPECT_EQ((*groups)[0].display_name, kTenantRootGroupDisplayName);
  EXPECT_FALSE((*groups)[0].parent_id);

  // Again: the tenant exists, nothing more is written.
  auto again = CreateTenantWithRootGroup(store->directory(), {kTenant, "Other name", 8});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(store->scopes().ListManagementGroups(kTenant)->size(), 1u);
  EXPECT_EQ(store->directory().FindTenant(kTenant)->value().name, "Contoso");

  // A root group the store cannot write (of a tenant that does not exist) rolls the tenant back.
  const Guid other = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
  const Guid missing = *Guid::Parse("00000000-0000-4000-8000-00000000dead");
  EXPECT_FALSE(store->directory()
                   .CreateTenantWithRootGroup({other, "Fabrikam", 0}, TenantRootGroup(missing, 0))
                   .ok());
  EXPECT_FALSE(store->directory().FindTenant(other)->has_value());
}

}  // namespace
}  // namespace pal::service
