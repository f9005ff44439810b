#include "store/sql_credential_store.h"

#include <fmt/format.h>

#include <sstream>

namespace pal::store {
namespace {

CertificateCredential CertificateFromRow(const SqlStatement& r) {
  CertificateCredential c;
  c.principal = {r.ColumnGuid(0), r.ColumnGuid(1)};
  c.key_id = r.ColumnGuid(2);
  c.thumbprint_sha1 = r.ColumnText(3);
  c.thumbprint_sha256 = r.ColumnText(4);
  c.subject = r.ColumnText(5);
  c.not_before = r.ColumnInt(6);
  c.not_after = r.ColumnInt(7);
  c.certificate_pem = r.ColumnText(8);
  c.created_at = r.ColumnInt(9);
  return c;
}

FederatedCredential FederatedFromRow(const SqlStatement& r) {
  FederatedCredential f;
  f.principal = {r.ColumnGuid(0), r.ColumnGuid(1)};
  f.name = r.ColumnText(2);
  f.issuer = r.ColumnText(3);
  f.subject = r.ColumnText(4);
  std::istringstream audiences(r.ColumnText(5));
  for (std::string line; std::getline(audiences, line);) f.audiences.push_back(line);
  f.created_at = r.ColumnInt(6);
  return f;
}

// The number the query (binding ?1 and ?2 to the principal) counts.
Result<std::int64_t> Count(SqlConnection& c, std::string_view sql, const PrincipalKey& p) {
  PAL_ASSIGN_OR_RETURN(auto statement, SqlStatement::Prepare(c, sql));
  statement.Bind(1, p.tenant_id.ToString()).Bind(2, p.object_id.ToString());
  PAL_ASSIGN_OR_RETURN(auto row, statement.Step());
  return row ? statement.ColumnInt(0) : 0;
}

// kNotFound unless `p` is a service principal.
Result<void> RequireServicePrincipal(SqlConnection& c, const PrincipalKey& p) {
  PAL_ASSIGN_OR_RETURN(auto found, Count(c,
                                         "SELECT COUNT(*) FROM principals WHERE tenant_id = ?1 AND "
                                         "object_id = ?2 AND kind = 'ServicePrincipal'",
                                         p));
  if (found == 0) {
    return Error::NotFound("PrincipalNotFound",
                           fmt::format("There is no service principal '{}' in tenant '{}'.",
                                       p.object_id.ToString(), p.tenant_id.ToString()));
  }
  return {};
}

// Runs a DELETE binding the principal and `key`; kNotFound `missing` if it removed nothing.
Result<void> DeleteOne(SqlConnectionPool& pool, std::string_view sql, const PrincipalKey& p,
                       const std::string& key, const Error& missing) {
  return pool.Transaction([&](SqlConnection& c) -> Result<void> {
    PAL_TRY(SqlConnectionPool::RunOn(
        c, sql,
        [&](SqlStatement& s) {
          s.Bind(1, p.tenant_id.ToString()).Bind(2, p.object_id.ToString()).Bind(3, key);
        },
        missing));
    if (c.Changes() == 0) return missing;
    return {};
  });
}

}  // namespace

Result<void> SqlCredentialStore::AddCertificate(const CertificateCredential& certificate) {
  CertificateCredential c = certificate;
  c.created_at = clock_.Now();
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    PAL_TRY(RequireServicePrincipal(connection, c.principal));
    return SqlConnectionPool::RunOn(
        connection,
        "INSERT INTO principal_certificates(tenant_id, object_id, key_id, thumbprint_sha1, "
        "thumbprint_sha256, subject, not_before, not_after, certificate_pem, created_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        [&](SqlStatement& s) {
          s.Bind(1, c.principal.tenant_id.ToString())
              .Bind(2, c.principal.object_id.ToString())
              .Bind(3, c.key_id.ToString())
              .Bind(4, c.thumbprint_sha1)
              .Bind(5, c.thumbprint_sha256)
              .Bind(6, c.subject)
              .Bind(7, c.not_before)
              .Bind(8, c.not_after)
              .Bind(9, c.certificate_pem)
              .Bind(10, c.created_at);
        },
        AlreadyExists(fmt::format("A certificate with thumbprint {} for this service principal",
                                  c.thumbprint_sha1)));
  });
}

