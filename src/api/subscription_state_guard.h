#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_message.h"
#include "api/token_service.h"
#include "core/result.h"
#include "core/subscription.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::api {

// The subscription id text a request addresses: the segment after a leading
// `/subscriptions/` (anything under a subscription), or after `.../managementGroups/{g}/
// subscriptions/` (a subscription under a management group). Percent escapes are decoded;
// nullopt when the path addresses no subscription (or only the `/subscriptions` collection).
std::optional<std::string> AddressedSubscription(std::string_view path);

// Whether a request would change something stored: every PUT, PATCH, DELETE and POST but the
// POSTs that only check something (validatePartnerId).
bool ChangesState(const HttpRequest& request);

// Azure's subscription states applied to every request that addresses a subscription, before
// any provider sees it, so none can forget them:
// - a subscription the caller cannot see — none with that id, a Deleted one, or one of another
//   tenant that no Lighthouse delegation of the caller reaches — answers exactly as a random id
//   does: 404 SubscriptionNotFound, the same message, the same store work;
// - a Disabled subscription is read-only: a request that ChangesState is 409
//   ReadOnlyDisabledSubscription (Azure's text); reads go on;
// - Enabled, Warned and PastDue subscriptions are not touched.
// Thread-safe.
class SubscriptionStateGuard {
 public:
  SubscriptionStateGuard(store::Store& store, BlockingRunner run_blocking)
      : store_(store), run_blocking_(std::move(run_blocking)) {}

  // Ok to let the request through; else the refusal. Blocks on the store.
  Result<void> Check(const HttpRequest& request, const identity::CallerIdentity& caller);

  // Check on the blocking pool: answers a refusal through `respond`, else calls `proceed` with
  // the request (a copy that lives until it returns) and `respond`. A request that addresses
  // no subscription goes to `proceed` at once.
  void Admit(const HttpRequest& request, const identity::CallerIdentity& caller, Respond respond,
             std::function<void(const HttpRequest&, Respond)> proceed);

 private:
  store::Store& store_;
  BlockingRunner run_blocking_;
};

// Azure's 404 for a subscription that does not exist (or that the caller may not know of).
Error SubscriptionNotFoundError(std::string_view id);

// Azure's 409 for a write on a Disabled subscription.
Error ReadOnlyDisabledSubscriptionError(std::string_view id);

// Whether lists and lookups show the subscription at all (Deleted ones are gone).
inline bool IsListed(const Subscription& subscription) {
  return subscription.state != SubscriptionState::kDeleted;
}

}  // namespace pal::api
