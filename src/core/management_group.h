#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"

namespace pal {

// A management group of a tenant. The tenant root group's id is the tenant id and it has no
// parent; every other group has exactly one parent in the same tenant.
struct ManagementGroup {
  std::string group_id;  // the group's name in its ARM id; case-insensitive
  Guid tenant_id;
  std::string display_name;
  std::optional<std::string> parent_id;
  Timestamp created_at = 0;
};

// The display name of every tenant's root management group, as Azure names it.
inline constexpr std::string_view kTenantRootGroupDisplayName = "Tenant Root Group";

// The root management group of tenant `tenant_id`: named by the tenant id, without a parent.
inline ManagementGroup TenantRootGroup(const Guid& tenant_id, Timestamp created_at) {
  return {tenant_id.ToString(), tenant_id, std::string(kTenantRootGroupDisplayName), std::nullopt,
          created_at};
}

}  // namespace pal
