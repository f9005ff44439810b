#include "api/partner_organisations.h"

#include <gtest/gtest.h>

#include "api/partner_organisations_fixture.h"
#include "store/test_store.h"

namespace pal::api {
namespace {

using namespace testing;  // the fixture's ids

using PartnerOrganisationsTest = PartnerOrganisationsFixture;

TEST_F(PartnerOrganisationsTest, ARoleInTheHomeTenantOpensTheOrganisationWithAllItsIds) {
  auto o = ResolveCallerOrganisation(*store_, Caller(kMekorma, kMia), std::nullopt, "x");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->organisation_id, "4960815");
  EXPECT_EQ(o->name, "Mekorma");
  EXPECT_EQ(o->partner_ids, (std::vector<std::string>{"4960815", "719878"}));
  EXPECT_FALSE(o->access.read_revenue);
  auto by_location = ResolveCallerOrganisation(*store_, Caller(kMekorma, kMia), "719878", "x");
  ASSERT_TRUE(by_location.ok());
  EXPECT_EQ(by_location->organisation_id, "4960815");
}

TEST_F(PartnerOrganisationsTest, NoRoleMeansNothingAndForeignIdsAnswerLikeMissingOnes) {
  auto carol = ResolveCallerOrganisation(*store_, Caller(kContoso, kCarol), std::nullopt, "x");
  ASSERT_FALSE(carol.ok());
  EXPECT_EQ(carol.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(carol.error().code, "PartnerRoleRequired");
  auto foreign = ResolveCallerOrganisation(*store_, Caller(kMekorma, kMia), "1234567", "x");
  auto missing = ResolveCallerOrganisation(*store_, Caller(kMekorma, kMia), "7654321", "x");
  ASSERT_FALSE(foreign.ok());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(foreign.error().code, missing.error().code);
  std::string a = foreign.error().message, b = missing.error().message;
  a.replace(a.find("1234567"), 7, "P");
  b.replace(b.find("7654321"), 7, "P");
  EXPECT_EQ(a, b);
}

TEST_F(PartnerOrganisationsTest, ARoleHeldFromAnotherTenantCountsForNothing) {
  // A row naming a Contoso principal (as if the home tenant had been Contoso's once).
  ASSERT_TRUE(store_->partner_roles()
                  .AddPartnerRole(Role("4960815", kContoso, kCarol, PartnerRole::kAdmin))
                  .ok());
  auto carol = CallerOrganisations(*store_, Caller(kContoso, kCarol));
  ASSERT_TRUE(carol.ok());
  EXPECT_TRUE(carol->empty());
}

TEST_F(PartnerOrganisationsTest, SeveralOrganisationsNeedAPartnerId) {
  ASSERT_TRUE(store_->partner_roles()
                  .AddPartnerRole(Role("4960815", kMekorma, kBoth, PartnerRole::kAdmin))
                  .ok());
  ASSERT_TRUE(
      store_->partner_roles()
          .AddPartnerRole(Role("5127255", kMekorma, kBoth, PartnerRole::kExecutiveReportViewer))
          .ok());
  auto all = CallerOrganisations(*store_, Caller(kMekorma, kBoth));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  auto unnamed = ResolveCallerOrganisation(*store_, Caller(kMekorma, kBoth), std::nullopt, "x");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().code, "PartnerIdRequired");
  auto adatum = ResolveCallerOrganisation(*store_, Caller(kMekorma, kBoth), "5127255", "x");
  ASSERT_TRUE(adatum.ok());
  EXPECT_TRUE(adatum->access.read_revenue);
  EXPECT_FALSE(adatum->access.manage_roles);
}

}  // namespace
}  // namespace pal::api
