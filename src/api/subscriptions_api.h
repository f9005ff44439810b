#pragma once

#include <string_view>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "api/subscription_state_guard.h"
#include "api/token_service.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::api {

// The api-versions of Microsoft.Resources subscriptions/tenants pal answers: what
// @azure/arm-resources-subscriptions 3.x (2022-12-01) and older clients send.
inline constexpr std::string_view kSubscriptionsApiVersions =
    "2022-12-01,2021-01-01,2020-01-01,2016-06-01";

// Microsoft.Resources `GET /subscriptions`, `GET /subscriptions/{id}` and `GET /tenants`.
// A caller sees the subscriptions of its own tenant on which it holds any role — at the
// subscription, above it (a management group, the root) or inside it (a resource group or
// resource), as Azure lists them. Anything else is 404 SubscriptionNotFound, whether it
// exists in another tenant or not at all; Deleted subscriptions are never listed. Store calls
// run on `run_blocking`. Thread-safe.
class SubscriptionsApi final : public BlockingArmApi {
 public:
  SubscriptionsApi(store::Store& store, BlockingRunner run_blocking)
      : BlockingArmApi(run_blocking), store_(store), state_guard_(store, run_blocking) {}

  // True for the paths this API answers (after leading slashes are collapsed).
  static bool Serves(std::string_view path);

  // What every request addressed to a subscription passes first, whichever provider serves it
  // (Deleted and invisible ones not found, Disabled ones read-only).
  SubscriptionStateGuard& state_guard() { return state_guard_; }

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;
  HttpResponse Tenants(const HttpRequest& request, const identity::CallerIdentity& caller);

  store::Store& store_;
  SubscriptionStateGuard state_guard_;
};

}  // namespace pal::api
