#include "dataset/synthetic_resources.h"

#include <fmt/format.h>

namespace pal {

SyntheticResources SyntheticResourcesOf(const Guid& subscription) {
  const std::string s = subscription.ToString();
  const unsigned salt = subscription.bytes()[15] % 100;
  SyntheticResources r;
  const std::string web = fmt::format("/subscriptions/{}/resourceGroups/rg-0", s);
  const std::string sql = fmt::format("/subscriptions/{}/resourceGroups/rg-1", s);
  const std::string data = fmt::format("/subscriptions/{}/resourceGroups/RG-Data-2", s);
  r.resource_groups = {web, sql, data};
  r.resources = {
      web + "/providers/Microsoft.Web/sites/app0",
      web + "/providers/Microsoft.Web/sites/app0/slots/staging",
      web + "/providers/Microsoft.Web/sites/app1",
      sql + "/providers/Microsoft.Sql/servers/sql0",
      sql + "/providers/Microsoft.Sql/servers/sql0/databases/db0",
      sql + "/providers/Microsoft.Sql/servers/sql0/databases/db1",
      sql + "/providers/Microsoft.Compute/virtualMachines/vm0",
      data + fmt::format("/providers/Microsoft.Storage/storageAccounts/st{}", salt),
      data + "/providers/Microsoft.Compute/virtualMachines/VM-Batch-1",
      data + "/providers/Microsoft.Compute/disks/disk0",
  };
  return r;
}

}  // namespace pal
