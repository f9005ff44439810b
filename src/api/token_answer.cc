// The token endpoint's successful answer, shaped as Entra's v2.0 endpoint shapes it.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/token_grant.h"
#include "core/text.h"
#include "identity/id_token.h"

namespace pal::api {
namespace {

constexpr std::string_view kDefaultSuffix = ".default";

// True when the space-separated `scope` names `name` (case-insensitively).
bool HasScope(std::string_view scope, std::string_view name) {
  for (std::string_view rest = scope; !rest.empty();) {
    const size_t space = rest.find(' ');
    if (EqualsIgnoreCase(rest.substr(0, space), name)) return true;
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  }
  return false;
}

// What a user's token grants, as Entra words it for "{resource}/.default":
// "{resource}/user_impersonation {resource}/.default", the resource spelt as requested (so the
// client finds its token again under the scope it asked for).
std::string GrantedScope(const std::string& default_scope) {
  const std::string_view prefix =
      std::string_view(default_scope).substr(0, default_scope.size() - kDefaultSuffix.size());
  return fmt::format("{}user_impersonation {}", prefix, default_scope);
}

HttpResponse NoStore(int status, const nlohmann::json& body) {
  HttpResponse response = JsonResponse(status, body.dump());
  response.SetHeader("Cache-Control", "no-store, no-cache");
  response.SetHeader("Pragma", "no-cache");
  return response;
}

}  // namespace

HttpResponse TokenService::IssueToken(const HttpRequest& request, const Grant& grant) const {
  const Principal& subject = *grant.principal;
  const std::string base = BaseUrlFor(request);
  identity::AccessTokenClaims claims;
  claims.tenant_id = subject.tenant_id;
  claims.object_id = subject.object_id;
  claims.name = subject.name;
  if (subject.kind == PrincipalKind::kServicePrincipal) {
    claims.app_id = subject.app_id;
    claims.idtyp = "app";
  } else {
    claims.upn = subject.name;
    claims.idtyp = "user";
  }
  claims.audience = grant.resource;
  claims.issuer = IssuerOf(grant.authority, base, subject.tenant_id);
  auto issued = issuer_.Issue(claims);
  if (!issued.ok()) return TokenError(500, "server_error", 50000, issued.error().message, request);
  nlohmann::json body = {{"token_type", "Bearer"},
                         {"expires_in", issued->expires_in_seconds},
                         {"ext_expires_in", issued->expires_in_seconds},
                         {"access_token", issued->access_token}};
  if (grant.app_grant) return NoStore(200, body);

  // A user's: the scope granted, and what the client asked for besides. The account is the one
  // whose credential was checked (a guest's home user): the client keeps one account per person
  // across tenants.
  const Principal& account = *grant.credential;
  body["scope"] = GrantedScope(grant.default_scope);
  if (HasScope(grant.scope, "openid")) {
    identity::IdTokenClaims id;
    id.issuer = claims.issuer;
    id.audience = grant.client_id;
    id.tenant_id = subject.tenant_id;
    id.object_id = subject.object_id;
    id.name = account.name;
    id.preferred_username = account.name;
    if (!grant.nonce.empty()) id.nonce = grant.nonce;
    id.with_upn = grant.authority == AuthorityKind::kAdfs;
    auto id_token = issuer_.IssueIdToken(std::move(id));
    if (!id_token.ok())
      return TokenError(500, "server_error", 50000, id_token.error().message, request);
    body["id_token"] = *id_token;
  }
  if (grant.client_info == "1") {
    body["client_info"] = identity::ClientInfo(account.object_id, account.tenant_id);
  }
  if (HasScope(grant.scope, "offline_access")) {
    auto refresh = refresh_tokens_.Issue(
        {.tenant_id = account.tenant_id,
         .object_id = account.object_id,
         .client_id = ToLowerAscii(grant.client_id),
         .credential_stamp = refresh_tokens_.CredentialStamp(account.secret_hash),
         .auth_time = grant.auth_time});
    if (!refresh.ok())
      return TokenError(500, "server_error", 50000, refresh.error().message, request);
    body["refresh_token"] = *refresh;
  }
  return NoStore(200, body);
}

}  // namespace pal::api
