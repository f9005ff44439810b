#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/partner_role.h"
#include "core/result.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::api {

// A partner organisation as one caller sees it: the organisation (named by its global account
// id), its registry entries, and the Partner Center roles the caller holds in it.
struct CallerOrganisation {
  std::string organisation_id;
  std::string name;
  Guid home_tenant_id;
  std::vector<std::string>
      partner_ids;  // every registry id of the organisation, the global one first
  std::vector<PartnerRole> roles;
  PartnerAccess access;
};

// The organisations in which the caller holds a role, as a principal of the organisation's
// home tenant. A PAL link counts for nothing here: it is a claim a customer-side credential
// makes, not an identity of the partner.
Result<std::vector<CallerOrganisation>> CallerOrganisations(store::Store& store,
                                                            const identity::CallerIdentity& caller);

// The organisation a partner-side view is asked for: the one `partner_id` (a location or the
// global account id) belongs to, or without one the caller's only organisation. 403
// PartnerRoleRequired when the caller holds no role there, answered the same whether the id
// exists or not; 400 PartnerIdRequired when the caller has several and named none.
// `what_it_shows` ends the 403's message ("insights show what the partner is credited for").
Result<CallerOrganisation> ResolveCallerOrganisation(store::Store& store,
                                                     const identity::CallerIdentity& caller,
                                                     const std::optional<std::string>& partner_id,
                                                     std::string_view what_it_shows);

}  // namespace pal::api