Result<std::vector<CertificateCredential>> SqlCredentialStore::ListCertificates(
    const PrincipalKey& principal) {
  return pool_.QueryAll<CertificateCredential>(
      "SELECT tenant_id, object_id, key_id, thumbprint_sha1, thumbprint_sha256, subject, "
      "not_before, not_after, certificate_pem, created_at FROM principal_certificates WHERE "
      "tenant_id = ?1 AND object_id = ?2 ORDER BY created_at, key_id",
      [&](SqlStatement& s) {
        s.Bind(1, principal.tenant_id.ToString()).Bind(2, principal.object_id.ToString());
      },
      CertificateFromRow);
}

Result<void> SqlCredentialStore::RemoveCertificate(const PrincipalKey& principal,
                                                   const Guid& key_id) {
  return DeleteOne(
      pool_,
      "DELETE FROM principal_certificates WHERE tenant_id = ?1 AND object_id = ?2 AND key_id = ?3",
      principal, key_id.ToString(),
      Error::NotFound("CredentialNotFound",
                      fmt::format("The service principal has no certificate with key id '{}'.",
                                  key_id.ToString())));
}

Result<void> SqlCredentialStore::AddFederatedCredential(const FederatedCredential& credential) {
  FederatedCredential f = credential;
  f.created_at = clock_.Now();
  // One audience a line (an audience is a URI or name, never with a line break).
  const std::string audiences = fmt::format("{}", fmt::join(f.audiences, "\n"));
  return pool_.Transaction([&](SqlConnection& connection) -> Result<void> {
    PAL_TRY(RequireServicePrincipal(connection, f.principal));
    PAL_ASSIGN_OR_RETURN(auto count, Count(connection,
                                           "SELECT COUNT(*) FROM federated_credentials WHERE "
                                           "tenant_id = ?1 AND object_id = ?2",
                                           f.principal));
    if (count >= static_cast<std::int64_t>(kMaxFederatedCredentials)) {
      return Error::Conflict(
          "FederatedIdentityCredentialLimitExceeded",
          fmt::format("The service principal has {} federated identity credentials, the most an "
                      "application may have; remove one first.",
                      kMaxFederatedCredentials));
    }
    return SqlConnectionPool::RunOn(
        connection,
        "INSERT INTO federated_credentials(tenant_id, object_id, name, issuer, subject, audiences, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        [&](SqlStatement& s) {
          s.Bind(1, f.principal.tenant_id.ToString())
              .Bind(2, f.principal.object_id.ToString())
              .Bind(3, f.name)
              .Bind(4, f.issuer)
              .Bind(5, f.subject)
              .Bind(6, audiences)
              .Bind(7, f.created_at);
        },
        AlreadyExists(fmt::format("A federated identity credential named '{}' or with issuer '{}' "
                                  "and subject '{}'",
                                  f.name, f.issuer, f.subject)));
  });
}

Result<std::vector<FederatedCredential>> SqlCredentialStore::ListFederatedCredentials(
    const PrincipalKey& principal) {
  return pool_.QueryAll<FederatedCredential>(
      "SELECT tenant_id, object_id, name, issuer, subject, audiences, created_at FROM "
      "federated_credentials WHERE tenant_id = ?1 AND object_id = ?2 ORDER BY name",
      [&](SqlStatement& s) {
        s.Bind(1, principal.tenant_id.ToString()).Bind(2, principal.object_id.ToString());
      },
      FederatedFromRow);
}

Result<void> SqlCredentialStore::RemoveFederatedCredential(const PrincipalKey& principal,
                                                           const std::string& name) {
  return DeleteOne(
      pool_,
      "DELETE FROM federated_credentials WHERE tenant_id = ?1 AND object_id = ?2 AND name = ?3",
      principal, name,
      Error::NotFound("CredentialNotFound",
                      fmt::format("The service principal has no federated identity credential "
                                  "named '{}'.",
                                  name)));
}

}  // namespace pal::store
