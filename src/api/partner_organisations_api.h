#pragma once

#include <string_view>
#include <vector>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "api/partner_organisations.h"
#include "core/result.h"
#include "store/store.h"

namespace pal::api {

// The caller's partner organisations, and the Admin's management of who holds the
// organisation's Partner Center roles (docs/api.md), under Pal.Insights (api-version
// kInsightsApiVersion):
//   GET /providers/Pal.Insights/organizations (the caller's organisations and roles)
//   GET /providers/Pal.Insights/organizations/{org}
//   GET /providers/Pal.Insights/organizations/{org}/members (Admin)
//   GET | PUT | DELETE /providers/Pal.Insights/organizations/{org}/members/{objectId} (Admin)
// Another organisation answers as one that does not exist. Thread-safe.
class PartnerOrganisationsApi final {
 public:
  explicit PartnerOrganisationsApi(store::Store& store) : store_(store) {}

  // Registers the resources above and the 404 InvalidResourceType of any other path under
  // .../organizations (family kInsights).
  void AddRoutes(ArmRouter& router);

 private:
  Result<HttpResponse> ListOrganisations(const ArmCall& call);
  Result<HttpResponse> GetOrganisation(const ArmCall& call);
  Result<HttpResponse> ListMembers(const ArmCall& call);
  Result<HttpResponse> GetMember(const ArmCall& call);
  Result<HttpResponse> PutMember(const ArmCall& call);
  Result<HttpResponse> DeleteMember(const ArmCall& call);
  // The route's {organisation} as the caller sees it.
  Result<CallerOrganisation> OrganisationOf(const ArmCall& call);
  // The route's {organisation}, once the caller is one of its Admins.
  Result<CallerOrganisation> AdminOrganisationOf(const ArmCall& call);
  // The route's {member}: a principal of the organisation's home tenant (404 otherwise).
  Result<Principal> MemberOf(const ArmCall& call, const CallerOrganisation& organisation);
  // What the member operations start from: the organisation (its Admin calling), the member the
  // path names, the organisation's role assignments and those the member holds.
  struct MemberRoles {
    CallerOrganisation organisation;
    Principal principal;
    std::vector<PartnerRoleAssignment> all;
    std::vector<PartnerRole> held;
  };
  Result<MemberRoles> MemberRolesOf(const ArmCall& call);
  // Gives `key` exactly the roles `wanted` of those `held` (all of the organisation's
  // assignments in `all`), refusing to take the organisation's last Admin away.
  Result<void> ChangeRoles(const ArmCall& call, const CallerOrganisation& organisation,
                           const PrincipalKey& key, const std::vector<PartnerRoleAssignment>& all,
                           const std::vector<PartnerRole>& held,
                           const std::vector<PartnerRole>& wanted);

  store::Store& store_;
};

}  // namespace pal::api
