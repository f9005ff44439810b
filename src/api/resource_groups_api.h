#pragma once

#include <string_view>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "api/token_service.h"
#include "identity/token_verifier.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// The api-versions of Microsoft.Resources resource groups pal answers (the SDK's and az's).
inline constexpr std::string_view kResourceGroupsApiVersions =
    "2021-04-01,2022-09-01,2023-07-01,2024-03-01,2019-10-01";

// Microsoft.Resources resource groups: PUT / GET / HEAD / DELETE
// `/subscriptions/{s}/resourcegroups/{name}` and list `/subscriptions/{s}/resourcegroups`.
// Writes need `Microsoft.Resources/subscriptions/resourceGroups/write` (Owner, Contributor) at
// or above the group, delete `.../delete`, reads `.../read`; a list shows the groups the
// caller can read. Deleting a group removes its resources and the role assignments at or below
// it. Store calls run on `run_blocking`. Codes as Azure's; see docs/api.md. Thread-safe.
class ResourceGroupsApi final : public BlockingArmApi {
 public:
  ResourceGroupsApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock,
                    BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)),
        store_(store),
        authorizer_(authorizer),
        clock_(clock) {}

  // True for `/subscriptions/{s}/resourcegroups[/{name}]` (leading slashes collapsed).
  static bool Serves(std::string_view path);

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
