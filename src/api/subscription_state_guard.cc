#include "api/subscription_state_guard.h"

#include <fmt/format.h>

#include <memory>

#include "api/arm_response.h"
#include "api/url_encoding.h"
#include "core/guid.h"
#include "core/text.h"

namespace pal::api {
namespace {

// POSTs that only answer a question; every other POST is an action that changes something.
constexpr std::string_view kReadOnlyActions[] = {"validatePartnerId"};

}  // namespace

std::optional<std::string> AddressedSubscription(std::string_view path) {
  const auto segments = PathSegments(path);
  std::optional<std::string_view> id;
  if (segments.size() >= 2 && EqualsIgnoreCase(segments[0], "subscriptions")) {
    id = segments[1];
  } else if (segments.size() >= 6 && EqualsIgnoreCase(segments[0], "providers") &&
             EqualsIgnoreCase(segments[1], "Microsoft.Management") &&
             EqualsIgnoreCase(segments[2], "managementGroups") &&
             EqualsIgnoreCase(segments[4], "subscriptions")) {
    id = segments[5];
  }
  if (!id) return std::nullopt;
  return PercentDecode(*id).value_or(std::string(*id));
}

bool ChangesState(const HttpRequest& request) {
  const std::string& method = request.method;
  if (method == "PUT" || method == "PATCH" || method == "DELETE") return true;
  if (method != "POST") return false;
  const auto segments = PathSegments(request.path);
  if (segments.empty()) return true;
  for (std::string_view action : kReadOnlyActions) {
    if (EqualsIgnoreCase(segments.back(), action)) return false;
  }
  return true;
}

Error SubscriptionNotFoundError(std::string_view id) {
  return Error::NotFound("SubscriptionNotFound",
                         fmt::format("The subscription '{}' could not be found.", id));
}

Error ReadOnlyDisabledSubscriptionError(std::string_view id) {
  return Error::Conflict(
      "ReadOnlyDisabledSubscription",
      fmt::format("The subscription '{}' is disabled and therefore marked as read only. You "
                  "cannot perform any write actions on this subscription until it is re-enabled.",
                  id));
}

Result<void> SubscriptionStateGuard::Check(const HttpRequest& request,
                                           const identity::CallerIdentity& caller) {
  const auto id_text = AddressedSubscription(request.path);
  if (!id_text) return {};
  const auto id = Guid::Parse(*id_text);
  if (!id) return {};  // malformed: each provider answers InvalidSubscriptionId
  PAL_ASSIGN_OR_RETURN(auto found, store_.scopes().FindSubscription(*id));
  const std::optional<Subscription>& subscription = found;
  const bool own =
      subscription && IsListed(*subscription) && subscription->tenant_id == caller.tenant_id;
  if (!own) {
    // Every subscription the caller may not know of takes the same path from here: one look at
    // the caller's delegations, whether the id exists in another tenant, was deleted or never
    // existed, so neither the answer nor its timing tells them apart.
    PAL_ASSIGN_OR_RETURN(auto grants, store_.managed_services().ListDelegatedGrants(
                                          {caller.tenant_id, caller.object_id}));
    bool delegated = false;
    for (const auto& grant : grants) {
      const auto granted = Guid::Parse(grant.scope.subscription_id().value_or(""));
      delegated = delegated || (granted && *granted == *id);
    }
    if (!subscription || !IsListed(*subscription) || !delegated)
      return SubscriptionNotFoundError(*id_text);
  }
  if (subscription->state == SubscriptionState::kDisabled && ChangesState(request)) {
    return ReadOnlyDisabledSubscriptionError(*id_text);
  }
  return {};
}

void SubscriptionStateGuard::Admit(const HttpRequest& request,
                                   const identity::CallerIdentity& caller, Respond respond,
                                   std::function<void(const HttpRequest&, Respond)> proceed) {
  if (!AddressedSubscription(request.path)) return proceed(request, std::move(respond));
  auto shared_request = std::make_shared<HttpRequest>(request);
  run_blocking_([this, shared_request, caller, respond = std::move(respond),
                 proceed = std::move(proceed)]() mutable {
    if (auto admitted = Check(*shared_request, caller); !admitted.ok()) {
      return respond(ArmError(admitted.error(), *shared_request));
    }
    proceed(*shared_request, std::move(respond));
  });
}

}  // namespace pal::api
