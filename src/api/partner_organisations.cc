#include "api/partner_organisations.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace pal::api {

Result<std::vector<CallerOrganisation>> CallerOrganisations(
    store::Store& store, const identity::CallerIdentity& caller) {
  auto roles =
      store.partner_roles().ListPartnerRolesOfPrincipal({caller.tenant_id, caller.object_id});
  if (!roles.ok()) return roles.error();
  std::vector<CallerOrganisation> out;
  if (roles->empty()) return out;
  PAL_ASSIGN_OR_RETURN(auto registry, store.partners().ListPartners());
  std::map<std::string, std::vector<PartnerRole>> by_organisation;
  for (const auto& r : *roles) by_organisation[r.organisation_id].push_back(r.role);
  for (auto& [organisation, held] : by_organisation) {
    CallerOrganisation o;
    o.organisation_id = organisation;
    std::optional<Guid> home;
    for (const auto& p : registry) {
      if (PartnerOrganisationId(p) != organisation) continue;
      if (p.partner_id == organisation) {
        o.name = p.name;
        o.partner_ids.insert(o.partner_ids.begin(), p.partner_id);
      } else {
        if (o.name.empty()) o.name = p.name;
        o.partner_ids.push_back(p.partner_id);
      }
      if (p.home_tenant_id) home = p.home_tenant_id;
    }
    // A role counts only for a principal of the organisation's home tenant.
    if (!home || *home != caller.tenant_id || o.partner_ids.empty()) continue;
    o.home_tenant_id = *home;
    std::sort(held.begin(), held.end());
    o.roles = held;
    o.access = AccessOfPartnerRoles(held);
    out.push_back(std::move(o));
  }
  return out;
}

Result<CallerOrganisation> ResolveCallerOrganisation(store::Store& store,
                                                     const identity::CallerIdentity& caller,
                                                     const std::optional<std::string>& partner_id,
                                                     std::string_view what_it_shows) {
  PAL_ASSIGN_OR_RETURN(auto organisations, CallerOrganisations(store, caller));
  if (partner_id && !partner_id->empty()) {
    for (const auto& o : organisations) {
      if (std::find(o.partner_ids.begin(), o.partner_ids.end(), *partner_id) != o.partner_ids.end())
        return o;
    }
    return Error::Forbidden("PartnerRoleRequired",
                            fmt::format("You hold no Partner Center role (Admin, Report viewer or "
                                        "Executive report viewer) in the "
                                        "organisation of partner ID '{}'; {}. Roles are given by "
                                        "the organisation's Admin to people of "
                                        "its own tenant; a PAL link does not give one.",
                                        *partner_id, what_it_shows));
  }
  if (organisations.empty()) {
    return Error::Forbidden("PartnerRoleRequired",
                            fmt::format("You hold no Partner Center role (Admin, Report viewer or "
                                        "Executive report viewer) in any partner "
                                        "organisation; {}. Sign in to your partner organisation's "
                                        "own tenant; a PAL link in a customer's "
                                        "tenant does not make you the partner.",
                                        what_it_shows));
  }
  if (organisations.size() > 1) {
    std::string ids;
    for (const auto& o : organisations)
      ids += fmt::format("{}{}", ids.empty() ? "" : ", ", o.organisation_id);
    return Error::InvalidArgument("PartnerIdRequired",
                                  fmt::format("You hold roles in several partner organisations "
                                              "({}); name one with the query parameter "
                                              "'partnerId'.",
                                              ids));
  }
  return organisations.front();
}

}  // namespace pal::api
