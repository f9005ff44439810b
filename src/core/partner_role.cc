#include "core/partner_role.h"

#include <fmt/format.h>

#include <array>

#include "core/text.h"

namespace pal {
namespace {

struct RoleNames {
  PartnerRole role;
  std::string_view name, display_name;
};
constexpr std::array<RoleNames, 3> kRoles = {{
    {PartnerRole::kAdmin, "Admin", "Admin"},
    {PartnerRole::kReportViewer, "ReportViewer", "Report viewer"},
    {PartnerRole::kExecutiveReportViewer, "ExecutiveReportViewer", "Executive report viewer"},
}};

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ') out += c;
  }
  return out;
}

}  // namespace

std::string_view PartnerRoleName(PartnerRole role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.name;
  }
  return "";
}

std::string_view PartnerRoleDisplayName(PartnerRole role) {
  for (const auto& r : kRoles) {
    if (r.role == role) return r.display_name;
  }
  return "";
}

std::optional<PartnerRole> ParsePartnerRole(std::string_view text) {
  const std::string compact = WithoutSpaces(text);
  for (const auto& r : kRoles) {
    if (EqualsIgnoreCase(compact, r.name)) return r.role;
  }
  return std::nullopt;
}

std::string PartnerRoleNames() {
  std::string names;
  for (const auto& r : kRoles) names += fmt::format("{}{}", names.empty() ? "" : ", ", r.name);
  return names;
}

PartnerAccess AccessOfPartnerRoles(const std::vector<PartnerRole>& roles) {
  PartnerAccess access;
  for (PartnerRole role : roles) {
    access.read_reports = true;
    if (role == PartnerRole::kAdmin || role == PartnerRole::kExecutiveReportViewer)
      access.read_revenue = true;
    if (role == PartnerRole::kAdmin) access.manage_roles = true;
  }
  return access;
}

Result<void> CheckPartnerRoleHolder(const Partner& partner, const Principal& principal) {
  const std::string organisation = PartnerOrganisationId(partner);
  if (!partner.home_tenant_id) {
    return Error::InvalidArgument(
        "NoPartnerHomeTenant",
        fmt::format("Partner organisation {} ({}) has no home tenant, so nobody can hold its "
                    "roles; set one with "
                    "`pal admin partner update --partner-id {} --tenant-id <tenant>`.",
                    organisation, partner.name, organisation));
  }
  if (principal.tenant_id != *partner.home_tenant_id) {
    return Error::InvalidArgument(
        "PrincipalNotInPartnerTenant",
        fmt::format("Principal {} belongs to tenant {}, not to {}'s home tenant {}: Partner Center "
                    "roles are held "
                    "by the partner's own people.",
                    principal.object_id.ToString(), principal.tenant_id.ToString(), partner.name,
                    partner.home_tenant_id->ToString()));
  }
  if (principal.kind == PrincipalKind::kGuest) {
    return Error::InvalidArgument("GuestCannotHoldPartnerRole",
                                  fmt::format("Principal {} is a guest in {}'s home tenant; "
                                              "Partner Center roles are held by the tenant's own "
                                              "users and service principals.",
                                              principal.object_id.ToString(), partner.name));
  }
  return {};
}

}  // namespace pal
