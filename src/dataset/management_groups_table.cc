#include <fmt/format.h>

#include <array>

#include "core/resource_id.h"
#include "core/text.h"
#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 3> kColumns = {"tenant_id", "group_id", "parent_group_id"};

// Group ids are unique; the root group of a tenant is its id, without parent.
std::optional<DatasetManagementGroup> ParseRow(DatasetRowReader& r, size_t i,
                                               DatasetParseContext& c) {
  auto t = r.GuidAt(i, "tenant_id");
  const std::string id = r.Text(i, "group_id");
  const std::string parent = r.Text(i, "parent_group_id");
  if (!t || !c.KnownTenant(r, i, *t)) return std::nullopt;
  if (!IsValidManagementGroupName(id)) {
    r.Problem(i, fmt::format("group_id '{}' is not a valid management group id", id));
    return std::nullopt;
  }
  const bool is_root = EqualsIgnoreCase(id, t->ToString());
  if (is_root != parent.empty()) {
    r.Problem(i, is_root ? "the tenant root group has no parent"
                         : fmt::format("group {} needs a parent_group_id", id));
    return std::nullopt;
  }
  if (!c.group_tenant.emplace(ToLowerAscii(id), *t).second) {
    r.Problem(i, fmt::format("management group {} appears twice", id));
    return std::nullopt;
  }
  return DatasetManagementGroup{
      *t, id, parent.empty() ? std::nullopt : std::optional<std::string>(parent), r.Line(i)};
}

// Parents exist in the same tenant, and there are no cycles.
void CheckRows(const Dataset& d, DatasetParseContext& c) {
  std::unordered_map<std::string, std::string> parent_of;
  for (const auto& g : d.management_groups) {
    if (g.parent_group_id) parent_of[ToLowerAscii(g.group_id)] = ToLowerAscii(*g.parent_group_id);
  }
  for (const auto& g : d.management_groups) {
    if (!g.parent_group_id) continue;
    auto pt = c.group_tenant.find(ToLowerAscii(*g.parent_group_id));
    if (pt == c.group_tenant.end() || pt->second != g.tenant_id) {
      c.problems.Add(kManagementGroupsTable.file, g.line,
                     fmt::format("parent group {} does not exist in tenant {}", *g.parent_group_id,
                                 g.tenant_id.ToString()));
      continue;
    }
    const std::string self = ToLowerAscii(g.group_id);
    std::string at = self;
    for (size_t steps = 0; parent_of.count(at); ++steps) {
      at = parent_of[at];
      if (at == self || steps > parent_of.size()) {
        c.problems.Add(kManagementGroupsTable.file, g.line,
                       fmt::format("group {} is its own ancestor", g.group_id));
        break;
      }
    }
  }
}

std::vector<std::string> WriteRow(const DatasetManagementGroup& g) {
  return {g.tenant_id.ToString(), g.group_id, g.parent_group_id.value_or("")};
}

}  // namespace

constinit const DatasetTable<DatasetManagementGroup> kManagementGroupsTable = {
    "management_groups.csv",
    kColumns,
    kColumns,
    &Dataset::management_groups,
    ParseRow,
    CheckRows,
    WriteRow};

}  // namespace pal
