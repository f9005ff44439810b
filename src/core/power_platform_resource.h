#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/guid.h"
#include "core/management_partner_link.h"
#include "core/power_platform_usage.h"

namespace pal {

// The provider under which pal serves Power Platform, and the ids of its resources:
//   /providers/Pal.PowerPlatform/environments/{environment}/{collection}/{name}
// An id is the resource's path as its own tenant addresses it, like a tenant-level ARM id: it
// is unique in the tenant only, and the store keys every resource by (tenant, id).
inline constexpr std::string_view kPowerPlatformProvider = "/providers/Pal.PowerPlatform";

// The path segment of a product's resources: canvasApps, modelDrivenApps, flows, datasets,
// bots, customerInsightsInstances.
std::string_view PowerPlatformCollection(PowerPlatformProduct product);
// Case-insensitive inverse of PowerPlatformCollection; nullopt for anything else.
std::optional<PowerPlatformProduct> ParsePowerPlatformCollection(std::string_view text);

// "/providers/Pal.PowerPlatform/environments/{environment}"
std::string PowerPlatformEnvironmentId(std::string_view environment);
std::string PowerPlatformResourceId(std::string_view environment, PowerPlatformProduct product,
                                    std::string_view name);

// A resource of an environment as the store keeps it, with its current owner (the creator,
// publisher or last importer) and, for canvas apps, co-owners.
struct PowerPlatformResourceRecord {
  std::string resource_id;  // PowerPlatformResourceId, or the data set's id for imported rows
  std::string environment;
  Guid tenant_id;  // the environment's; with resource_id the resource's key
  PowerPlatformProduct product = PowerPlatformProduct::kCanvasApp;
  std::string name;
  std::string display_name;
  std::optional<Guid> owner;    // none only for data set rows that name none
  std::vector<Guid> co_owners;  // canvas apps only
  PrincipalKey created_by;
  Timestamp created_at = 0;
  std::string solution;  // the solution that last imported it; empty if none
};

enum class OwnershipRole { kOwner, kCoOwner };
std::string_view OwnershipRoleName(OwnershipRole role);  // "Owner", "CoOwner"

// One interval of the ownership history: `principal` held `role` on the resource over
// [valid_from, valid_to), given by `actor` through `channel` (gui, powershell, pp-cli,
// devops, create, publish, solution-import, import).
struct OwnershipHistoryEntry {
  std::string resource_id;
  Guid principal;
  OwnershipRole role = OwnershipRole::kOwner;
  Timestamp valid_from = 0;
  std::optional<Timestamp> valid_to;
  std::string channel;
  PrincipalKey actor;
};

}  // namespace pal
