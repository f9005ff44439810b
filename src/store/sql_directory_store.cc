#include "store/sql_directory_store.h"

#include <fmt/format.h>

#include "core/text.h"

namespace pal::store {
namespace {

constexpr std::string_view kPrincipalColumns =
    "tenant_id, object_id, kind, name, app_id, secret_hash, created_at, secret_expires_at";

Tenant TenantFromRow(const SqlStatement& row) {
  return Tenant{row.ColumnGuid(0), row.ColumnText(1), row.ColumnInt(2)};
}

Principal PrincipalFromRow(const SqlStatement& row) {
  Principal p;
  p.tenant_id = row.ColumnGuid(0);
  p.object_id = row.ColumnGuid(1);
  p.kind = ParsePrincipalKind(row.ColumnText(2)).value_or(PrincipalKind::kUser);
  p.name = row.ColumnText(3);
  if (auto app = row.ColumnOptionalText(4)) p.app_id = Guid::Parse(*app);
  p.secret_hash = row.ColumnText(5);
  p.created_at = row.ColumnInt(6);
  p.secret_expires_at = row.ColumnOptionalInt(7);
  return p;
}

// One row of principal_history, in force from `from`; the actor is the pal administrator.
Result<void> AppendPrincipalHistory(SqlConnection& connection, const Principal& p,
                                    std::string_view action, Timestamp from,
                                    const Error& conflict) {
  std::optional<std::string> app;
  if (p.app_id) app = p.app_id->ToString();
  const std::string administrator = Guid().ToString();
  return SqlConnectionPool::RunOn(
      connection,
      "INSERT INTO principal_history(tenant_id, object_id, action, kind, name, app_id, "
      "secret_expires_at, actor_tenant_id, actor_object_id, valid_from) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6, ?7, ?8, ?8, ?9)",
      [&](SqlStatement& s) {
        s.Bind(1, p.tenant_id.ToString())
            .Bind(2, p.object_id.ToString())
            .Bind(3, action)
            .Bind(4, PrincipalKindName(p.kind))
            .Bind(5, p.name)
            .BindOptional(6, app)
            .BindOptional(7, p.secret_expires_at)
            .Bind(8, administrator)
            .Bind(9, from);
      },
      conflict);
}

}  // namespace

Result<void> SqlDirectoryStore::CreateTenant(const Tenant& tenant) {
  return pool_.Write(
      "INSERT INTO tenants(tenant_id, name, created_at) VALUES (?1, ?2, ?3)",
      [&](SqlStatement& s) {
        s.Bind(1, tenant.id.ToString()).Bind(2, tenant.name).Bind(3, tenant.created_at);
      },
      AlreadyExists(fmt::format("Tenant '{}'", tenant.id.ToString())));
}

Result<void> SqlDirectoryStore::CreateTenantWithRootGroup(const Tenant& tenant,
                                                          const ManagementGroup& root_group) {
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        connection, "INSERT INTO tenants(tenant_id, name, created_at) VALUES (?1, ?2, ?3)",
        [&](SqlStatement& s) {
          s.Bind(1, tenant.id.ToString()).Bind(2, tenant.name).Bind(3, tenant.created_at);
        },
        AlreadyExists(fmt::format("Tenant '{}'", tenant.id.ToString()))));
    return SqlConnectionPool::RunOn(
        connection,
        "INSERT INTO management_groups(group_id, tenant_id, display_name, parent_id, created_at) "
        "VALUES (?1, ?2, ?3, NULL, ?4)",
        [&](SqlStatement& s) {
          s.Bind(1, root_group.group_id)
              .Bind(2, root_group.tenant_id.ToString())
              .Bind(3, root_group.display_name)
              .Bind(4, root_group.created_at);
        },
        AlreadyExists(fmt::format("Management group '{}'", root_group.group_id)));
  });
}

Result<std::optional<Tenant>> SqlDirectoryStore::FindTenant(const Guid& tenant_id) {
  return pool_.QueryOne<Tenant>(
      "SELECT tenant_id, name, created_at FROM tenants WHERE tenant_id = ?1",
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, TenantFromRow);
}

Result<std::vector<Tenant>> SqlDirectoryStore::ListTenants() {
  return pool_.QueryAll<Tenant>(
      "SELECT tenant_id, name, created_at FROM tenants ORDER BY name", [](SqlStatement&) {},
      TenantFromRow);
}

Result<void> SqlDirectoryStore::CreatePrincipal(const Principal& principal) {
  Principal p = principal;
  p.created_at = clock_.Now();
  PAL_ASSIGN_OR_RETURN(auto tenant, FindTenant(p.tenant_id));
  if (!tenant) {
    return Error::NotFound("TenantNotFound",
                           fmt::format("Tenant '{}' does not exist.", p.tenant_id.ToString()));
  }
  std::optional<std::string> sign_in;
  if (p.kind != PrincipalKind::kServicePrincipal) sign_in = ToLowerAscii(p.name);
  std::optional<std::string> app;
  if (p.app_id) app = p.app_id->ToString();
  const Error exists = AlreadyExists(fmt::format(
      "A principal named '{}' (or with that id) in tenant '{}'", p.name, p.tenant_id.ToString()));
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        connection,
        "INSERT INTO principals(tenant_id, object_id, kind, name, sign_in_name, app_id, "
        "secret_hash, created_at, secret_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        [&](SqlStatement& s) {
          s.Bind(1, p.tenant_id.ToString())
              .Bind(2, p.object_id.ToString())
              .Bind(3, PrincipalKindName(p.kind))
              .Bind(4, p.name)
              .BindOptional(5, sign_in)
              .BindOptional(6, app)
              .Bind(7, p.secret_hash)
              .Bind(8, p.created_at)
              .BindOptional(9, p.secret_expires_at);
        },
        exists));
    return AppendPrincipalHistory(connection, p, "create", p.created_at, exists);
  });
}

