#pragma once

#include <atomic>
#include <memory>

#include "api/http_message.h"
#include "api/management_partner_api.h"
#include "api/managed_services_api.h"
#include "api/directory_api.h"
#include "api/insights_api.h"
#include "api/partner_of_record_api.h"
#include "api/power_platform_api.h"
#include "api/management_groups_api.h"
#include "api/resource_groups_api.h"
#include "api/role_assignments_api.h"
#include "api/role_definitions_api.h"
#include "api/static_files.h"
#include "api/subscriptions_api.h"
#include "api/token_service.h"
#include "identity/token_verifier.h"

namespace pal::api {

// The ARM resource providers PalService routes to, each behind token verification.
struct ArmApis {
  ManagementPartnerApi& management_partner;
  RoleDefinitionsApi& role_definitions;
  RoleAssignmentsApi& role_assignments;
  SubscriptionsApi& subscriptions;
  ResourceGroupsApi& resource_groups;
  ManagementGroupsApi& management_groups;
  ManagedServicesApi& managed_services;
  PartnerOfRecordApi& partner_of_record;
  PowerPlatformApi& power_platform;
  DirectoryApi& directory;
  InsightsApi& insights;
};

// The whole HTTP surface of `pal serve`: health, the token service, and the ARM APIs behind
// bearer-token verification. Never throws; a failure inside a handler becomes an ARM
// InternalServerError. Thread-safe.
class PalService final : public RequestHandler {
 public:
  // `portal` (may be empty) is served without a token under its prefix.
  PalService(TokenService& tokens, const identity::TokenVerifier& verifier, ArmApis apis,
             const StaticFiles* portal = nullptr);

  void Handle(const HttpRequest& request, Respond respond) override;

  // /_pal/ready answers 200 only once this is set (after the listener is up).
  void SetReady(bool ready) { ready_.store(ready); }

 private:
  void HandleArm(const HttpRequest& request, Respond respond);
  HttpResponse Unauthorized(const Error& error, const HttpRequest& request) const;

  TokenService& tokens_;
  const identity::TokenVerifier& verifier_;
  ArmApis apis_;
  const StaticFiles* portal_;
  std::atomic<bool> ready_{false};
};

}  // namespace pal::api
