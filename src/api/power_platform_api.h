#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "core/clock.h"
#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"
#include "core/power_platform_solution.h"
#include "core/result.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// pal's own provider for Power Platform and Customer Insights (Microsoft's admin APIs have no
// ARM-style contract for attribution).
inline constexpr std::string_view kPowerPlatformApiVersion = "2026-12-01";

// Environments, their members and resources, ownership changes by channel
// (docs/attribution-rules.md, B6), solutions (export, and import that makes the importer owner) and
// activity ingestion:
//   /providers/Pal.PowerPlatform/environments[/{env}[/members[/{id}]|/resources|/{collection}
//     [/{name}[/setOwner|/coOwners/{id}|/ownershipHistory]]|/exportSolution|/importSolution|
//     /activity|/unifiedProfiles]]
// A caller sees only its own tenant's environments. Rights: see docs/api.md. Thread-safe.
class PowerPlatformApi final {
 public:
  PowerPlatformApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock)
      : store_(store), authorizer_(authorizer), clock_(clock) {}

  // Registers the resources above and the 404 InvalidResourceType of any other path under
  // /providers/Pal.PowerPlatform (family kPowerPlatform). Under an environment, the environment
  // is found first (404 EnvironmentNotFound) and then the resource's collection.
  void AddRoutes(ArmRouter& router);

 private:
  // The environment named in the path as the caller may see it, with the caller's role there.
  struct EnvironmentAccess {
    PowerPlatformEnvironment environment;
    std::optional<EnvironmentRole> role;
    bool admin() const { return role == EnvironmentRole::kAdmin; }
    bool maker() const { return role.has_value(); }
  };
  // What the caller may do with one resource.
  struct ResourceAccess {
    PowerPlatformResourceRecord resource;
    bool owner = false;
    bool co_owner = false;
  };
  // What a PUT of an environment asks for: each field given, or not.
  struct EnvironmentChange {
    std::optional<std::string> display_name;
    std::optional<EnvironmentType> type;
    std::optional<bool> paid;
  };

  Result<EnvironmentAccess> Access(const identity::CallerIdentity& caller, const std::string& name);
  // Access to the route's {environment}.
  Result<EnvironmentAccess> AccessOf(const ArmCall& call);
  // The route's {environment}, then its {collection} (404 InvalidResourceType if not one).
  Result<std::pair<EnvironmentAccess, PowerPlatformProduct>> CollectionOf(const ArmCall& call);
  // The route's {environment}, {collection} and existing {name} (404 ResourceNotFound).
  Result<std::pair<EnvironmentAccess, ResourceAccess>> TargetOf(const ArmCall& call);
  // Ok when `object_id` is a principal of `tenant`; 400 PrincipalNotFound otherwise.
  Result<Principal> PrincipalOf(const Guid& tenant, std::string_view object_id,
                                std::string_view what);

  // power_platform_api.cc: environments and members.
  Result<HttpResponse> ListEnvironments(const ArmCall& call);
  Result<HttpResponse> GetEnvironment(const ArmCall& call);
  Result<HttpResponse> PutEnvironment(const ArmCall& call);
  Result<HttpResponse> UpdateEnvironment(const ArmCall& call, const EnvironmentAccess& access,
                                         const EnvironmentChange& change);
  Result<HttpResponse> CreateEnvironment(const ArmCall& call, const EnvironmentChange& change);
  Result<HttpResponse> DeleteEnvironment(const ArmCall& call);
  Result<HttpResponse> ListMembers(const ArmCall& call);
  Result<HttpResponse> SetMember(const ArmCall& call);
  Result<HttpResponse> RemoveMember(const ArmCall& call);
  // The route's {environment} and {member}, once the caller may change its members (an admin).
  Result<EnvironmentAccess> AdmitMemberChange(const ArmCall& call);
  // Under an environment, a path no resource serves: the environment first, then 404.
  Error NoSuchEnvironmentPath(const ArmCall& call);

  // power_platform_resources_api.cc: resources, owners, co-owners, history.
  Result<HttpResponse> ListAllResources(const ArmCall& call);
  Result<HttpResponse> ListCollection(const ArmCall& call);
  Result<HttpResponse> GetResource(const ArmCall& call);
  Result<HttpResponse> PutResource(const ArmCall& call);
  Result<HttpResponse> CreateResource(const ArmCall& call, const EnvironmentAccess& access,
                                      PowerPlatformProduct product,
                                      const std::optional<std::string>& display_name);
  Result<HttpResponse> DeleteResource(const ArmCall& call);
  Result<HttpResponse> SetOwner(const ArmCall& call);
  Result<HttpResponse> OwnershipHistory(const ArmCall& call);
  Result<HttpResponse> PutCoOwner(const ArmCall& call);
  Result<HttpResponse> DeleteCoOwner(const ArmCall& call);
  // The co-owner route's target, once the caller may change its co-owners, and the co-owner.
  Result<std::pair<ResourceAccess, Principal>> AdmitCoOwnerChange(const ArmCall& call);
  Result<ResourceAccess> FindResource(const identity::CallerIdentity& caller,
                                      const EnvironmentAccess& access, PowerPlatformProduct product,
                                      const std::string& name);
  // A resource once it is read back after a change.
  Result<HttpResponse> StoredResource(const ArmCall& call, const PowerPlatformResourceRecord& r);

  // power_platform_solutions_api.cc: solutions, activity and profiles.
  Result<HttpResponse> ExportSolution(const ArmCall& call);
  Result<HttpResponse> ImportSolution(const ArmCall& call);
  Result<HttpResponse> Activity(const ArmCall& call);
  Result<HttpResponse> UnifiedProfiles(const ArmCall& call);
  // activity (`profiles` false) and unifiedProfiles: the rows of the body added.
  Result<HttpResponse> AddActivity(const ArmCall& call, bool profiles);
  // Row `index`'s resource is one of the environment's (with `profiles`, a Customer Insights
  // instance); 400 InvalidActivity otherwise.
  Result<void> CheckActivityResource(const EnvironmentAccess& access,
                                     const std::string& resource_id, size_t index, bool profiles);
  // One solution component an export names, as a resource of the environment.
  Result<SolutionComponent> ExportedComponent(const ArmCall& call, const EnvironmentAccess& access,
                                              const nlohmann::json& component);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