Result<void> SqlDirectoryStore::SetPrincipalSecretHash(const PrincipalKey& key,
                                                       const std::string& secret_hash,
                                                       std::optional<Timestamp> expires_at) {
  return ResetSecret(key, secret_hash, expires_at, std::nullopt);
}

Result<void> SqlDirectoryStore::SetPrincipalSecretHashAndAppId(const PrincipalKey& key,
                                                               const std::string& secret_hash,
                                                               std::optional<Timestamp> expires_at,
                                                               const Guid& app_id) {
  return ResetSecret(key, secret_hash, expires_at, app_id);
}

Result<void> SqlDirectoryStore::ResetSecret(const PrincipalKey& key, const std::string& secret_hash,
                                            std::optional<Timestamp> expires_at,
                                            std::optional<Guid> app_id) {
  // Principals are never deleted, so checking first cannot race with a removal.
  PAL_ASSIGN_OR_RETURN(auto existing, FindPrincipal(key));
  if (!existing) {
    return Error::NotFound("PrincipalNotFound",
                           fmt::format("Principal '{}' does not exist in tenant '{}'.",
                                       key.object_id.ToString(), key.tenant_id.ToString()));
  }
  if (app_id && (existing->app_id || existing->kind != PrincipalKind::kServicePrincipal)) {
    return Error::Conflict(
        "AppIdNotAssignable",
        fmt::format("Principal '{}' {}; only a service principal without one gets an app id.",
                    key.object_id.ToString(),
                    existing->app_id ? "already has an app id" : "is no service principal"));
  }
  const Error conflict = AlreadyExists(app_id ? "A principal with that app id" : "The principal");
  const Timestamp now = clock_.Now();
  std::optional<std::string> app_text;
  if (app_id) app_text = app_id->ToString();
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    // The app id is set only where there is none, so a concurrent reset cannot give two.
    PAL_TRY(SqlConnectionPool::RunOn(
        connection,
        "UPDATE principals SET secret_hash = ?3, secret_expires_at = ?4, "
        "app_id = COALESCE(app_id, ?5) WHERE tenant_id = ?1 AND object_id = ?2",
        [&](SqlStatement& s) {
          s.Bind(1, key.tenant_id.ToString())
              .Bind(2, key.object_id.ToString())
              .Bind(3, secret_hash)
              .BindOptional(4, expires_at)
              .BindOptional(5, app_text);
        },
        conflict));
    PAL_TRY(SqlConnectionPool::RunOn(
        connection,
        "UPDATE principal_history SET valid_to = ?3 WHERE tenant_id = ?1 AND object_id = ?2 "
        "AND valid_to IS NULL",
        [&](SqlStatement& s) {
          s.Bind(1, key.tenant_id.ToString()).Bind(2, key.object_id.ToString()).Bind(3, now);
        },
        conflict));
    Principal changed = *existing;
    changed.secret_expires_at = expires_at;
    if (app_id) changed.app_id = app_id;
    return AppendPrincipalHistory(connection, changed, "reset-secret", now, conflict);
  });
}

Result<std::optional<Principal>> SqlDirectoryStore::FindPrincipal(const PrincipalKey& key) {
  return pool_.QueryOne<Principal>(
      fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 AND object_id = ?2",
                  kPrincipalColumns),
      [&](SqlStatement& s) {
        s.Bind(1, key.tenant_id.ToString()).Bind(2, key.object_id.ToString());
      },
      PrincipalFromRow);
}

Result<std::optional<Principal>> SqlDirectoryStore::FindPrincipalByAppId(const Guid& tenant_id,
                                                                         const Guid& app_id) {
  return pool_.QueryOne<Principal>(
      fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 AND app_id = ?2",
                  kPrincipalColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, app_id.ToString()); },
      PrincipalFromRow);
}

Result<std::optional<Principal>> SqlDirectoryStore::FindPrincipalBySignInName(
    const Guid& tenant_id, const std::string& name) {
  return pool_.QueryOne<Principal>(
      fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 AND sign_in_name = ?2",
                  kPrincipalColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()).Bind(2, ToLowerAscii(name)); },
      PrincipalFromRow);
}

Result<std::vector<Principal>> SqlDirectoryStore::ListPrincipals(const Guid& tenant_id) {
  return pool_.QueryAll<Principal>(
      fmt::format("SELECT {} FROM principals WHERE tenant_id = ?1 ORDER BY kind, name",
                  kPrincipalColumns),
      [&](SqlStatement& s) { s.Bind(1, tenant_id.ToString()); }, PrincipalFromRow);
}

}  // namespace pal::store
