#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/management_partner_link.h"
#include "core/partner.h"
#include "core/principal.h"
#include "core/result.h"

namespace pal {

// The Partner Center roles pal knows, held by people of a partner organisation's home tenant.
// They, and only they, open the partner-side views (insights, explain, the partner-of-record
// customer list). A PAL link is a customer-side claim and opens nothing.
enum class PartnerRole { kAdmin, kReportViewer, kExecutiveReportViewer };

// "Admin", "ReportViewer", "ExecutiveReportViewer": the API's and the CLI's spelling.
std::string_view PartnerRoleName(PartnerRole role);
// Partner Center's own names: "Admin", "Report viewer", "Executive report viewer".
std::string_view PartnerRoleDisplayName(PartnerRole role);
// Either spelling, case-insensitively, spaces optional. nullopt for anything else.
std::optional<PartnerRole> ParsePartnerRole(std::string_view text);
// "Admin, ReportViewer, ExecutiveReportViewer", for messages.
std::string PartnerRoleNames();

// One role of one principal in one organisation (named by its global account id).
struct PartnerRoleAssignment {
  std::string organisation_id;
  PrincipalKey principal;
  PartnerRole role = PartnerRole::kReportViewer;
  Timestamp granted_at = 0;
  PrincipalKey granted_by;
};

// What a person's roles in one organisation let them do (the table in docs/operations.md):
// every role reads the reports (customers, subscriptions, associations, usage months, MAU);
// revenue (costs) is for Admin and Executive report viewer only, as Partner Center shows
// Azure consumed revenue only to them; only Admin manages the organisation's roles.
struct PartnerAccess {
  bool read_reports = false;
  bool read_revenue = false;
  bool manage_roles = false;
};
PartnerAccess AccessOfPartnerRoles(const std::vector<PartnerRole>& roles);

// Checks that `principal` may hold a role of `organisation` (its registry entry `partner`):
// the organisation must have a home tenant (NoPartnerHomeTenant, saying how to set one) and
// the principal must be a user or service principal of that tenant, not a guest
// (PrincipalNotInPartnerTenant, GuestCannotHoldPartnerRole).
Result<void> CheckPartnerRoleHolder(const Partner& partner, const Principal& principal);

}  // namespace pal
