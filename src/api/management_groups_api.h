#pragma once

#include <string_view>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "api/token_service.h"
#include "identity/token_verifier.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kManagementGroupsApiVersions = "2021-04-01,2020-05-01,2023-04-01";
// Lower-cased path prefix of the provider.
inline constexpr std::string_view kManagementGroupsPrefix =
    "/providers/microsoft.management/managementgroups";

// Microsoft.Management management groups (what @azure/arm-managementgroups 2.x calls): list,
// get (`$expand=children|path|ancestors`, `$recurse=true`), create or update (PUT, finished at
// once), update (PATCH), delete, descendants, and the subscriptions under a group (list, get,
// move in with PUT, move back to the root group with DELETE). Rights, depth and cycle rules
// are in docs/api.md. Store calls run on `run_blocking`. Thread-safe.
class ManagementGroupsApi final : public BlockingArmApi {
 public:
  ManagementGroupsApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock,
                      BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)),
        store_(store),
        authorizer_(authorizer),
        clock_(clock) {}

  static bool Serves(std::string_view path);

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
