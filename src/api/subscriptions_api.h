#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "api/subscription_state_guard.h"
#include "api/token_service.h"
#include "core/result.h"
#include "store/store.h"

namespace pal::api {

// The api-versions of Microsoft.Resources subscriptions/tenants pal answers: what
// @azure/arm-resources-subscriptions 3.x (2022-12-01), Debian's Azure CLI 2.45 (2019-11-01)
// and older clients send.
inline constexpr std::string_view kSubscriptionsApiVersions =
    "2022-12-01,2021-01-01,2020-01-01,2019-11-01,2016-06-01";

// Microsoft.Resources `GET /subscriptions`, `GET /subscriptions/{id}` and `GET /tenants`.
// A caller sees the subscriptions of its own tenant on which it holds any role — at the
// subscription, above it (a management group, the root) or inside it (a resource group or
// resource), as Azure lists them, and the customers' subscriptions delegated to it through
// Azure Lighthouse. Anything else is 404 SubscriptionNotFound, whether it exists in another
// tenant or not at all; Deleted subscriptions are never listed. Thread-safe.
class SubscriptionsApi final {
 public:
  SubscriptionsApi(store::Store& store, BlockingRunner run_blocking)
      : store_(store), state_guard_(store, std::move(run_blocking)) {}

  // Registers the subscriptions and tenants resources (family kSubscriptions).
  void AddRoutes(ArmRouter& router);

  // What every request addressed to a subscription passes first, whichever provider serves it
  // (Deleted and invisible ones not found, Disabled ones read-only).
  SubscriptionStateGuard& state_guard() { return state_guard_; }

 private:
  Result<HttpResponse> List(const ArmCall& call);
  Result<HttpResponse> Get(const ArmCall& call);
  Result<HttpResponse> Tenants(const ArmCall& call);
  // The subscriptions `caller` may see, as ARM renders them, in listing order.
  Result<std::vector<nlohmann::json>> Visible(const identity::CallerIdentity& caller);

  store::Store& store_;
  SubscriptionStateGuard state_guard_;
};

}  // namespace pal::api
