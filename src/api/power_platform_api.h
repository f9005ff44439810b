#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "core/clock.h"
#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// pal's own provider for Power Platform and Customer Insights (Microsoft's admin APIs have no
// ARM-style contract for attribution).
inline constexpr std::string_view kPowerPlatformApiVersion = "2026-12-01";
inline constexpr std::string_view kPowerPlatformPrefix = "/providers/pal.powerplatform/";

// Environments, their members and resources, ownership changes by channel
// (docs/attribution-rules.md, B6), solutions (export, and import that makes the importer owner) and
// activity ingestion:
//   /providers/Pal.PowerPlatform/environments[/{env}[/members[/{id}]|/resources|/{collection}
//     [/{name}[/setOwner|/coOwners/{id}|/ownershipHistory]]|/exportSolution|/importSolution|
//     /activity|/unifiedProfiles]]
// A caller sees only its own tenant's environments. Rights: see docs/api.md. Thread-safe.
class PowerPlatformApi final : public BlockingArmApi {
 public:
  PowerPlatformApi(store::Store& store, service::ScopeAuthorizer& authorizer, const Clock& clock,
                   BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)),
        store_(store),
        authorizer_(authorizer),
        clock_(clock) {}

  // True for paths under /providers/Pal.PowerPlatform/ (case-insensitively).
  static bool Serves(std::string_view path);

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
  using Segments = std::vector<std::string>;

  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;
  Result<EnvironmentAccess> Access(const identity::CallerIdentity& caller, const std::string& name);

  // power_platform_api.cc: environments and members.
  HttpResponse Environments(const HttpRequest& request, const identity::CallerIdentity& caller);
  HttpResponse Environment(const HttpRequest& request, const identity::CallerIdentity& caller,
                           const std::string& name);
  HttpResponse Members(const HttpRequest& request, const identity::CallerIdentity& caller,
                       const EnvironmentAccess& access, const std::optional<std::string>& member);

  // power_platform_resources_api.cc: resources, owners, co-owners, history.
  HttpResponse Resources(const HttpRequest& request, const identity::CallerIdentity& caller,
                         const EnvironmentAccess& access,
                         std::optional<PowerPlatformProduct> product);
  HttpResponse Resource(const HttpRequest& request, const identity::CallerIdentity& caller,
                        const EnvironmentAccess& access, PowerPlatformProduct product,
                        const std::string& name);
  HttpResponse SetOwner(const HttpRequest& request, const identity::CallerIdentity& caller,
                        const EnvironmentAccess& access, const ResourceAccess& target);
  HttpResponse CoOwner(const HttpRequest& request, const identity::CallerIdentity& caller,
                       const EnvironmentAccess& access, const ResourceAccess& target,
                       const std::string& co_owner);
  HttpResponse OwnershipHistory(const HttpRequest& request, const ResourceAccess& target);
  Result<ResourceAccess> FindResource(const identity::CallerIdentity& caller,
                                      const EnvironmentAccess& access, PowerPlatformProduct product,
                                      const std::string& name);

  // power_platform_solutions_api.cc: solutions, activity and profiles.
  HttpResponse ExportSolution(const HttpRequest& request, const identity::CallerIdentity& caller,
                              const EnvironmentAccess& access);
  HttpResponse ImportSolution(const HttpRequest& request, const identity::CallerIdentity& caller,
                              const EnvironmentAccess& access);
  HttpResponse Activity(const HttpRequest& request, const identity::CallerIdentity& caller,
                        const EnvironmentAccess& access, bool profiles);

  // Ok when `object_id` is a principal of `tenant`; 400 PrincipalNotFound otherwise.
  Result<Principal> PrincipalOf(const Guid& tenant, std::string_view object_id,
                                std::string_view what);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
  const Clock& clock_;
};

}  // namespace pal::api
