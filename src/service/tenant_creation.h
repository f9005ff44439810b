#pragma once

#include "core/result.h"
#include "core/tenant.h"
#include "store/directory_store.h"

namespace pal::service {

// Creates `tenant` with its root management group: every tenant has one, named by the tenant
// id, displayed as "Tenant Root Group" and created at the tenant's time, without a parent.
// Both or neither (one store transaction); kConflict if either exists.
Result<void> CreateTenantWithRootGroup(store::DirectoryStore& directory, const Tenant& tenant);

}  // namespace pal::service
