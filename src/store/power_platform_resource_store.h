#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/power_platform_resource.h"
#include "core/power_platform_solution.h"
#include "core/power_platform_usage.h"
#include "core/result.h"

namespace pal::store {

// Power Platform resources (apps, flows, …) in environments: their owners and ownership
// history, solution imports, activity and unified profiles. Thread-safe; reads see writes made
// by other processes.
//
// Resources are keyed by (tenant, resource id), compared case-insensitively: two tenants may
// each have an app "sales", and nothing done under one tenant's key finds or touches the
// other's. Create fails with kConflict if the key exists in the tenant and kNotFound if the
// tenant or environment does not; the other writes with kNotFound for a missing key. Every
// ownership change appends to / closes the ownership history with `actor` and `channel`,
// atomically with the change, at the store's clock.
class PowerPlatformResourceStore {
 public:
  virtual ~PowerPlatformResourceStore() = default;

  // Creates a resource of resource.tenant_id whose owner is `resource.owner` (co-owners are
  // ignored), stamping created_at with the store's clock; returns the resource as stored.
  virtual Result<PowerPlatformResourceRecord> CreatePowerPlatformResource(
      const PowerPlatformResourceRecord& resource, const PrincipalKey& actor,
      std::string_view channel) = 0;
  virtual Result<std::optional<PowerPlatformResourceRecord>> FindPowerPlatformResource(
      const Guid& tenant_id, const std::string& resource_id) = 0;
  virtual Result<std::vector<PowerPlatformResourceRecord>> ListPowerPlatformResources(
      const Guid& tenant_id, const std::string& environment) = 0;
  virtual Result<void> RenamePowerPlatformResource(const Guid& tenant_id,
                                                   const std::string& resource_id,
                                                   const std::string& display_name) = 0;
  // Removes the resource and closes its ownership history; its activity stays.
  virtual Result<void> DeletePowerPlatformResource(const Guid& tenant_id,
                                                   const std::string& resource_id,
                                                   const PrincipalKey& actor) = 0;
  // Ends the owner's interval and starts `owner`'s; a co-owner who becomes owner stops being one.
  virtual Result<void> SetPowerPlatformOwner(const Guid& tenant_id, const std::string& resource_id,
                                             const Guid& owner, const PrincipalKey& actor,
                                             std::string_view channel) = 0;
  // Adding an existing co-owner changes nothing; removing one that is not is kNotFound.
  virtual Result<void> AddPowerPlatformCoOwner(const Guid& tenant_id,
                                               const std::string& resource_id, const Guid& co_owner,
                                               const PrincipalKey& actor,
                                               std::string_view channel) = 0;
  virtual Result<void> RemovePowerPlatformCoOwner(const Guid& tenant_id,
                                                  const std::string& resource_id,
                                                  const Guid& co_owner,
                                                  const PrincipalKey& actor) = 0;
  // Oldest first; all the tenant's resources' when `resource_id` is empty.
  virtual Result<std::vector<OwnershipHistoryEntry>> ListOwnershipHistory(
      const Guid& tenant_id, const std::string& resource_id) = 0;
  // In one transaction, which also decides whether the importer may import: it must be a member
  // of the environment, and unless an EnvironmentAdmin the owner of every component that exists
  // already (importing makes it the owner: the right to change the owner). If so, creates every
  // missing component of a validated solution in `environment` of importer.tenant_id and makes
  // `importer` the owner of each (channel "solution-import"); if not, nothing is written and the
  // result says why. Returns the components as stored, in the solution's order.
  virtual Result<SolutionImport> ImportSolution(const std::string& environment,
                                                const Solution& solution,
                                                const PrincipalKey& importer) = 0;
  // Activity rows of known resources (by tenant_id and resource_key, the lower-case resource
  // id); a row already stored adds nothing. Returns how many were added.
  virtual Result<size_t> AddPowerPlatformActivity(
      const std::vector<PowerPlatformActivity>& rows) = 0;
  // One value per (day, instance); a day posted again is replaced. Returns how many were new.
  virtual Result<size_t> SetUnifiedProfiles(const std::vector<CustomerInsightsProfiles>& rows) = 0;
  // The Power Platform part of the data set: resources with their environment's type and paid
  // flag and current owners, all activity and profiles.
  virtual Result<PowerPlatformUsage> ExportPowerPlatform() = 0;
};

}  // namespace pal::store
