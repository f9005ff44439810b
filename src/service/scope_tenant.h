#pragma once

#include "core/guid.h"
#include "core/resource_id.h"
#include "core/result.h"
#include "store/scope_store.h"

namespace pal::service {

// The tenant whose directory and role assignments `scope` belongs to: the tenant of the
// subscription the scope lies in, when that subscription exists; else `acting_tenant`. The
// root "/" and management groups are each tenant's own, so the tenant acting there decides
// (the ARM API: the caller's; `pal admin`: the assignee's).
Result<Guid> OwningTenantOf(store::ScopeStore& scopes, const ResourceId& scope,
                            const Guid& acting_tenant);

// Ok when `scope` exists as far as the scope hierarchy knows it: the root, a subscription that
// exists (and anything inside it), or a management group of `tenant`. 404 ScopeNotFound
// otherwise.
Result<void> CheckScopeExistsInTenant(store::ScopeStore& scopes, const ResourceId& scope,
                                      const Guid& tenant);

}  // namespace pal::service
