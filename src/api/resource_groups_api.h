#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "core/clock.h"
#include "core/resource_group.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// The api-versions of Microsoft.Resources resource groups pal answers (the SDK's and az's).
inline constexpr std::string_view kResourceGroupsApiVersions =
    "2021-04-01,2022-09-01,2023-07-01,2024-03-01,2019-10-01";

// Microsoft.Resources resource groups: PUT / PATCH (tags) / GET / HEAD / DELETE
// `/subscriptions/{s}/resourcegroups/{name}` and list `/subscriptions/{s}/resourcegroups`
// (`$filter=tagName eq '…' [and tagValue eq '…']`, any other filter 400 InvalidFilter; `$top`
// as the page size, with a nextLink carrying `$skiptoken`).
// Writes need `Microsoft.Resources/subscriptions/resourceGroups/write` (Owner, Contributor) at
// or above the group, delete `.../delete`, reads `.../read`; a list shows the groups the
// caller can read. Deleting a group removes its resources and the role assignments at or below
// it. Codes as Azure's; see docs/api.md. Thread-safe.
class ResourceGroupsApi final {
 public:
  ResourceGroupsApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock)
      : store_(store), authorizer_(authorizer), clock_(clock) {}

  // Registers `/subscriptions/{s}/resourcegroups[/{name}]` (family kResourceGroups).
  void AddRoutes(ArmRouter& router);

 private:
  // A subscription of the path and its resource groups.
  struct Subscription {
    Guid id;
    std::vector<ResourceGroup> groups;
  };
  // The resource group a path names, and the one stored by that name if there is one.
  struct Target {
    Guid subscription_id;
    std::string name;
    ResourceId scope;
    std::optional<ResourceGroup> existing;
  };

  Result<HttpResponse> List(const ArmCall& call);
  Result<HttpResponse> Get(const ArmCall& call);
  Result<HttpResponse> Head(const ArmCall& call);
  Result<HttpResponse> Put(const ArmCall& call);
  Result<HttpResponse> Patch(const ArmCall& call);
  Result<HttpResponse> Delete(const ArmCall& call);
  // 400 InvalidSubscriptionId for a malformed {subscriptionId}.
  Result<Subscription> SubscriptionOf(const ArmCall& call);
  // 400 InvalidResourceGroup for a malformed {resourceGroupName}.
  Result<Target> TargetOf(const ArmCall& call);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
