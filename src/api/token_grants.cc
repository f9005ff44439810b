// The token endpoint's steps for every grant, and the secret check of the client_credentials
// and password grants.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "api/directory_accounts.h"
#include "api/token_grant.h"
#include "api/url_encoding.h"
#include "core/text.h"
#include "identity/secret_hash.h"

namespace pal::api {
namespace {

constexpr std::string_view kDefaultScopeSuffix = "/.default";
constexpr std::string_view kWrongCredentials =
    "Error validating credentials due to invalid username or password.";
// The form fields the token endpoint reads; each may be given once.
constexpr std::string_view kTokenFields[] = {
    "grant_type",    "client_id",     "client_secret", "scope", "username",
    "password",      "refresh_token", "client_info",   "nonce", "code",
    "code_verifier", "redirect_uri",  "device_code"};
// RFC 8628's grant type, and the short form msal-node sends.
constexpr std::string_view kDeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

// The service principal with application id `client_id` in any tenant; nullopt when there is
// none, more than one, or the id is no GUID (the ADFS authority has no tenant in its path).
std::optional<Principal> FindApplicationInAnyTenant(store::Store& store,
                                                    const std::string& client_id) {
  auto app_id = Guid::Parse(client_id);
  if (!app_id) return std::nullopt;
  auto tenants = store.directory().ListTenants();
  if (!tenants.ok()) return std::nullopt;
  std::optional<Principal> app;
  for (const auto& tenant : *tenants) {
    auto found = store.directory().FindPrincipalByAppId(tenant.id, *app_id);
    if (!found.ok() || !*found) continue;
    if (app) return std::nullopt;  // ambiguous: sign in at the tenant's authority instead
    app = **found;
  }
  return app;
}

}  // namespace

void TokenService::Token(const HttpRequest& request, const AuthorityPath& path, Respond respond) {
  auto grant = std::make_shared<Grant>();
  grant->authority = path.kind;
  grant->tenant = path.kind == AuthorityKind::kAdfs ? "adfs" : path.tenant;
  std::optional<HttpResponse> refused = RefuseLockedAddress(request);
  if (!refused) refused = ReadForm(request, *grant);
  if (!refused) refused = RequireFields(request, *grant);
  if (!refused && (grant->code_grant || grant->device_grant)) {
    return RedeemCodeAndAnswer(request, std::move(grant), std::move(respond));
  }
  if (!refused && grant->refresh_grant) {
    refused = FindResource(request, *grant);
    if (refused) return respond(std::move(*refused));
    return RefreshAndAnswer(request, std::move(grant), std::move(respond));
  }
  if (!refused) refused = FindTenant(request, *grant);
  if (!refused) refused = FindResource(request, *grant);
  if (!refused) refused = RefuseLockedAccount(request, *grant);
  if (refused) return respond(std::move(*refused));
  FindAccount(*grant);
  if (grant->app_grant && !grant->client_assertion.empty()) {
    return CheckAssertionAndAnswer(request, std::move(grant), std::move(respond));
  }
  CheckSecretAndAnswer(request, std::move(grant), std::move(respond));
}

std::optional<HttpResponse> TokenService::RefuseLockedAddress(const HttpRequest& request) const {
  if (!options_.addresses) return std::nullopt;
  auto wait = options_.addresses->LockedFor(request.client_address, clock_.Now());
  if (!wait) return std::nullopt;
  HttpResponse response = TokenError(
      429, "temporarily_unavailable", 50196,
      fmt::format("Too many failed sign-in attempts from this client address. Retry after "
                  "{} second(s).",
                  *wait),
      request);
  response.SetHeader("Retry-After", std::to_string(*wait));
  return response;
}

std::optional<HttpResponse> TokenService::ReadForm(const HttpRequest& request, Grant& grant) const {
  std::vector<std::string_view> given;
  std::string* const targets[] = {&grant.grant_type,    &grant.client_id,     &grant.client_secret,
                                  &grant.scope,         &grant.username,      &grant.password,
                                  &grant.refresh_token, &grant.client_info,   &grant.nonce,
                                  &grant.code,          &grant.code_verifier, &grant.redirect_uri,
                                  &grant.device_code};
  for (auto& [name, value] : ParseFormEncoded(request.body)) {
    for (std::size_t i = 0; i < std::size(kTokenFields); ++i) {
      const std::string_view field = kTokenFields[i];
      if (name != field) continue;
      if (std::find(given.begin(), given.end(), field) != given.end()) {
        return TokenError(400, "invalid_request", 9002313,
                          fmt::format("Invalid request. Request is malformed or invalid: the "
                                      "parameter '{}' is given more than once.",
                                      field),
                          request);
      }
      given.push_back(field);
      *targets[i] = value;
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> TokenService::RequireFields(const HttpRequest& request,
                                                        Grant& grant) const {
  if (grant.grant_type.empty()) {
    return TokenError(400, "invalid_request", 900144,
                      "The request body must contain the following parameter: 'grant_type'.",
                      request);
  }
  grant.app_grant = grant.grant_type == "client_credentials";
  grant.refresh_grant = grant.grant_type == "refresh_token";
  grant.code_grant = grant.grant_type == "authorization_code";
  grant.device_grant = grant.grant_type == kDeviceCodeGrant || grant.grant_type == "device_code";
  if (!grant.app_grant && !grant.refresh_grant && !grant.code_grant && !grant.device_grant &&
      grant.grant_type != "password") {
    return TokenError(400, "unsupported_grant_type", 70003,
                      fmt::format("The app requested an unsupported grant type '{}'. Supported: "
                                  "client_credentials, password, refresh_token, "
                                  "authorization_code, {}.",
                                  grant.grant_type, kDeviceCodeGrant),
                      request);
  }
  // The code grants take the scope of their authorization request when they send none.
  std::vector<std::pair<std::string_view, const std::string*>> needed = {
      {"client_id", &grant.client_id}};
  if (!grant.code_grant && !grant.device_grant) needed.push_back({"scope", &grant.scope});
  if (grant.code_grant) {
    needed.push_back({"code", &grant.code});
    needed.push_back({"redirect_uri", &grant.redirect_uri});
  } else if (grant.device_grant) {
    needed.push_back({"device_code", &grant.device_code});
  } else if (grant.app_grant) {
    if (auto refused = RequireAssertionFields(request, grant)) return refused;
    if (grant.client_assertion.empty()) needed.push_back({"client_secret", &grant.client_secret});
  } else if (grant.refresh_grant) {
    needed.push_back({"refresh_token", &grant.refresh_token});
  } else {
    needed.push_back({"username", &grant.username});
    needed.push_back({"password", &grant.password});
  }
  for (auto [name, value] : needed) {
    if (value->empty()) {
      return TokenError(
          400, "invalid_request", 900144,
          fmt::format("The request body must contain the following parameter: '{}'.", name),
          request);
    }
  }
  // A user's tokens name the client (the ID token's audience, the refresh token's holder):
  // client ids are application ids, GUIDs.
  if (!grant.app_grant && !Guid::Parse(grant.client_id)) {
    return TokenError(400, "unauthorized_client", 700016,
                      fmt::format("Application with identifier '{}' was not found in the "
                                  "directory '{}'. A client id is an application id (a GUID).",
                                  grant.client_id, grant.tenant),
                      request);
  }
  return std::nullopt;
}

std::optional<HttpResponse> TokenService::FindTenant(const HttpRequest& request,
                                                     Grant& grant) const {
  if (grant.authority == AuthorityKind::kAdfs) {
    // No tenant in the path: the application's, or the user's home tenant.
    if (grant.app_grant) {
      if (auto app = FindApplicationInAnyTenant(store_, grant.client_id)) {
        grant.tenant_id = app->tenant_id;
      } else {
        grant.unknown_account = true;
      }
      return std::nullopt;
    }
  } else {
    grant.tenant_id = Guid::Parse(grant.tenant);
  }
  // The "organizations" and "common" authorities (and ADFS): a user signs in to its home
  // tenant, found by its sign-in name.
  if (!grant.tenant_id && !grant.app_grant &&
      (grant.authority == AuthorityKind::kAdfs || EqualsIgnoreCase(grant.tenant, "organizations") ||
       EqualsIgnoreCase(grant.tenant, "common"))) {
    auto home = FindHomeUser(store_, grant.username);
    if (home.ok() && *home) {
      grant.home_user = **home;
      grant.tenant_id = grant.home_user->tenant_id;
    } else {
      grant.unknown_account = true;
    }
  }
  auto found_tenant = grant.tenant_id ? store_.directory().FindTenant(*grant.tenant_id)
                                      : Result<std::optional<Tenant>>(std::nullopt);
  if (!grant.unknown_account && (!found_tenant.ok() || !*found_tenant)) {
    return TokenError(400, "invalid_request", 90002,
                      fmt::format("Tenant '{}' not found. Check to make sure you have the "
                                  "correct tenant ID and are signing into the correct cloud.",
                                  grant.tenant),
                      request);
  }
  return std::nullopt;
}

std::optional<HttpResponse> TokenService::FindResource(const HttpRequest& request,
                                                       Grant& grant) const {
  // The resource is the first "{resource}/.default" scope; other scopes (openid, ...) are
  // ignored, as Entra does for these grants.
  for (std::string_view rest = grant.scope; !rest.empty();) {
    const size_t space = rest.find(' ');
    std::string_view item = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (item.size() > kDefaultScopeSuffix.size() &&
        EqualsIgnoreCase(item.substr(item.size() - kDefaultScopeSuffix.size()),
                         kDefaultScopeSuffix)) {
      grant.default_scope = std::string(item);
      grant.resource = std::string(item.substr(0, item.size() - kDefaultScopeSuffix.size()));
      break;
    }
  }
  for (const auto& audience : options_.audiences) {
    if (EqualsIgnoreCase(TrimTrailingSlashes(audience), TrimTrailingSlashes(grant.resource))) {
      return std::nullopt;
    }
  }
  return TokenError(400, "invalid_scope", 500011,
                    fmt::format("The resource principal named '{}' was not found in the tenant "
                                "named {}. Request a scope of the form '<resource>/.default' for "
                                "one of: {}.",
                                grant.resource.empty() ? grant.scope : grant.resource, grant.tenant,
                                fmt::join(options_.audiences, ", ")),
                    request);
}

std::optional<HttpResponse> TokenService::RefuseLockedAccount(const HttpRequest& request,
                                                              Grant& grant) const {
  grant.account_key =
      grant.app_grant
          ? fmt::format("app:{}/{}", grant.tenant_id ? grant.tenant_id->ToString() : grant.tenant,
                        ToLowerAscii(grant.client_id))
          : "user:" + ToLowerAscii(grant.username);
  if (!options_.accounts) return std::nullopt;
  auto wait = options_.accounts->LockedFor(grant.account_key, clock_.Now());
  if (!wait) return std::nullopt;
  if (options_.addresses) options_.addresses->RecordFailure(request.client_address, clock_.Now());
  HttpResponse response = TokenError(
      400, "invalid_grant", 50053,
      fmt::format("The account is locked, you've tried to sign in too many times with an "
                  "incorrect user ID or password. Retry after {} second(s).",
                  *wait),
      request);
  response.SetHeader("Retry-After", std::to_string(*wait));
  return response;
}

void TokenService::FindAccount(Grant& grant) const {
  if (grant.unknown_account) {
    // Checked against the unknown-account hash.
  } else if (grant.app_grant) {
    auto app_id = Guid::Parse(grant.client_id);
    if (app_id) {
      auto found = store_.directory().FindPrincipalByAppId(*grant.tenant_id, *app_id);
      if (found.ok()) grant.principal = *found;
    }
  } else {
    auto found = store_.directory().FindPrincipalBySignInName(*grant.tenant_id, grant.username);
    if (found.ok()) grant.principal = *found;
    if (!grant.principal) {
      // Entra B2B: a guest account of this tenant signs in with its home user's credentials.
      auto guest = FindGuestAccount(store_, *grant.tenant_id, grant.username);
      auto home = grant.home_user ? Result<std::optional<Principal>>(grant.home_user)
                                  : FindHomeUser(store_, grant.username);
      if (guest.ok() && *guest && home.ok() && *home) {
        grant.principal = **guest;
        grant.credential = **home;
      }
    }
  }
  if (!grant.credential) grant.credential = grant.principal;
}

void TokenService::CheckSecretAndAnswer(const HttpRequest& request,
                                        std::shared_ptr<const Grant> grant, Respond respond) const {
  // argon2id takes tens of milliseconds: check it off the network threads, on the hashing
  // pool when there is one. Unknown accounts cost the same check.
  auto shared_request = std::make_shared<HttpRequest>(request);
  const bool queued = RunCheck([this, grant, shared_request, respond]() {
    const std::string& hash =
        grant->principal ? grant->credential->secret_hash : unknown_account_hash_;
    const bool verified = identity::VerifySecret(hash, grant->secret());
    respond(AnswerCheckedSecret(*shared_request, *grant, verified));
  });
  if (!queued) {
    // Every hashing thread is busy and the queue is full: refuse now rather than queue more.
    HttpResponse response = TokenError(
        503, "temporarily_unavailable", 90033,
        "The sign-in service is busy checking other credentials. Retry after 1 second(s).",
        request);
    response.SetHeader("Retry-After", "1");
    respond(std::move(response));
  }
}

HttpResponse TokenService::AnswerCheckedSecret(const HttpRequest& request, const Grant& grant,
                                               bool verified) const {
  if (!grant.principal) {
    RecordFailure(grant.account_key, request);
    if (!grant.app_grant)
      return TokenError(400, "invalid_grant", 50126, kWrongCredentials, request);
    return TokenError(400, "unauthorized_client", 700016,
                      fmt::format("Application with identifier '{}' was not found in the "
                                  "directory '{}'. This can happen if the application has not "
                                  "been installed by the administrator of the tenant.",
                                  grant.client_id, grant.tenant),
                      request);
  }
  if (!verified) {
    RecordFailure(grant.account_key, request);
    if (!grant.app_grant)
      return TokenError(400, "invalid_grant", 50126, kWrongCredentials, request);
    return TokenError(401, "invalid_client", 7000215,
                      "Invalid client secret provided. Ensure the secret being sent in the "
                      "request is the client secret value, not the client secret ID.",
                      request);
  }
  if (options_.accounts) options_.accounts->RecordSuccess(grant.account_key);
  const Principal& subject = *grant.principal;
  const auto& expires_at = grant.credential->secret_expires_at;
  if (expires_at && clock_.Now() >= *expires_at) {
    if (!grant.app_grant) {
      return TokenError(400, "invalid_grant", 50055, "The password is expired.", request);
    }
    return TokenError(401, "invalid_client", 7000222,
                      fmt::format("The provided client secret keys for app '{}' are expired. "
                                  "Visit the Azure portal to create new keys for your app: "
                                  "https://aka.ms/NewClientSecret, or consider using "
                                  "certificate credentials for added security: "
                                  "https://aka.ms/certCreds.",
                                  subject.app_id ? subject.app_id->ToString() : ""),
                      request);
  }
  return IssueToken(request, grant);
}

}  // namespace pal::api
