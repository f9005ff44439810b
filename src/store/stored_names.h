#pragma once

#include <string_view>

#include "core/power_platform_environment.h"
#include "core/subscription.h"

namespace pal::store {

// The enums the store keeps as their names. Every writer (the API, the admin CLI, the data-set
// import) stores a name it parsed, so these parse; a row edited by hand to another spelling
// reads as the default of its kind (an enabled Azure plan subscription, a Production
// environment) rather than failing every read of its table.
inline SubscriptionOffer StoredOffer(std::string_view name) {
  return ParseSubscriptionOffer(name).value_or(SubscriptionOffer::kAzurePlan);
}
inline SubscriptionState StoredState(std::string_view name) {
  return ParseSubscriptionState(name).value_or(SubscriptionState::kEnabled);
}
inline EnvironmentType StoredEnvironmentType(std::string_view name) {
  return ParseEnvironmentType(name).value_or(EnvironmentType::kProduction);
}

}  // namespace pal::store
