#pragma once

#include "attribution/attribution_explanation.h"
#include "attribution/power_platform_explanation.h"

namespace pal::attribution {

// What a partner may learn about a customer through `explain` (the partner-side view, the table
// "Who sees what" in docs/operations.md): no more than Partner Center shows it.
//
// Subscriptions: only those the partner is connected to in the month (a grant of a principal
// linked to it reaching the subscription, or its partner of record role); for them the verdict,
// the credits (the partner's own linked principals and grants) and the failed rules, with
// messages that give no amounts of the customer's uncredited usage. The usage totals of a
// subscription are removed (`usage_rows` 0, `usage_cost` empty): only what is credited to the
// partner is counted.
//
// Power Platform: only resources credited to the partner or on which one of its linked users is
// an attributed user; of their users only those linked to the partner; no other partner's id,
// name or user; the value (MAU, profiles) only where credited to the partner.
void RestrictToPartnerView(Explanation& explanation);
void RestrictToPartnerView(PowerPlatformExplanation& explanation);

// Whether a restricted explanation has nothing left to show: the partner is answered then as if
// the tenant did not exist, so that it learns nothing of customers it has no part in.
bool PartnerViewIsEmpty(const Explanation& azure, const PowerPlatformExplanation* power_platform);

}  // namespace pal::attribution
