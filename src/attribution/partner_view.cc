#include "attribution/partner_view.h"

#include <algorithm>

namespace pal::attribution {
namespace {

void UsePartnerMessages(std::vector<ExplainedReason>& reasons) {
  for (auto& r : reasons) {
    if (!r.partner_message.empty()) r.message = std::move(r.partner_message);
    r.partner_message.clear();
  }
}

}  // namespace

void RestrictToPartnerView(Explanation& explanation) {
  auto& subs = explanation.subscriptions;
  std::erase_if(subs, [](const SubscriptionExplanation& s) { return !s.partner_connected; });
  for (auto& s : subs) {
    s.usage_rows = 0;
    s.usage_cost.clear();
    UsePartnerMessages(s.reasons);
  }
}

void RestrictToPartnerView(PowerPlatformExplanation& explanation) {
  const std::string& partner = explanation.partner_id;
  auto& resources = explanation.resources;
  std::erase_if(resources, [&](const PowerPlatformResourceExplanation& r) {
    const bool credited = r.credited_partner_id == partner;
    const bool linked_user =
        std::any_of(r.users.begin(), r.users.end(),
                    [&](const ExplainedPowerPlatformUser& u) { return u.partner_id == partner; });
    return !credited && !linked_user;
  });
  for (auto& r : resources) {
    std::erase_if(r.users,
                  [&](const ExplainedPowerPlatformUser& u) { return u.partner_id != partner; });
    if (r.credited_partner_id != partner) {
      r.credited_partner_id.clear();
      r.credited_partner_name.clear();
      r.credited_through.clear();
      r.value = 0;
      r.value_day.reset();
    }
    UsePartnerMessages(r.reasons);
  }
}

bool PartnerViewIsEmpty(const Explanation& azure, const PowerPlatformExplanation* power_platform) {
  return azure.subscriptions.empty() && (!power_platform || power_platform->resources.empty());
}

}  // namespace pal::attribution
