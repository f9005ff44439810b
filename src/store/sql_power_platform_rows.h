#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/power_platform_environment.h"
#include "core/power_platform_resource.h"
#include "store/sql_connection_pool.h"

// Rows and statements the SQLite Power Platform store shares between its files.
namespace pal::store::pp {

// The columns of pp_environments, in EnvironmentFromRow's order.
extern const std::string_view kEnvironmentColumns;
PowerPlatformEnvironment EnvironmentFromRow(const SqlStatement& row);

// SELECT of a resource with its tenant and its owners in force, then the environment's type
// (column 12) and paid flag (13); add a WHERE / ORDER BY (the resource is `r`).
extern const std::string_view kResourceSelect;
PowerPlatformResourceRecord ResourceFromRow(const SqlStatement& row);

Error ResourceNotFound(const std::string& resource_id);
Error EnvironmentNotFound(const std::string& name);
// The conflict a write reports when a constraint fails under a concurrent change.
const Error& ConcurrentChange();

// The first column of the first row of `sql` bound to ?1, ?2, ... = `values`.
Result<std::optional<std::string>> QueryText(SqlConnection& c, std::string_view sql,
                                             std::initializer_list<std::string> values);
// Whether the tenant has an environment of that name (compared case-insensitively).
Result<bool> EnvironmentExists(SqlConnection& c, const Guid& tenant_id, const std::string& name);
Result<bool> ResourceExists(SqlConnection& c, const Guid& tenant_id,
                            const std::string& resource_id);
// The owner in force of the tenant's resource; nullopt when it has none.
Result<std::optional<Guid>> OwnerOf(SqlConnection& c, const Guid& tenant_id,
                                    const std::string& resource_id);

// Opens an ownership interval of the tenant's resource from `now`.
Result<void> OpenInterval(SqlConnection& c, const Guid& tenant_id, const std::string& resource_id,
                          const Guid& principal, OwnershipRole role, std::string_view channel,
                          const PrincipalKey& actor, Timestamp now);
// Closes the intervals in force of `role` (of `principal` only, when given) at `now`.
Result<void> CloseIntervals(SqlConnection& c, const Guid& tenant_id, const std::string& resource_id,
                            OwnershipRole role, const std::optional<Guid>& principal,
                            const PrincipalKey& actor, Timestamp now);
// Makes `owner` the owner in force: the previous owner's interval and `owner`'s co-owner
// interval end. Nothing changes when `owner` already is the owner.
Result<void> MoveOwnership(SqlConnection& c, const Guid& tenant_id, const std::string& resource_id,
                           const Guid& owner, const PrincipalKey& actor, std::string_view channel,
                           Timestamp now);

Result<void> InsertResource(SqlConnection& c, const PowerPlatformResourceRecord& r,
                            const Error& conflict);
Result<void> InsertEnvironment(SqlConnection& c, const PowerPlatformEnvironment& e,
                               const Error& conflict);

// The last path segment of a resource id ("app-1" for "app-1").
std::string LastSegment(const std::string& id);

}  // namespace pal::store::pp
