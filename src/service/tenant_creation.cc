#include "service/tenant_creation.h"

#include "core/management_group.h"

namespace pal::service {

Result<void> CreateTenantWithRootGroup(store::DirectoryStore& directory, const Tenant& tenant) {
  return directory.CreateTenantWithRootGroup(tenant, TenantRootGroup(tenant.id, tenant.created_at));
}

}  // namespace pal::service
