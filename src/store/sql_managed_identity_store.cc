#include "store/sql_managed_identity_store.h"

#include <fmt/format.h>

#include "core/principal.h"

namespace pal::store {

Result<void> SqlManagedIdentityStore::AddManagedIdentity(const PrincipalKey& key,
                                                         const std::string& endpoint_secret_hash) {
  const Timestamp now = clock_.Now();
  return pool_.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_ASSIGN_OR_RETURN(
        auto kind, SqlStatement::Prepare(
                       c, "SELECT kind FROM principals WHERE tenant_id = ?1 AND object_id = ?2"));
    kind.Bind(1, key.tenant_id.ToString()).Bind(2, key.object_id.ToString());
    PAL_ASSIGN_OR_RETURN(auto found, kind.Step());
    if (!found) {
      return Error::NotFound("PrincipalNotFound",
                             fmt::format("Principal {} does not exist in tenant {}.",
                                         key.object_id.ToString(), key.tenant_id.ToString()));
    }
    if (kind.ColumnText(0) != PrincipalKindName(PrincipalKind::kServicePrincipal)) {
      return Error::InvalidArgument(
          "NotAServicePrincipal",
          fmt::format("Principal {} is a {}; only a service principal can be a managed identity.",
                      key.object_id.ToString(), kind.ColumnText(0)));
    }
    return SqlConnectionPool::RunOn(
        c,
        "INSERT INTO managed_identities(tenant_id, object_id, endpoint_secret_hash, created_at) "
        "VALUES (?1, ?2, ?3, ?4)",
        [&](SqlStatement& s) {
          s.Bind(1, key.tenant_id.ToString())
              .Bind(2, key.object_id.ToString())
              .Bind(3, endpoint_secret_hash)
              .Bind(4, now);
        },
        Error::Conflict(
            "ManagedIdentityExists",
            fmt::format("Principal {} is a managed identity already.", key.object_id.ToString())));
  });
}

Result<std::optional<PrincipalKey>> SqlManagedIdentityStore::FindManagedIdentity(
    const std::string& endpoint_secret_hash) {
  return pool_.QueryOne<PrincipalKey>(
      "SELECT tenant_id, object_id FROM managed_identities WHERE endpoint_secret_hash = ?1",
      [&](SqlStatement& s) { s.Bind(1, endpoint_secret_hash); },
      [](const SqlStatement& r) {
        return PrincipalKey{r.ColumnGuid(0), r.ColumnGuid(1)};
      });
}

Result<bool> SqlManagedIdentityStore::IsManagedIdentity(const PrincipalKey& key) {
  PAL_ASSIGN_OR_RETURN(
      auto found, pool_.QueryOne<int>(
                      "SELECT 1 FROM managed_identities WHERE tenant_id = ?1 AND object_id = ?2",
                      [&](SqlStatement& s) {
                        s.Bind(1, key.tenant_id.ToString()).Bind(2, key.object_id.ToString());
                      },
                      [](const SqlStatement&) { return 1; }));
  return found.has_value();
}

}  // namespace pal::store
