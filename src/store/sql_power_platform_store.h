#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"
#include "core/power_platform_solution.h"
#include "core/power_platform_usage.h"
#include "store/power_platform_environment_store.h"
#include "store/power_platform_resource_store.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Power Platform in SQL: environments and members, resources, ownership history, activity and
// unified profiles. Thread-safe.
class SqlPowerPlatformStore final : public PowerPlatformEnvironmentStore,
                                    public PowerPlatformResourceStore {
 public:
  // `clock` stamps the ownership history; it and `pool` must outlive the store.
  SqlPowerPlatformStore(SqlConnectionPool& pool, const Clock& clock) : pool_(pool), clock_(clock) {}

  Result<void> CreateEnvironment(const PowerPlatformEnvironment& environment) override;
  Result<std::optional<PowerPlatformEnvironment>> FindEnvironment(const Guid& tenant_id,
                                                                  const std::string& name) override;
  Result<std::vector<PowerPlatformEnvironment>> ListEnvironments(const Guid& tenant_id) override;
  Result<void> UpdateEnvironment(const PowerPlatformEnvironment& environment) override;
  Result<void> DeleteEnvironment(const Guid& tenant_id, const std::string& name) override;
  Result<void> SetEnvironmentMember(const EnvironmentMember& member) override;
  Result<void> RemoveEnvironmentMember(const Guid& tenant_id, const std::string& environment,
                                       const Guid& object_id) override;
  Result<std::vector<EnvironmentMember>> ListEnvironmentMembers(
      const Guid& tenant_id, const std::string& environment) override;

  Result<PowerPlatformResourceRecord> CreatePowerPlatformResource(
      const PowerPlatformResourceRecord& resource, const PrincipalKey& actor,
      std::string_view channel) override;
  Result<std::optional<PowerPlatformResourceRecord>> FindPowerPlatformResource(
      const Guid& tenant_id, const std::string& resource_id) override;
  Result<std::vector<PowerPlatformResourceRecord>> ListPowerPlatformResources(
      const Guid& tenant_id, const std::string& environment) override;
  Result<void> RenamePowerPlatformResource(const Guid& tenant_id, const std::string& resource_id,
                                           const std::string& display_name) override;
  Result<void> DeletePowerPlatformResource(const Guid& tenant_id, const std::string& resource_id,
                                           const PrincipalKey& actor) override;
  Result<void> SetPowerPlatformOwner(const Guid& tenant_id, const std::string& resource_id,
                                     const Guid& owner, const PrincipalKey& actor,
                                     std::string_view channel) override;
  Result<void> AddPowerPlatformCoOwner(const Guid& tenant_id, const std::string& resource_id,
                                       const Guid& co_owner, const PrincipalKey& actor,
                                       std::string_view channel) override;
  Result<void> RemovePowerPlatformCoOwner(const Guid& tenant_id, const std::string& resource_id,
                                          const Guid& co_owner, const PrincipalKey& actor) override;
  Result<std::vector<OwnershipHistoryEntry>> ListOwnershipHistory(
      const Guid& tenant_id, const std::string& resource_id) override;
  Result<SolutionImport> ImportSolution(const std::string& environment, const Solution& solution,
                                        const PrincipalKey& importer) override;
  Result<size_t> AddPowerPlatformActivity(const std::vector<PowerPlatformActivity>& rows) override;
  Result<size_t> SetUnifiedProfiles(const std::vector<CustomerInsightsProfiles>& rows) override;
  Result<PowerPlatformUsage> ExportPowerPlatform() override;

  // Loads the data set's Power Platform files on `connection`, inside the data set import's
  // transaction: one environment per (tenant_id, environment_id) (created by the nil
  // administrator), the resources with their owner and co-owners (channel "import"), activity and
  // profiles. InvalidDataset naming file and line on a constraint failure.
  static Result<void> ImportOn(SqlConnection& connection, const PowerPlatformUsage& usage,
                               Timestamp now);

 private:
  SqlConnectionPool& pool_;
  const Clock& clock_;
};

}  // namespace pal::store
