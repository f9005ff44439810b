#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"
#include "core/power_platform_solution.h"
#include "core/power_platform_usage.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Power Platform environments, members, resources, ownership history, activity and unified
// profiles in SQLite; the Store methods of the same names forward here. Thread-safe.
class SqlPowerPlatformStore {
 public:
  explicit SqlPowerPlatformStore(SqlConnectionPool& pool) : pool_(pool) {}

  Result<void> CreateEnvironment(const PowerPlatformEnvironment& environment);
  Result<std::optional<PowerPlatformEnvironment>> FindEnvironment(const Guid& tenant_id,
                                                                  const std::string& name);
  Result<std::vector<PowerPlatformEnvironment>> ListEnvironments(const Guid& tenant_id);
  Result<void> UpdateEnvironment(const PowerPlatformEnvironment& environment);
  Result<void> DeleteEnvironment(const Guid& tenant_id, const std::string& name);
  Result<void> SetEnvironmentMember(const EnvironmentMember& member);
  Result<void> RemoveEnvironmentMember(const Guid& tenant_id, const std::string& environment,
                                       const Guid& object_id);
  Result<std::vector<EnvironmentMember>> ListEnvironmentMembers(const Guid& tenant_id,
                                                                const std::string& environment);

  Result<void> CreateResource(const PowerPlatformResourceRecord& resource,
                              const PrincipalKey& actor, std::string_view channel);
  Result<std::optional<PowerPlatformResourceRecord>> FindResource(const Guid& tenant_id,
                                                                  const std::string& resource_id);
  Result<std::vector<PowerPlatformResourceRecord>> ListResources(const Guid& tenant_id,
                                                                 const std::string& environment);
  Result<void> RenameResource(const Guid& tenant_id, const std::string& resource_id,
                              const std::string& display_name);
  Result<void> DeleteResource(const Guid& tenant_id, const std::string& resource_id,
                              const PrincipalKey& actor, Timestamp now);
  Result<void> SetOwner(const Guid& tenant_id, const std::string& resource_id, const Guid& owner,
                        const PrincipalKey& actor, std::string_view channel, Timestamp now);
  Result<void> AddCoOwner(const Guid& tenant_id, const std::string& resource_id,
                          const Guid& co_owner, const PrincipalKey& actor, std::string_view channel,
                          Timestamp now);
  Result<void> RemoveCoOwner(const Guid& tenant_id, const std::string& resource_id,
                             const Guid& co_owner, const PrincipalKey& actor, Timestamp now);
  Result<std::vector<OwnershipHistoryEntry>> ListOwnershipHistory(const Guid& tenant_id,
                                                                  const std::string& resource_id);
  Result<SolutionImport> ImportSolution(const std::string& environment, const Solution& solution,
                                        const PrincipalKey& importer, Timestamp now);
  Result<size_t> AddActivity(const std::vector<PowerPlatformActivity>& rows);
  Result<size_t> SetUnifiedProfiles(const std::vector<CustomerInsightsProfiles>& rows);
  Result<PowerPlatformUsage> Export();

  // Loads the data set's Power Platform files on `connection`, inside the data set import's
  // transaction: one environment per (tenant_id, environment_id) (created by the nil
  // administrator), the resources with their owner and co-owners (channel "import"), activity and
  // profiles. InvalidDataset naming file and line on a constraint failure.
  static Result<void> ImportOn(SqlConnection& connection, const PowerPlatformUsage& usage,
                               Timestamp now);

 private:
  SqlConnectionPool& pool_;
};

}  // namespace pal::store
