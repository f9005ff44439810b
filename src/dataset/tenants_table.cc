#include <fmt/format.h>

#include <array>

#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 2> kColumns = {"tenant_id", "display_name"};

std::optional<DatasetTenant> ParseRow(DatasetRowReader& r, size_t i, DatasetParseContext& c) {
  auto id = r.GuidAt(i, "tenant_id");
  if (!id) return std::nullopt;
  if (!c.tenants.insert(*id).second) {
    r.Problem(i, fmt::format("tenant {} appears twice", id->ToString()));
    return std::nullopt;
  }
  return DatasetTenant{*id, r.Text(i, "display_name"), r.Line(i)};
}

// Partners' home tenants, once the tenants are known.
void CheckRows(const Dataset& d, DatasetParseContext& c) {
  for (const auto& p : d.partners) {
    if (p.home_tenant_id && !c.tenants.count(*p.home_tenant_id)) {
      c.problems.Add(kPartnersTable.file, p.line,
                     fmt::format("home_tenant_id {} does not exist (tenants.csv)",
                                 p.home_tenant_id->ToString()));
    }
  }
}

std::vector<std::string> WriteRow(const DatasetTenant& t) {
  return {t.tenant_id.ToString(), t.display_name};
}

}  // namespace

constinit const DatasetTable<DatasetTenant> kTenantsTable = {
    "tenants.csv", kColumns, kColumns, &Dataset::tenants, ParseRow, CheckRows, WriteRow};

bool DatasetParseContext::KnownTenant(DatasetRowReader& reader, size_t row,
                                      const Guid& tenant) const {
  if (tenants.count(tenant)) return true;
  reader.Problem(row, fmt::format("tenant {} does not exist (tenants.csv)", tenant.ToString()));
  return false;
}

}  // namespace pal
