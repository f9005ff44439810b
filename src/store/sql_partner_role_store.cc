#include "store/sql_partner_role_store.h"

#include <fmt/format.h>

namespace pal::store {
namespace {

constexpr std::string_view kColumns =
    "organisation_id, tenant_id, object_id, role, granted_at, granted_by_tenant_id, "
    "granted_by_object_id";

PartnerRoleAssignment FromRow(const SqlStatement& r) {
  PartnerRoleAssignment a;
  a.organisation_id = r.ColumnText(0);
  a.principal = {r.ColumnGuid(1), r.ColumnGuid(2)};
  a.role = ParsePartnerRole(r.ColumnText(3)).value_or(PartnerRole::kReportViewer);
  a.granted_at = r.ColumnInt(4);
  a.granted_by = {r.ColumnGuid(5), r.ColumnGuid(6)};
  return a;
}

// 1 when the query binding ?1 (and ?2) finds a row.
Result<bool> Exists(SqlConnection& c, std::string_view sql, const std::string& a,
                    const std::string& b = "") {
  PAL_ASSIGN_OR_RETURN(auto statement, SqlStatement::Prepare(c, sql));
  statement.Bind(1, a);
  if (!b.empty()) statement.Bind(2, b);
  PAL_ASSIGN_OR_RETURN(auto row, statement.Step());
  return row;
}

}  // namespace

Result<void> SqlPartnerRoleStore::SetPartnerHomeTenant(const std::string& organisation_id,
                                                       const Guid& tenant_id) {
  const Error conflict = Error::Conflict("Conflict", "The partner registry changed concurrently.");
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(auto partner,
                         Exists(c, "SELECT 1 FROM partners WHERE partner_id = ?1 OR global_id = ?1",
                                organisation_id));
    if (!partner) {
      return Error::NotFound(
          "PartnerNotFound",
          fmt::format("Partner ID '{}' is not in the registry.", organisation_id));
    }
    PAL_ASSIGN_OR_RETURN(
        auto tenant, Exists(c, "SELECT 1 FROM tenants WHERE tenant_id = ?1", tenant_id.ToString()));
    if (!tenant) {
      return Error::NotFound("TenantNotFound",
                             fmt::format("Tenant '{}' does not exist.", tenant_id.ToString()));
    }
    auto set = SqlConnectionPool::RunOn(
        c, "UPDATE partners SET home_tenant_id = ?2 WHERE partner_id = ?1 OR global_id = ?1",
        [&](SqlStatement& s) { s.Bind(1, organisation_id).Bind(2, tenant_id.ToString()); },
        conflict);
    if (!set.ok()) return set;
    return SqlConnectionPool::RunOn(
        c, "DELETE FROM partner_roles WHERE organisation_id = ?1 AND tenant_id <> ?2",
        [&](SqlStatement& s) { s.Bind(1, organisation_id).Bind(2, tenant_id.ToString()); },
        conflict);
  });
}

Result<void> SqlPartnerRoleStore::AddPartnerRole(const PartnerRoleAssignment& assignment) {
  PartnerRoleAssignment a = assignment;
  a.granted_at = clock_.Now();
  return pool_.Write(
      "INSERT INTO partner_roles(organisation_id, tenant_id, object_id, role, granted_at, "
      "granted_by_tenant_id, "
      "granted_by_object_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      [&](SqlStatement& s) {
        s.Bind(1, a.organisation_id)
            .Bind(2, a.principal.tenant_id.ToString())
            .Bind(3, a.principal.object_id.ToString())
            .Bind(4, PartnerRoleName(a.role))
            .Bind(5, a.granted_at)
            .Bind(6, a.granted_by.tenant_id.ToString())
            .Bind(7, a.granted_by.object_id.ToString());
      },
      Error::Conflict(
          "PartnerRoleExists",
          fmt::format("Principal {} already holds the {} role of partner organisation {}.",
                      a.principal.object_id.ToString(), PartnerRoleName(a.role),
                      a.organisation_id)));
}

Result<void> SqlPartnerRoleStore::RemovePartnerRole(const std::string& organisation_id,
                                                    const PrincipalKey& principal,
                                                    PartnerRole role) {
  const Error conflict = Error::Conflict("Conflict", "The partner roles changed concurrently.");
  bool removed = false;
  auto result = pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    auto deleted = SqlConnectionPool::RunOn(
        c,
        "DELETE FROM partner_roles WHERE organisation_id = ?1 AND tenant_id = ?2 AND object_id = "
        "?3 AND role = ?4",
        [&](SqlStatement& s) {
          s.Bind(1, organisation_id)
              .Bind(2, principal.tenant_id.ToString())
              .Bind(3, principal.object_id.ToString())
              .Bind(4, PartnerRoleName(role));
        },
        conflict);
    if (!deleted.ok()) return deleted;
    removed = c.Changes() > 0;
    return {};
  });
  if (!result.ok()) return result;
  if (!removed) {
    return Error::NotFound(
        "PartnerRoleNotFound",
        fmt::format("Principal {} does not hold the {} role of partner organisation {}.",
                    principal.object_id.ToString(), PartnerRoleName(role), organisation_id));
  }
  return {};
}

Result<std::vector<PartnerRoleAssignment>> SqlPartnerRoleStore::ListPartnerRoles(
    const std::string& organisation_id) {
  return pool_.QueryAll<PartnerRoleAssignment>(
      fmt::format("SELECT {} FROM partner_roles WHERE organisation_id = ?1 ORDER BY tenant_id, "
                  "object_id, role",
                  kColumns),
      [&](SqlStatement& s) { s.Bind(1, organisation_id); }, FromRow);
}

Result<std::vector<PartnerRoleAssignment>> SqlPartnerRoleStore::ListPartnerRolesOfPrincipal(
    const PrincipalKey& principal) {
  return pool_.QueryAll<PartnerRoleAssignment>(
      fmt::format("SELECT {} FROM partner_roles WHERE tenant_id = ?1 AND object_id = ?2 ORDER BY "
                  "organisation_id, role",
                  kColumns),
      [&](SqlStatement& s) {
        s.Bind(1, principal.tenant_id.ToString()).Bind(2, principal.object_id.ToString());
      },
      FromRow);
}

}  // namespace pal::store
