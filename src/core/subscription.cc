#include "core/subscription.h"

namespace pal {

std::string_view SubscriptionOfferName(SubscriptionOffer offer) {
  switch (offer) {
    case SubscriptionOffer::kEnterpriseAgreement:
      return "EnterpriseAgreement";
    case SubscriptionOffer::kAzurePlan:
      return "AzurePlan";
    case SubscriptionOffer::kCsp:
      return "CSP";
    case SubscriptionOffer::kPayAsYouGo:
      return "PayAsYouGo";
  }
  return "AzurePlan";
}

std::optional<SubscriptionOffer> ParseSubscriptionOffer(std::string_view text) {
  for (SubscriptionOffer offer : kSubscriptionOffers) {
    if (SubscriptionOfferName(offer) == text) return offer;
  }
  return std::nullopt;
}

std::string_view SubscriptionStateName(SubscriptionState state) {
  switch (state) {
    case SubscriptionState::kEnabled:
      return "Enabled";
    case SubscriptionState::kWarned:
      return "Warned";
    case SubscriptionState::kPastDue:
      return "PastDue";
    case SubscriptionState::kDisabled:
      return "Disabled";
    case SubscriptionState::kDeleted:
      return "Deleted";
  }
  return "Enabled";
}

std::optional<SubscriptionState> ParseSubscriptionState(std::string_view text) {
  for (SubscriptionState state : kSubscriptionStates) {
    if (SubscriptionStateName(state) == text) return state;
  }
  return std::nullopt;
}

bool IsInactive(SubscriptionState state) {
  return state == SubscriptionState::kDisabled || state == SubscriptionState::kDeleted;
}

}  // namespace pal
