#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/guid.h"
#include "core/power_platform_environment.h"
#include "core/result.h"

namespace pal::store {

// Power Platform environments and their members. Thread-safe; reads see writes made by other
// processes.
//
// Environments are keyed by (tenant, name), compared case-insensitively: two tenants may each
// have an environment "prod", and nothing done under one tenant's key finds or touches the
// other's. Create fails with kConflict if the key exists in the tenant and kNotFound if the
// tenant does not; the other writes with kNotFound for a missing key.
class PowerPlatformEnvironmentStore {
 public:
  virtual ~PowerPlatformEnvironmentStore() = default;

  // Creates the environment and makes its creator (`created_by`) an EnvironmentAdmin.
  virtual Result<void> CreateEnvironment(const PowerPlatformEnvironment& environment) = 0;
  virtual Result<std::optional<PowerPlatformEnvironment>> FindEnvironment(
      const Guid& tenant_id, const std::string& name) = 0;
  virtual Result<std::vector<PowerPlatformEnvironment>> ListEnvironments(const Guid& tenant_id) = 0;
  // Changes the display name, type and paid flag of (environment.tenant_id, environment.name).
  virtual Result<void> UpdateEnvironment(const PowerPlatformEnvironment& environment) = 0;
  // Removes an environment without resources and its members; kConflict EnvironmentNotEmpty.
  virtual Result<void> DeleteEnvironment(const Guid& tenant_id, const std::string& name) = 0;
  // Adds a member (of member.tenant_id's environment member.environment) or changes its role.
  virtual Result<void> SetEnvironmentMember(const EnvironmentMember& member) = 0;
  // kNotFound when not a member; kConflict LastEnvironmentAdmin for the only admin.
  virtual Result<void> RemoveEnvironmentMember(const Guid& tenant_id,
                                               const std::string& environment,
                                               const Guid& object_id) = 0;
  virtual Result<std::vector<EnvironmentMember>> ListEnvironmentMembers(
      const Guid& tenant_id, const std::string& environment) = 0;
};

}  // namespace pal::store
