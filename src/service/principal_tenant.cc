#include "service/principal_tenant.h"

namespace pal::service {

Result<std::optional<Guid>> TenantOfPrincipal(store::DirectoryStore& directory,
                                              const Guid& object_id) {
  PAL_ASSIGN_OR_RETURN(auto tenants, directory.ListTenants());
  for (const auto& tenant : tenants) {
    PAL_ASSIGN_OR_RETURN(auto principal, directory.FindPrincipal({tenant.id, object_id}));
    if (principal) return std::optional<Guid>(tenant.id);
  }
  return std::optional<Guid>();
}

}  // namespace pal::service
