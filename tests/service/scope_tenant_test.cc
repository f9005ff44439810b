#include "service/scope_tenant.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mocks/store_of_mocks.h"

namespace pal::service {
namespace {

using ::testing::_;
using ::testing::Return;

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kActing = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");

ResourceId Scope(const std::string& text) { return *ResourceId::Parse(text); }
Subscription SubscriptionOf(const Guid& tenant) {
  return {
      kSub, tenant,           "Prod", SubscriptionOffer::kAzurePlan, SubscriptionState::kEnabled,
      0,    tenant.ToString()};
}

TEST(OwningTenantOfTest, AScopeInAnExistingSubscriptionIsItsTenants) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.scopes_mock, FindSubscription(kSub))
      .WillRepeatedly(Return(std::optional<Subscription>(SubscriptionOf(kTenant))));
  const std::string sub = "/subscriptions/" + kSub.ToString();
  for (const std::string& scope : {sub, sub + "/resourceGroups/rg",
                                   sub + "/resourceGroups/rg/providers/Microsoft.Compute/"
                                         "virtualMachines/vm"}) {
    auto tenant = OwningTenantOf(store.scopes(), Scope(scope), kActing);
    ASSERT_TRUE(tenant.ok()) << scope;
    EXPECT_EQ(*tenant, kTenant) << scope;
  }
}

TEST(OwningTenantOfTest, AboveSubscriptionsOrInAMissingOneTheActingTenantDecides) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.scopes_mock, FindSubscription(kSub))
      .WillOnce(Return(std::optional<Subscription>()));
  EXPECT_EQ(*OwningTenantOf(store.scopes(), Scope("/subscriptions/" + kSub.ToString()), kActing),
            kActing);
  EXPECT_EQ(*OwningTenantOf(store.scopes(), Scope("/"), kActing), kActing);
  EXPECT_EQ(*OwningTenantOf(store.scopes(),
                            Scope("/providers/Microsoft.Management/managementGroups/g"), kActing),
            kActing);
}

TEST(OwningTenantOfTest, AStoreFailureIsTheAnswer) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.scopes_mock, FindSubscription(_))
      .WillOnce(Return(Result<std::optional<Subscription>>(Error::Internal("disk"))));
  EXPECT_FALSE(
      OwningTenantOf(store.scopes(), Scope("/subscriptions/" + kSub.ToString()), kActing).ok());
}

TEST(CheckScopeExistsInTenantTest, TheRootSubscriptionsAndTheTenantsGroupsExist) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.scopes_mock, FindSubscription(kSub))
      .WillRepeatedly(Return(std::optional<Subscription>(SubscriptionOf(kTenant))));
  EXPECT_CALL(store.scopes_mock, ListManagementGroups(kTenant))
      .WillRepeatedly(Return(std::vector<ManagementGroup>{
          {kTenant.ToString(), kTenant, "Tenant Root Group", std::nullopt, 0},
          {"Prod", kTenant, "Prod", kTenant.ToString(), 0}}));
  EXPECT_CALL(store.scopes_mock, ListManagementGroups(kActing))
      .WillRepeatedly(Return(std::vector<ManagementGroup>{}));
  EXPECT_TRUE(CheckScopeExistsInTenant(store.scopes(), Scope("/"), kTenant).ok());
  EXPECT_TRUE(
      CheckScopeExistsInTenant(
          store.scopes(), Scope("/subscriptions/" + kSub.ToString() + "/resourceGroups/x"), kTenant)
          .ok());
  const auto prod = Scope("/providers/Microsoft.Management/managementGroups/prod");
  EXPECT_TRUE(CheckScopeExistsInTenant(store.scopes(), prod, kTenant).ok());
  auto elsewhere = CheckScopeExistsInTenant(store.scopes(), prod, kActing);
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().code, "ScopeNotFound");
}

TEST(CheckScopeExistsInTenantTest, AMissingSubscriptionIsNotFound) {
  testing::StoreOfMocks store;
  EXPECT_CALL(store.scopes_mock, FindSubscription(kSub))
      .WillOnce(Return(std::optional<Subscription>()));
  auto missing =
      CheckScopeExistsInTenant(store.scopes(), Scope("/subscriptions/" + kSub.ToString()), kTenant);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ScopeNotFound");
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace pal::service
