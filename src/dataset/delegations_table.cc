#include <fmt/format.h>

#include <array>
#include <map>
#include <set>

#include "core/delegation.h"
#include "core/text.h"
#include "dataset/dataset_tables.h"

namespace pal {
namespace {

constexpr std::array<std::string_view, 7> kColumns = {
    "delegation_id",      "scope",      "managing_tenant_id", "principal_id",
    "role_definition_id", "created_at", "deleted_at"};

// The customer tenant (the one owning the scope) of a row whose cells all parsed; reports the
// row and returns nullopt when the scope, the managing tenant or the principal do not fit.
std::optional<Guid> CustomerTenant(DatasetRowReader& r, size_t i, const ResourceId& scope,
                                   const Guid& managing, const Guid& principal,
                                   const DatasetParseContext& c) {
  const std::string scope_text = r.Text(i, "scope");
  if (!scope.subscription_id() || scope.level() == ScopeLevel::kResource || !scope.IsScope()) {
    r.Problem(i, fmt::format("scope '{}' is not a subscription or resource group", scope_text));
    return std::nullopt;
  }
  auto customer = c.subscription_tenant.find(ToLowerAscii(*scope.subscription_id()));
  if (customer == c.subscription_tenant.end()) {
    r.Problem(i, fmt::format("scope {} does not exist", scope_text));
    return std::nullopt;
  }
  if (!c.tenants.count(managing)) {
    r.Problem(i,
              fmt::format("managing tenant {} does not exist (tenants.csv)", managing.ToString()));
    return std::nullopt;
  }
  if (managing == customer->second) {
    r.Problem(i, "the managing tenant is the customer's own tenant");
    return std::nullopt;
  }
  auto owner = c.principal_tenant.find(principal.ToString());
  if (owner == c.principal_tenant.end() || owner->second != managing) {
    r.Problem(i, fmt::format("principal {} does not exist in the managing tenant {}",
                             principal.ToString(), managing.ToString()));
    return std::nullopt;
  }
  return customer->second;
}

std::optional<DatasetDelegation> ParseRow(DatasetRowReader& r, size_t i, DatasetParseContext& c) {
  auto id = r.GuidAt(i, "delegation_id");
  auto scope = ResourceId::Parse(r.Text(i, "scope"));
  if (!scope.ok()) r.Problem(i, fmt::format("scope: {}", scope.error().message));
  auto managing = r.GuidAt(i, "managing_tenant_id");
  auto principal = r.GuidAt(i, "principal_id");
  const std::string role_text = r.Text(i, "role_definition_id");
  auto role = Guid::ParseLastSegment(role_text);
  auto created = r.TimeAt(i, "created_at", false);
  auto deleted = r.TimeAt(i, "deleted_at", true);
  if (!role) r.Problem(i, fmt::format("role_definition_id '{}' is not a GUID", role_text));
  if (!id || !scope.ok() || !managing || !principal || !role || !created ||
      (!r.Text(i, "deleted_at").empty() && !deleted)) {
    return std::nullopt;
  }
  if (deleted && *deleted <= *created) {
    r.Problem(i, "deleted_at is not after created_at");
    return std::nullopt;
  }
  auto customer = CustomerTenant(r, i, *scope, *managing, *principal, c);
  if (!customer) return std::nullopt;
  if (auto allowed = ValidateDelegationAuthorizations(*id, {{*principal, "", *role}});
      !allowed.ok()) {
    r.Problem(i, allowed.error().message);
    return std::nullopt;
  }
  return DatasetDelegation{*id,      *scope,  *managing, *principal, *role,
                           *created, deleted, *customer, r.Line(i)};
}

// The rows of one delegation are one assignment: same scope, tenant and interval, and each
// (principal, role) once. A delegation is its id in the customer's tenant (the one owning the
// scope): two customers may use the same id, as two delegations.
void CheckRows(const Dataset& d, DatasetParseContext& c) {
  std::map<std::pair<Guid, Guid>, const DatasetDelegation*> first;
  std::set<std::string> grants;
  for (const auto& g : d.delegations) {
    auto [it, fresh] = first.emplace(std::pair{g.customer_tenant_id, g.delegation_id}, &g);
    const DatasetDelegation& f = *it->second;
    if (!fresh && (!(f.scope == g.scope) || f.managing_tenant_id != g.managing_tenant_id ||
                   f.created_at != g.created_at || f.deleted_at != g.deleted_at)) {
      c.problems.Add(kDelegationsTable.file, g.line,
                     fmt::format("delegation {} differs from its row on line {} in scope, "
                                 "managing tenant or interval",
                                 g.delegation_id.ToString(), f.line));
    }
    if (!grants
             .insert(fmt::format("{}|{}|{}|{}", g.customer_tenant_id.ToString(),
                                 g.delegation_id.ToString(), g.principal_id.ToString(),
                                 g.role_definition_id.ToString()))
             .second) {
      c.problems.Add(kDelegationsTable.file, g.line,
                     "this principal and role appear twice in the delegation");
    }
  }
}

std::vector<std::string> WriteRow(const DatasetDelegation& g) {
  return {g.delegation_id.ToString(),
          g.scope.ToString(),
          g.managing_tenant_id.ToString(),
          g.principal_id.ToString(),
          g.role_definition_id.ToString(),
          FormatDatasetTime(g.created_at),
          g.deleted_at ? FormatDatasetTime(*g.deleted_at) : std::string()};
}

}  // namespace

constinit const DatasetTable<DatasetDelegation> kDelegationsTable = {
    "lighthouse.csv", kColumns, kColumns, &Dataset::delegations, ParseRow, CheckRows, WriteRow};

}  // namespace pal
