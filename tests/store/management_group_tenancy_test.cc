#include <gtest/gtest.h>

#include "store/sql_store.h"
#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kContosoSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const PrincipalKey kContosoAdmin{kContoso, *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1")};
const PrincipalKey kFabrikamAdmin{kFabrikam, *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1")};
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");
constexpr char kProdScope[] = "/providers/Microsoft.Management/managementGroups/prod";

// Management group ids are a tenant's own names: another tenant's group of the same id is
// neither a conflict nor touched by anything done to this one.
class ManagementGroupTenancyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    for (const Guid& tenant : {kContoso, kFabrikam}) {
      ASSERT_TRUE(store_->directory()
                      .CreateTenant({tenant, tenant == kContoso ? "Contoso" : "Fabrikam", 0})
                      .ok());
      ASSERT_TRUE(store_->scopes()
                      .CreateManagementGroup(
                          {tenant.ToString(), tenant, "Tenant Root Group", std::nullopt, 0})
                      .ok());
    }
    ASSERT_TRUE(
        store_->scopes()
            .CreateSubscription({kContosoSub, kContoso, "Prod", SubscriptionOffer::kAzurePlan,
                                 SubscriptionState::kEnabled, 0, kContoso.ToString()})
            .ok());
  }
  void TearDown() override { store_.reset(); }

  RoleAssignment ReaderAtProd(std::uint8_t n, const PrincipalKey& principal) {
    RoleAssignment a;
    a.name = Guid::FromRandomBytes({n, 14});
    a.scope = *ResourceId::Parse(kProdScope);
    a.role_definition_id = kReader;
    a.principal = principal;
    a.created_at = clock_.Now();
    a.created_by = principal;
    return a;
  }

  TestDatabase database_;
  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(ManagementGroupTenancyTest, TwoTenantsMayNameAGroupAlike) {
  ASSERT_TRUE(store_->scopes()
                  .CreateManagementGroup({"prod", kContoso, "Contoso prod", kContoso.ToString(), 1})
                  .ok());
  ASSERT_TRUE(
      store_->scopes()
          .CreateManagementGroup({"PROD", kFabrikam, "Fabrikam prod", kFabrikam.ToString(), 1})
          .ok());
  // Even the other tenant's root group id is a free name here.
  ASSERT_TRUE(
      store_->scopes()
          .CreateManagementGroup({kContoso.ToString(), kFabrikam, "x", kFabrikam.ToString(), 1})
          .ok());
  EXPECT_EQ(store_->scopes()
                .CreateManagementGroup({"Prod", kContoso, "again", kContoso.ToString(), 1})
                .error()
                .kind,
            ErrorKind::kConflict);
  ASSERT_EQ(store_->scopes().ListManagementGroups(kContoso)->size(), 2u);
  ASSERT_EQ(store_->scopes().ListManagementGroups(kFabrikam)->size(), 3u);
  // A parent is looked up in the group's own tenant only.
  EXPECT_TRUE(store_->scopes()
                  .CreateManagementGroup({"child", kFabrikam, "c", std::string("prod"), 1})
                  .ok());
  ASSERT_TRUE(store_->scopes()
                  .UpdateManagementGroup({"prod", kContoso, "renamed", kContoso.ToString(), 1})
                  .ok());
  const auto fabrikam_groups = store_->scopes().ListManagementGroups(kFabrikam);
  ASSERT_TRUE(fabrikam_groups.ok());
  for (const auto& g : *fabrikam_groups) EXPECT_NE(g.display_name, "renamed");
}

TEST_F(ManagementGroupTenancyTest, DeletingAGroupLeavesTheOtherTenantsNamesakeAlone) {
  ASSERT_TRUE(store_->scopes()
                  .CreateManagementGroup({"prod", kContoso, "Contoso prod", kContoso.ToString(), 1})
                  .ok());
  ASSERT_TRUE(
      store_->scopes()
          .CreateManagementGroup({"prod", kFabrikam, "Fabrikam prod", kFabrikam.ToString(), 1})
          .ok());
  ASSERT_TRUE(store_->scopes().MoveSubscription(kContosoSub, "prod", kContosoAdmin).ok());
  const RoleAssignment contoso_reader = ReaderAtProd(1, kContosoAdmin);
  const RoleAssignment fabrikam_reader = ReaderAtProd(2, kFabrikamAdmin);
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(contoso_reader).ok());
  ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(fabrikam_reader).ok());

  // Contoso's prod holds a subscription; Fabrikam's is empty and goes.
  EXPECT_EQ(store_->scopes().DeleteManagementGroup(kContoso, "prod", kContosoAdmin).error().code,
            "ManagementGroupHasChildren");
  ASSERT_TRUE(store_->scopes().DeleteManagementGroup(kFabrikam, "prod", kFabrikamAdmin).ok());
  EXPECT_FALSE(store_->role_assignments().FindRoleAssignment(fabrikam_reader.name)->has_value());
  EXPECT_TRUE(store_->role_assignments().FindRoleAssignment(contoso_reader.name)->has_value());
  EXPECT_EQ(store_->scopes().ListManagementGroups(kContoso)->size(), 2u);
  EXPECT_EQ(store_->scopes().ListManagementGroups(kFabrikam)->size(), 1u);
}

}  // namespace
}  // namespace pal::store
