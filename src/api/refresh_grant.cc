// The refresh_token grant: a refresh token this server signed (identity/refresh_token.h) is
// redeemed for new tokens while its account keeps the credential it was issued for.
#include <fmt/format.h>

#include <memory>

#include "api/directory_accounts.h"
#include "api/token_grant.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal::api {

void TokenService::RefreshAndAnswer(const HttpRequest& request, std::shared_ptr<Grant> grant,
                                    Respond respond) const {
  // Store reads and signing: off the network threads.
  auto shared_request = std::make_shared<HttpRequest>(request);
  run_blocking_([this, grant, shared_request, respond]() {
    respond(AnswerRefresh(*shared_request, *grant));
  });
}

HttpResponse TokenService::AnswerRefresh(const HttpRequest& request, Grant& grant) const {
  auto claims = refresh_tokens_.Read(grant.refresh_token);
  if (!claims.ok()) {
    return TokenError(400, "invalid_grant", 9002313,
                      "Invalid request. Request is malformed or invalid: the refresh token is "
                      "malformed or was not issued by this server.",
                      request);
  }
  const Timestamp now = clock_.Now();
  if (claims->expires_at <= now) {
    return TokenError(
        400, "invalid_grant", 700082,
        fmt::format("The refresh token has expired due to inactivity. The token was issued on "
                    "{} and was inactive for {} days.",
                    FormatIso8601(claims->issued_at),
                    identity::RefreshTokenCodec::kLifetime / (24 * 3600 * kMicrosPerSecond)),
        request);
  }
  if (Guid::Parse(claims->client_id) != Guid::Parse(grant.client_id)) {
    return TokenError(400, "invalid_grant", 70000,
                      fmt::format("Provided grant is invalid or malformed: the refresh token "
                                  "was issued to client '{}', not to '{}'.",
                                  claims->client_id, grant.client_id),
                      request);
  }
  auto home = store_.directory().FindPrincipal({claims->tenant_id, claims->object_id});
  if (!home.ok()) return TokenError(500, "server_error", 50000, home.error().message, request);
  if (!*home) {
    return TokenError(400, "invalid_grant", 50034,
                      fmt::format("The user account {} does not exist in the {} directory. To "
                                  "sign into this application, the account must be added to the "
                                  "directory.",
                                  claims->object_id.ToString(), claims->tenant_id.ToString()),
                      request);
  }
  const Principal& account = **home;
  if (refresh_tokens_.CredentialStamp(account.secret_hash) != claims->credential_stamp) {
    return TokenError(
        400, "invalid_grant", 50173,
        fmt::format("The provided grant has expired due to it being revoked, a fresh auth token "
                    "is needed. The user might have changed or reset their password. The grant "
                    "was issued on '{}' and the user's password has been reset since.",
                    FormatIso8601(claims->auth_time)),
        request);
  }
  if (account.secret_expires_at && now >= *account.secret_expires_at) {
    return TokenError(400, "invalid_grant", 50055, "The password is expired.", request);
  }

  // The tenant: the path's (a guest account there when it is not the account's own), or the
  // account's own for "organizations", "common" and the ADFS authority.
  std::optional<Guid> tenant_id;
  if (grant.authority == AuthorityKind::kEntra) tenant_id = Guid::Parse(grant.tenant);
  const bool by_account = grant.authority == AuthorityKind::kAdfs ||
                          EqualsIgnoreCase(grant.tenant, "organizations") ||
                          EqualsIgnoreCase(grant.tenant, "common");
  if (!tenant_id && by_account) tenant_id = account.tenant_id;
  auto tenant = tenant_id ? store_.directory().FindTenant(*tenant_id)
                          : Result<std::optional<Tenant>>(std::nullopt);
  if (!tenant.ok() || !*tenant) {
    return TokenError(400, "invalid_request", 90002,
                      fmt::format("Tenant '{}' not found. Check to make sure you have the "
                                  "correct tenant ID and are signing into the correct cloud.",
                                  grant.tenant),
                      request);
  }
  grant.credential = account;
  if (*tenant_id == account.tenant_id) {
    grant.principal = account;
  } else {
    auto guest = FindGuestAccount(store_, *tenant_id, account.name);
    if (!guest.ok()) return TokenError(500, "server_error", 50000, guest.error().message, request);
    if (!*guest) {
      return TokenError(
          400, "invalid_grant", 50020,
          fmt::format("User account '{}' from identity provider '{}' does not "
                      "exist in tenant '{}' and cannot access the application "
                      "'{}' in that tenant.",
                      account.name, BaseUrlFor(request), tenant_id->ToString(), grant.client_id),
          request);
    }
    grant.principal = **guest;
  }
  grant.auth_time = claims->auth_time;
  return IssueToken(request, grant);
}

}  // namespace pal::api
