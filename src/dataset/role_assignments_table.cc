#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "core/role_definition.h"
#include "core/text.h"
#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {
    "assignment_id", "scope", "role_definition_id", "principal_id", "created_at", "deleted_at"};

// The tenant owning an assignment's scope: the principal's own for the root scope "/".
std::optional<Guid> ScopeTenant(const ResourceId& scope, const Guid& principal_tenant,
                                const DatasetParseContext& c) {
  if (scope.level() == ScopeLevel::kRoot) return principal_tenant;
  if (scope.management_group()) {
    auto gt = c.group_tenant.find(ToLowerAscii(*scope.management_group()));
    if (gt != c.group_tenant.end()) return gt->second;
    return std::nullopt;
  }
  auto st = c.subscription_tenant.find(ToLowerAscii(*scope.subscription_id()));
  if (st != c.subscription_tenant.end()) return st->second;
  return std::nullopt;
}

std::optional<DatasetRoleAssignment> ParseRow(DatasetRowReader& r, size_t i,
                                              DatasetParseContext& c) {
  auto id = r.GuidAt(i, "assignment_id");
  const std::string scope_text = r.Text(i, "scope");
  auto scope = ResourceId::Parse(scope_text);
  if (!scope.ok()) r.Problem(i, fmt::format("scope: {}", scope.error().message));
  const std::string role_text = r.Text(i, "role_definition_id");
  auto role = Guid::ParseLastSegment(role_text);
  if (!role || !FindBuiltInRoleById(*role)) {
    r.Problem(i, fmt::format("role_definition_id '{}' is not a built-in role", role_text));
  }
  auto principal = r.GuidAt(i, "principal_id");
  auto created = r.TimeAt(i, "created_at", false);
  auto deleted = r.TimeAt(i, "deleted_at", true);
  const bool deleted_ok = r.Text(i, "deleted_at").empty() || deleted;
  if (!id || !scope.ok() || !role || !FindBuiltInRoleById(*role) || !principal || !created ||
      !deleted_ok) {
    return std::nullopt;
  }
  if (deleted && *deleted <= *created) {
    r.Problem(i, "deleted_at is not after created_at");
    return std::nullopt;
  }
  if (!scope->IsScope()) {
    r.Problem(i, fmt::format("scope '{}' names an extension resource, not a scope", scope_text));
    return std::nullopt;
  }
  auto owner = c.principal_tenant.find(principal->ToString());
  if (owner == c.principal_tenant.end()) {
    r.Problem(i,
              fmt::format("principal {} does not exist (principals.csv)", principal->ToString()));
    return std::nullopt;
  }
  const std::optional<Guid> scope_tenant = ScopeTenant(*scope, owner->second, c);
  if (!scope_tenant) {
    r.Problem(i, fmt::format("scope {} does not exist", scope_text));
    return std::nullopt;
  }
  if (*scope_tenant != owner->second) {
    r.Problem(
        i, fmt::format("principal {} belongs to tenant {}, not to tenant {} that owns "
                       "the scope",
                       principal->ToString(), owner->second.ToString(), scope_tenant->ToString()));
    return std::nullopt;
  }
  return DatasetRoleAssignment{*id,      *scope,  *role,         *principal,
                               *created, deleted, *scope_tenant, r.Line(i)};
}

// Reports each assignment of a group whose interval begins before the previous one ended.
template <typename Groups>
void ReportOverlaps(Groups& groups, std::string_view what, DatasetParseContext& c) {
  for (auto& [key, list] : groups) {
    std::sort(list.begin(), list.end(),
              [](auto* x, auto* y) { return x->created_at < y->created_at; });
    for (size_t k = 1; k < list.size(); ++k) {
      if (!list[k - 1]->deleted_at || *list[k - 1]->deleted_at > list[k]->created_at) {
        c.problems.Add(kRoleAssignmentsTable.file, list[k]->line,
                       fmt::format("{} overlaps the one on line {}", what, list[k - 1]->line));
      }
    }
  }
}

// One assignment id is one grant at a time (an id may be reused after it ended), and so is one
// role for one principal at one scope.
void CheckRows(const Dataset& d, DatasetParseContext& c) {
  std::map<Guid, std::vector<const DatasetRoleAssignment*>> by_id;
  for (const auto& a : d.role_assignments) by_id[a.assignment_id].push_back(&a);
  std::map<std::string, std::vector<const DatasetRoleAssignment*>> by_grant;
  for (const auto& a : d.role_assignments) {
    by_grant[fmt::format("{}|{}|{}", ToLowerAscii(a.scope.ToString()),
                         a.role_definition_id.ToString(), a.principal_id.ToString())]
        .push_back(&a);
  }
  ReportOverlaps(by_id, "this assignment id", c);
  ReportOverlaps(by_grant, "the same role for the same principal at the same scope", c);
}

std::vector<std::string> WriteRow(const DatasetRoleAssignment& a) {
  return {a.assignment_id.ToString(),
          a.scope.ToString(),
          a.role_definition_id.ToString(),
          a.principal_id.ToString(),
          FormatDatasetTime(a.created_at),
          a.deleted_at ? FormatDatasetTime(*a.deleted_at) : std::string()};
}

}  // namespace

constinit const DatasetTable<DatasetRoleAssignment> kRoleAssignmentsTable = {
    "role_assignments.csv",
    kColumns,
    kColumns,
    &Dataset::role_assignments,
    ParseRow,
    CheckRows,
    WriteRow};

}  // namespace pal
