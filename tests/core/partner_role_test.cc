#include "core/partner_role.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

const Guid kHome = *Guid::Parse("3e60a000-0000-4000-8000-000000000003");
const Guid kCustomer = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");

TEST(PartnerRole, ParsesBothSpellingsAndNothingElse) {
  EXPECT_EQ(ParsePartnerRole("Admin"), PartnerRole::kAdmin);
  EXPECT_EQ(ParsePartnerRole("report viewer"), PartnerRole::kReportViewer);
  EXPECT_EQ(ParsePartnerRole("ReportViewer"), PartnerRole::kReportViewer);
  EXPECT_EQ(ParsePartnerRole("Executive report viewer"), PartnerRole::kExecutiveReportViewer);
  EXPECT_EQ(ParsePartnerRole("EXECUTIVEREPORTVIEWER"), PartnerRole::kExecutiveReportViewer);
  EXPECT_FALSE(ParsePartnerRole("Owner"));
  EXPECT_FALSE(ParsePartnerRole(""));
  EXPECT_EQ(PartnerRoleDisplayName(PartnerRole::kExecutiveReportViewer), "Executive report viewer");
}

TEST(PartnerRole, RevenueIsForAdminAndExecutiveOnlyAndRolesForAdminOnly) {
  const auto none = AccessOfPartnerRoles({});
  EXPECT_FALSE(none.read_reports || none.read_revenue || none.manage_roles);
  const auto viewer = AccessOfPartnerRoles({PartnerRole::kReportViewer});
  EXPECT_TRUE(viewer.read_reports);
  EXPECT_FALSE(viewer.read_revenue);
  EXPECT_FALSE(viewer.manage_roles);
  const auto executive = AccessOfPartnerRoles({PartnerRole::kExecutiveReportViewer});
  EXPECT_TRUE(executive.read_revenue);
  EXPECT_FALSE(executive.manage_roles);
  const auto admin = AccessOfPartnerRoles({PartnerRole::kReportViewer, PartnerRole::kAdmin});
  EXPECT_TRUE(admin.read_reports && admin.read_revenue && admin.manage_roles);
}

TEST(PartnerRole, HoldersArePrincipalsOfTheHomeTenantOtherThanGuests) {
  Partner partner{
      "4960815", "Mekorma", PartnerIdKind::kGlobal, std::nullopt, PartnerStatus::kActive, 0, kHome};
  Principal user{kHome, Guid(), PrincipalKind::kUser, "mia@mekorma.example", std::nullopt,
                 "",    0,      std::nullopt};
  EXPECT_TRUE(CheckPartnerRoleHolder(partner, user).ok());
  Principal sp = user;
  sp.kind = PrincipalKind::kServicePrincipal;
  EXPECT_TRUE(CheckPartnerRoleHolder(partner, sp).ok());
  Principal guest = user;
  guest.kind = PrincipalKind::kGuest;
  EXPECT_EQ(CheckPartnerRoleHolder(partner, guest).error().code, "GuestCannotHoldPartnerRole");
  Principal customer = user;
  customer.tenant_id = kCustomer;
  EXPECT_EQ(CheckPartnerRoleHolder(partner, customer).error().code, "PrincipalNotInPartnerTenant");
  partner.home_tenant_id.reset();
  const auto none = CheckPartnerRoleHolder(partner, user);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "NoPartnerHomeTenant");
  EXPECT_NE(none.error().message.find("pal admin partner update --partner-id 4960815 --tenant-id"),
            std::string::npos);
}

TEST(PartnerRole, OrganisationIsTheGlobalAccount) {
  Partner location{"719878", "Mekorma", PartnerIdKind::kLocation, "4960815", PartnerStatus::kActive,
                   0};
  EXPECT_EQ(PartnerOrganisationId(location), "4960815");
  location.global_id.reset();
  EXPECT_EQ(PartnerOrganisationId(location), "719878");
  Partner global{"4960815", "Mekorma", PartnerIdKind::kGlobal, std::nullopt, PartnerStatus::kActive,
                 0};
  EXPECT_EQ(PartnerOrganisationId(global), "4960815");
}

}  // namespace
}  // namespace pal
