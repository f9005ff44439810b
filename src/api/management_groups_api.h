#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "api/management_group_tree.h"
#include "core/clock.h"
#include "core/management_group.h"
#include "core/result.h"
#include "core/subscription.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kManagementGroupsApiVersions = "2021-04-01,2020-05-01,2023-04-01";

// Microsoft.Management management groups (what @azure/arm-managementgroups 2.x calls): list,
// get (`$expand=children|path|ancestors`, `$recurse=true`), create or update (PUT, finished at
// once), update (PATCH), delete, descendants, and the subscriptions under a group (list, get,
// move in with PUT, move back to the root group with DELETE). Rights, depth and cycle rules
// are in docs/api.md. Thread-safe.
// What a PUT (Azure's CreateManagementGroupRequest) or a PATCH (PatchManagementGroupRequest)
// of a management group changes; absent fields change nothing.
struct ManagementGroupChange {
  std::optional<std::string> display_name;
  std::optional<std::string> parent;  // a group name
};

class ManagementGroupsApi final {
 public:
  ManagementGroupsApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock)
      : store_(store), authorizer_(authorizer), clock_(clock) {}

  // Registers the groups, one group, its descendants and the subscriptions under it (family
  // kManagementGroups).
  void AddRoutes(ArmRouter& router);

 private:
  // A subscription a path names under a group, once the caller may act on the group.
  struct SubscriptionUnderGroup {
    const ManagementGroup* group;
    const Subscription* subscription;
    bool under_group;  // the subscription's parent is the group
    std::string subscription_text;
    std::string group_name;
    // 404 SubscriptionNotFound under the group.
    Error NotFound() const;
  };

  Result<HttpResponse> List(const ArmCall& call);
  Result<HttpResponse> Get(const ArmCall& call);
  Result<HttpResponse> Put(const ArmCall& call);
  Result<HttpResponse> Patch(const ArmCall& call);
  Result<HttpResponse> Delete(const ArmCall& call);
  // GET of the delete's status URL: Succeeded once the group is gone, 404 while it exists.
  Result<HttpResponse> DeleteStatus(const ArmCall& call);
  Result<HttpResponse> Descendants(const ArmCall& call);
  Result<HttpResponse> Subscriptions(const ArmCall& call);
  Result<HttpResponse> GetSubscription(const ArmCall& call);
  Result<HttpResponse> MoveSubscriptionIn(const ArmCall& call);
  Result<HttpResponse> MoveSubscriptionOut(const ArmCall& call);

  Result<HttpResponse> Create(const ArmCall& call, const ManagementGroupTree& tree,
                              const std::string& name, const ManagementGroupChange& change);
  Result<HttpResponse> Update(const ArmCall& call, const ManagementGroupTree& tree,
                              const ManagementGroup& group, const ManagementGroupChange& change);
  // Puts `subscription` under group `target` once the caller may take it from its group to
  // that one and owns it.
  Result<void> Move(const ArmCall& call, const Subscription& subscription,
                    const std::string& target);
  // The caller's tenant's groups and (not Deleted) subscriptions.
  Result<ManagementGroupTree> TreeOf(const identity::CallerIdentity& caller);
  // The {groupId} of the path; 400 BadRequest when it is no valid group name.
  Result<std::string> GroupNameInPath(const ArmCall& call);
  // Group `name` of the tree, once the caller may perform `action` on it.
  Result<const ManagementGroup*> AuthorizedGroup(const ArmCall& call,
                                                 const ManagementGroupTree& tree,
                                                 std::string_view action, const std::string& name);
  Result<SubscriptionUnderGroup> FindSubscriptionUnder(const ArmCall& call,
                                                       const ManagementGroupTree& tree,
                                                       std::string_view action);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
