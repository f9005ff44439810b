#include "api/caller_partner.h"

#include <fmt/format.h>

namespace pal::api {

Result<std::string> CallerPartnerId(store::Store& store, const identity::CallerIdentity& caller,
                                    std::string_view what_it_shows) {
  const auto link = store.FindLink({caller.tenant_id, caller.object_id});
  if (!link || link->state != LinkState::kActive) {
    return Error::Forbidden("PartnerLinkRequired",
                            fmt::format("Link your credential to your partner ID first (Link to a partner ID in "
                                        "the portal, or pal managementpartner create); {}.",
                                        what_it_shows));
  }
  return link->partner_id;
}

}  // namespace pal::api
