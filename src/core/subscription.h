#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"

namespace pal {

// The agreement a subscription is bought under, as pal records it. Only Enterprise Agreement
// subscriptions carry a Digital Partner of Record.
enum class SubscriptionOffer { kEnterpriseAgreement, kAzurePlan, kCsp, kPayAsYouGo };
inline constexpr std::array<SubscriptionOffer, 4> kSubscriptionOffers = {
    SubscriptionOffer::kEnterpriseAgreement, SubscriptionOffer::kAzurePlan, SubscriptionOffer::kCsp,
    SubscriptionOffer::kPayAsYouGo};

// "EnterpriseAgreement", "AzurePlan", "CSP", "PayAsYouGo".
std::string_view SubscriptionOfferName(SubscriptionOffer offer);
// The offer of exactly that spelling; nullopt for anything else.
std::optional<SubscriptionOffer> ParseSubscriptionOffer(std::string_view text);

// Azure's subscription states. Disabled and Deleted subscriptions earn no attribution.
enum class SubscriptionState { kEnabled, kWarned, kPastDue, kDisabled, kDeleted };
inline constexpr std::array<SubscriptionState, 5> kSubscriptionStates = {
    SubscriptionState::kEnabled, SubscriptionState::kWarned, SubscriptionState::kPastDue,
    SubscriptionState::kDisabled, SubscriptionState::kDeleted};

// "Enabled", "Warned", "PastDue", "Disabled", "Deleted".
std::string_view SubscriptionStateName(SubscriptionState state);
// The state of exactly that spelling; nullopt for anything else.
std::optional<SubscriptionState> ParseSubscriptionState(std::string_view text);
// Disabled or Deleted: usage in it is not attributed.
bool IsInactive(SubscriptionState state);

// An Azure subscription of a customer tenant.
struct Subscription {
  Guid subscription_id;
  Guid tenant_id;
  std::string display_name;
  SubscriptionOffer offer = SubscriptionOffer::kAzurePlan;
  SubscriptionState state = SubscriptionState::kEnabled;
  Timestamp created_at = 0;
  std::optional<std::string> parent_group_id;  // the management group it hangs under
};

}  // namespace pal
