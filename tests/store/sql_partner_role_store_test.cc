#include <gtest/gtest.h>

#include "store/test_store.h"

namespace pal::store {
namespace {

const Guid kPartnerTenant = *Guid::Parse("3e60a000-0000-4000-8000-000000000003");
const Guid kOtherTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kMia = *Guid::Parse("3e60a000-0000-4000-8000-0000000000b2");
const Guid kBob = *Guid::Parse("3e60a000-0000-4000-8000-0000000000b3");
const Guid kCarol = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2");

class PartnerRoleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database_.ok()) << database_.error();
    auto opened = database_.OpenStore(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->directory().CreateTenant({kPartnerTenant, "Mekorma", 1}).ok());
    ASSERT_TRUE(store_->directory().CreateTenant({kOtherTenant, "Contoso", 1}).ok());
    for (const auto& [tenant, id, name] :
         {std::tuple{kPartnerTenant, kMia, "mia@mekorma.example"},
          std::tuple{kPartnerTenant, kBob, "bob@mekorma.example"},
          std::tuple{kOtherTenant, kCarol, "carol@contoso.example"}}) {
      ASSERT_TRUE(store_->directory()
                      .CreatePrincipal({tenant, id, PrincipalKind::kUser, name, std::nullopt, "!",
                                        1, std::nullopt})
                      .ok());
    }
    Partner global{
        "4960815", "Mekorma",     PartnerIdKind::kGlobal, std::nullopt, PartnerStatus::kActive,
        1,         kPartnerTenant};
    Partner location{
        "719878", "Mekorma",     PartnerIdKind::kLocation, "4960815", PartnerStatus::kActive,
        1,        kPartnerTenant};
    ASSERT_TRUE(store_->partners().AddPartner(global).ok());
    ASSERT_TRUE(store_->partners().AddPartner(location).ok());
  }

  PartnerRoleAssignment Role(const Guid& tenant, const Guid& who, PartnerRole role) {
    PartnerRoleAssignment a;
    a.organisation_id = "4960815";
    a.principal = {tenant, who};
    a.role = role;
    a.granted_by = {kPartnerTenant, kMia};
    return a;
  }

  TestDatabase database_;
  FixedClock clock_{1'700'000'000LL * kMicrosPerSecond};
  std::unique_ptr<Store> store_;
};

TEST_F(PartnerRoleStoreTest, HomeTenantIsStoredAndRead) {
  auto found = store_->partners().FindPartner("719878");
  ASSERT_TRUE(found.ok() && found->has_value());
  ASSERT_TRUE((*found)->home_tenant_id.has_value());
  EXPECT_EQ(*(*found)->home_tenant_id, kPartnerTenant);
  EXPECT_EQ(PartnerOrganisationId(**found), "4960815");
}

TEST_F(PartnerRoleStoreTest, RolesAreAddedStampedListedAndRemoved) {
  ASSERT_TRUE(
      store_->partner_roles().AddPartnerRole(Role(kPartnerTenant, kMia, PartnerRole::kAdmin)).ok());
  ASSERT_TRUE(store_->partner_roles()
                  .AddPartnerRole(Role(kPartnerTenant, kBob, PartnerRole::kReportViewer))
                  .ok());
  auto again = store_->partner_roles().AddPartnerRole(
      Role(kPartnerTenant, kBob, PartnerRole::kReportViewer));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "PartnerRoleExists");

  auto roles = store_->partner_roles().ListPartnerRoles("4960815");
  ASSERT_TRUE(roles.ok());
  ASSERT_EQ(roles->size(), 2u);
  for (const auto& r : *roles) EXPECT_EQ(r.granted_at, clock_.Now()) << "the store stamps the time";
  auto bobs = store_->partner_roles().ListPartnerRolesOfPrincipal({kPartnerTenant, kBob});
  ASSERT_TRUE(bobs.ok());
  ASSERT_EQ(bobs->size(), 1u);
  EXPECT_EQ(bobs->front().role, PartnerRole::kReportViewer);
  EXPECT_EQ(bobs->front().granted_by.object_id, kMia);

  ASSERT_TRUE(store_->partner_roles()
                  .RemovePartnerRole("4960815", {kPartnerTenant, kBob}, PartnerRole::kReportViewer)
                  .ok());
  auto missing = store_->partner_roles().RemovePartnerRole("4960815", {kPartnerTenant, kBob},
                                                           PartnerRole::kReportViewer);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "PartnerRoleNotFound");
  EXPECT_TRUE(store_->partner_roles().ListPartnerRolesOfPrincipal({kPartnerTenant, kBob})->empty());
}

TEST_F(PartnerRoleStoreTest, MovingTheHomeTenantEndsRolesHeldInTheOldOne) {
  ASSERT_TRUE(
      store_->partner_roles().AddPartnerRole(Role(kPartnerTenant, kMia, PartnerRole::kAdmin)).ok());
  ASSERT_TRUE(store_->partner_roles()
                  .AddPartnerRole(Role(kOtherTenant, kCarol, PartnerRole::kReportViewer))
                  .ok());
  ASSERT_TRUE(store_->partner_roles().SetPartnerHomeTenant("4960815", kOtherTenant).ok());
  for (const char* id : {"4960815", "719878"}) {
    auto p = store_->partners().FindPartner(id);
    ASSERT_TRUE(p.ok() && p->has_value());
    EXPECT_EQ((*p)->home_tenant_id, kOtherTenant) << id << ": every entry of the organisation";
  }
  auto roles = store_->partner_roles().ListPartnerRoles("4960815");
  ASSERT_TRUE(roles.ok());
  ASSERT_EQ(roles->size(), 1u);
  EXPECT_EQ(roles->front().principal.object_id, kCarol);
}

TEST_F(PartnerRoleStoreTest, HomeTenantOfUnknownPartnerOrTenantIsRefusedAndChangesNothing) {
  auto unknown = store_->partner_roles().SetPartnerHomeTenant("999", kOtherTenant);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "PartnerNotFound");
  auto nowhere = store_->partner_roles().SetPartnerHomeTenant(
      "4960815", *Guid::Parse("00000000-0000-4000-8000-0000000000ff"));
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, "TenantNotFound");
  auto p = store_->partners().FindPartner("4960815");
  ASSERT_TRUE(p.ok() && p->has_value());
  EXPECT_EQ((*p)->home_tenant_id, kPartnerTenant);
}

TEST_F(PartnerRoleStoreTest, DatasetCarriesTheHomeTenant) {
  auto exported = store_->dataset().ExportDataset();
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  bool seen = false;
  for (const auto& p : exported->partners) {
    if (p.partner_id == "719878") {
      seen = true;
      EXPECT_EQ(p.home_tenant_id, kPartnerTenant);
    }
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace pal::store
