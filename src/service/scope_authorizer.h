#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/delegation.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::service {

// Decides whether a caller may perform an action at an ARM scope, from the store's scope
// hierarchy and role assignments (inheritance from the root down). Thread-safe.
class ScopeAuthorizer {
 public:
  explicit ScopeAuthorizer(store::Store& store) : store_(store) {}

  // Ok if allowed. Errors: 404 SubscriptionNotFound when the subscription does not exist, 404
  // ManagementGroupNotFound when the group is not one of the caller's tenant, 403
  // AuthorizationFailed (Azure's message) when no role allows `action` — also for a
  // subscription of another tenant, where a principal of a managing tenant is judged by its
  // Lighthouse delegations (never for assigning roles or onboarding: a delegate's User Access
  // Administrator acts only through RoleAssignmentsApi's delegated rules, and registrations are
  // the customer's own); the message names `target` (the id being acted on) when given, else the
  // scope.
  Result<void> Authorize(const identity::CallerIdentity& caller, std::string_view action,
                         const ResourceId& scope, std::string_view target = {});

  // Ok only when the caller holds the Owner role itself (the customer's account administrator)
  // at or above `scope` in its own tenant — not Contributor, User Access Administrator or a
  // Lighthouse delegation. 403 AuthorizationFailed naming `action` otherwise; 404 as Authorize.
  Result<void> AuthorizeOwner(const identity::CallerIdentity& caller, std::string_view action,
                              const ResourceId& scope);

  // Ok when the resource group and resource `scope` names exist (subscriptions and groups are
  // checked by Authorize). Errors: 404 ResourceGroupNotFound / ResourceNotFound, Azure's text.
  Result<void> CheckScopeExists(const ResourceId& scope);

  // The Lighthouse grants `caller` holds at `scope` (each covering it) when the scope is in a
  // subscription of another tenant than the caller's — the caller then acts as a delegate;
  // nullopt when the caller is of the scope's own tenant (or the scope is no existing
  // subscription's).
  Result<std::optional<std::vector<DelegatedGrant>>> DelegatedGrantsAt(
      const identity::CallerIdentity& caller, const ResourceId& scope);

  // Azure's 403 AuthorizationFailed for `caller` and `action` over `where`; `why`, when given,
  // follows Azure's text.
  static Error DeniedAt(const identity::CallerIdentity& caller, std::string_view action,
                        std::string_view where, std::string_view why = {});

 private:
  // Authorize, counting only assignments of `only_role` when given (and no delegations).
  Result<void> Check(const identity::CallerIdentity& caller, std::string_view action,
                     const ResourceId& scope, std::string_view target,
                     const std::optional<Guid>& only_role);
  Result<void> AuthorizeDelegated(const identity::CallerIdentity& caller, std::string_view action,
                                  const ResourceId& scope, std::string_view target);
  static Error Denied(const identity::CallerIdentity& caller, std::string_view action,
                      const ResourceId& scope, std::string_view target);

  store::Store& store_;
};

}  // namespace pal::service
