#pragma once

#include <string_view>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "api/token_service.h"
#include "core/clock.h"
#include "identity/token_verifier.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kManagedServicesApiVersions =
    "2022-10-01,2019-09-01,2020-02-01-preview";
// Lower-cased marker of the provider under a subscription or resource group scope.
inline constexpr std::string_view kManagedServicesMarker = "/providers/microsoft.managedservices/";

// Azure Lighthouse (Microsoft.ManagedServices): registration definitions and assignments at a
// customer subscription or resource group — PUT / GET / DELETE by id and list. Writing needs
// Owner in the customer tenant (ManagedServices write and roleAssignments/write at the scope);
// the authorizations name principals of the managing tenant with built-in roles, Owner and
// data-action roles refused, User Access Administrator only with delegatedRoleDefinitionIds
// (ValidateDelegationAuthorizations). Delegated principals then act on the scope with their
// roles (service::ScopeAuthorizer) but never write registrations: 403 for a delegate. Another
// customer's registration id answers as a missing one for GET and DELETE. Store calls run on
// `run_blocking`. See docs/api.md. Thread-safe.
class ManagedServicesApi final : public BlockingArmApi {
 public:
  ManagedServicesApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock,
                     BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)),
        store_(store),
        authorizer_(authorizer),
        clock_(clock) {}

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
