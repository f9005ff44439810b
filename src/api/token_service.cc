#include "api/token_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/directory_accounts.h"
#include "api/url_encoding.h"
#include "core/guid.h"
#include "core/text.h"
#include "core/time_format.h"
#include "identity/secret_hash.h"

namespace pal::api {
namespace {

constexpr std::string_view kDefaultScopeSuffix = "/.default";
constexpr std::string_view kWrongCredentials =
    "Error validating credentials due to invalid username or password.";
// What an unknown user's or application's attempt is checked against, so that it costs what
// a known one does; no secret matches it (the answer is a failure whatever it says).
constexpr std::string_view kUnknownAccountSecret = "pal: no such account";
// The form fields the token endpoint reads; each may be given once.
constexpr std::string_view kTokenFields[] = {"grant_type", "client_id", "client_secret",
                                             "scope",      "username",  "password"};

bool Matches(const std::vector<std::string_view>& parts,
             std::initializer_list<std::string_view> tail) {
  if (parts.size() != tail.size() + 1) return false;
  size_t i = 1;
  for (auto expected : tail) {
    if (!EqualsIgnoreCase(parts[i++], expected)) return false;
  }
  return true;
}

}  // namespace

TokenService::TokenService(store::Store& store, const identity::SigningKey& key,
                           const identity::TokenIssuer& issuer, const Clock& clock,
                           TokenServiceOptions options, BlockingRunner run_blocking)
    : store_(store),
      key_(key),
      issuer_(issuer),
      clock_(clock),
      options_(std::move(options)),
      run_blocking_(std::move(run_blocking)),
      unknown_account_hash_([] {
        auto hash = identity::HashSecret(kUnknownAccountSecret);
        return hash.ok() ? *hash : std::string();
      }()) {}

std::string TokenService::BaseUrlFor(const HttpRequest& request) const {
  for (const auto& base : options_.base_urls) {
    if (EqualsIgnoreCase(base, request.base_url)) return base;
  }
  return options_.base_urls.empty() ? request.base_url : options_.base_urls.front();
}

bool TokenService::TryHandle(const HttpRequest& request, const Respond& respond) {
  std::string_view path = request.path;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  const auto parts = SplitOnSlash(path);
  if (parts.size() != 4) return false;
  const std::string tenant(parts[0]);
  if (Matches(parts, {"v2.0", ".well-known", "openid-configuration"})) {
    respond(request.method == "GET"
                ? OpenIdConfiguration(request, tenant)
                : TokenError(405, "invalid_request", 900561,
                             "The endpoint only accepts GET requests.", request));
    return true;
  }
  if (Matches(parts, {"discovery", "v2.0", "keys"})) {
    respond(request.method == "GET"
                ? Jwks(request)
                : TokenError(405, "invalid_request", 900561,
                             "The endpoint only accepts GET requests.", request));
    return true;
  }
  if (Matches(parts, {"oauth2", "v2.0", "token"})) {
    if (request.method != "POST") {
      respond(TokenError(405, "invalid_request", 900561,
                         "The endpoint only accepts POST, OPTIONS requests. Received a " +
                             request.method + " request.",
                         request));
    } else {
      Token(request, tenant, respond);
    }
    return true;
  }
  return false;
}

HttpResponse TokenService::OpenIdConfiguration(const HttpRequest& request,
                                               const std::string& tenant) const {
  auto tenant_id = Guid::Parse(tenant);
  auto found = tenant_id ? store_.directory().FindTenant(*tenant_id)
                         : Result<std::optional<Tenant>>(std::nullopt);
  if (!found.ok()) return ArmError(found.error(), request);
  if (!*found) {
    return TokenError(400, "invalid_tenant", 90002,
                      fmt::format("Tenant '{}' not found. Check to make sure you have the correct "
                                  "tenant ID and are signing into the correct cloud.",
                                  tenant),
                      request);
  }
  const std::string base = BaseUrlFor(request);
  const std::string tid = tenant_id->ToString();
  nlohmann::json doc = {
      {"issuer", fmt::format("{}/{}/v2.0", base, tid)},
      {"authorization_endpoint", fmt::format("{}/{}/oauth2/v2.0/authorize", base, tid)},
      {"token_endpoint", fmt::format("{}/{}/oauth2/v2.0/token", base, tid)},
      {"jwks_uri", fmt::format("{}/{}/discovery/v2.0/keys", base, tid)},
      {"token_endpoint_auth_methods_supported", {"client_secret_post", "client_secret_basic"}},
      {"grant_types_supported", {"client_credentials", "password"}},
      {"response_modes_supported", {"query", "fragment", "form_post"}},
      {"response_types_supported", {"code", "id_token", "code id_token", "id_token token"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"scopes_supported", {"openid", "profile", "email", "offline_access"}},
      {"claims_supported",
       {"sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid", "upn", "idtyp", "name"}},
      {"tenant_region_scope", nullptr},
      {"cloud_instance_name", "pal.local"},
      {"request_uri_parameter_supported", false},
  };
  // The tenant segment of the path is the client's and need not be UTF-8.
  HttpResponse response =
      JsonResponse(200, doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  response.SetHeader("Cache-Control", "max-age=86400, private");
  return response;
}

HttpResponse TokenService::Jwks(const HttpRequest&) const {
  nlohmann::json doc = {{"keys", nlohmann::json::array({key_.PublicJwk()})}};
  HttpResponse response = JsonResponse(200, doc.dump());
  response.SetHeader("Cache-Control", "max-age=86400, private");
  return response;
}

HttpResponse TokenService::TokenError(int status, std::string_view error, int code,
                                      std::string_view description,
                                      const HttpRequest& request) const {
  const std::string trace_id = NewRequestId();
  std::string correlation_id = trace_id;
  if (auto client = request.QueryParam("client-request-id")) correlation_id = *client;
  const std::string timestamp = FormatIso8601(clock_.Now());
  nlohmann::json body = {
      {"error", error},
      {"error_description",
       fmt::format("AADSTS{}: {} Trace ID: {} Correlation ID: {} Timestamp: {}", code, description,
                   trace_id, correlation_id, timestamp)},
      {"error_codes", {code}},
      {"timestamp", timestamp},
      {"trace_id", trace_id},
      {"correlation_id", correlation_id},
  };
  // The description and correlation id quote the request (grant_type, client-request-id), which
  // need not be UTF-8: replace bad bytes rather than throw (tests/fuzz/form_encoded).
  HttpResponse response =
      JsonResponse(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  response.SetHeader("Cache-Control", "no-store, no-cache");
  response.SetHeader("Pragma", "no-cache");
  return response;
}

void TokenService::RecordFailure(const std::string& account_key, const HttpRequest& request) const {
  const Timestamp now = clock_.Now();
  if (options_.accounts) options_.accounts->RecordFailure(account_key, now);
  if (options_.addresses) options_.addresses->RecordFailure(request.client_address, now);
}

bool TokenService::RunCheck(std::function<void()> work) const {
  if (options_.hashing) return options_.hashing->TrySubmit(std::move(work));
  run_blocking_(std::move(work));
  return true;
}

struct TokenService::Grant {
  std::string tenant;  // the path's tenant segment: an id, "organizations" or "common"
  // The form's fields.
  std::string grant_type, client_id, client_secret, scope, username, password;
  bool app_grant = false;              // client_credentials; else password
  std::optional<Guid> tenant_id;       // the tenant signed in to
  std::optional<Principal> home_user;  // found by its sign-in name ("organizations", "common")
  bool unknown_home_user = false;      // nobody signs in with that name: answered after a check
  std::string resource;                // the token's audience
  // A user is throttled by its sign-in name (a guest signs in with its home user's), an
  // application by its tenant and app id; names that do not exist are throttled alike.
  std::string account_key;
  std::optional<Principal> principal;   // the token's subject
  std::optional<Principal> credential;  // whose secret is checked: the subject, or a guest's home

  const std::string& secret() const { return app_grant ? client_secret : password; }
};

void TokenService::Token(const HttpRequest& request, const std::string& tenant, Respond respond) {
  Grant grant;
  grant.tenant = tenant;
  std::optional<HttpResponse> refused = RefuseLockedAddress(request);
  if (!refused) refused = ReadForm(request, grant);
  if (!refused) refused = RequireFields(request, grant);
  if (!refused) refused = FindTenant(request, grant);
  if (!refused) refused = FindResource(request, grant);
  if (!refused) refused = RefuseLockedAccount(request, grant);
  if (refused) return respond(std::move(*refused));
  FindAccount(grant);
  CheckSecretAndAnswer(request, std::make_shared<const Grant>(std::move(grant)),
                       std::move(respond));
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
  for (auto& [name, value] : ParseFormEncoded(request.body)) {
    for (auto field : kTokenFields) {
      if (name != field) continue;
      if (std::find(given.begin(), given.end(), field) != given.end()) {
        return TokenError(400, "invalid_request", 9002313,
                          fmt::format("Invalid request. Request is malformed or invalid: the "
                                      "parameter '{}' is given more than once.",
                                      field),
                          request);
      }
      given.push_back(field);
    }
    if (name == "grant_type") grant.grant_type = value;
    if (name == "client_id") grant.client_id = value;
    if (name == "client_secret") grant.client_secret = value;
    if (name == "scope") grant.scope = value;
    if (name == "username") grant.username = value;
    if (name == "password") grant.password = value;
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
  if (grant.grant_type != "client_credentials" && grant.grant_type != "password") {
    return TokenError(400, "unsupported_grant_type", 70003,
                      fmt::format("The app requested an unsupported grant type '{}'. Supported: "
                                  "client_credentials, password.",
                                  grant.grant_type),
                      request);
  }
  grant.app_grant = grant.grant_type == "client_credentials";
  const bool app = grant.app_grant;
  for (auto [name, value] :
       {std::pair<std::string_view, const std::string*>{"client_id", &grant.client_id},
        {"scope", &grant.scope},
        {app ? "client_secret" : "username", app ? &grant.client_secret : &grant.username},
        {app ? "client_secret" : "password", app ? &grant.client_secret : &grant.password}}) {
    if (value->empty()) {
      return TokenError(
          400, "invalid_request", 900144,
          fmt::format("The request body must contain the following parameter: '{}'.", name),
          request);
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> TokenService::FindTenant(const HttpRequest& request,
                                                     Grant& grant) const {
  grant.tenant_id = Guid::Parse(grant.tenant);
  // The "organizations" and "common" authorities: a user signs in to its home tenant, found by
  // its sign-in name.
  if (!grant.tenant_id && !grant.app_grant &&
      (EqualsIgnoreCase(grant.tenant, "organizations") ||
       EqualsIgnoreCase(grant.tenant, "common"))) {
    auto home = FindHomeUser(store_, grant.username);
    if (home.ok() && *home) {
      grant.home_user = **home;
      grant.tenant_id = grant.home_user->tenant_id;
    } else {
      grant.unknown_home_user = true;
    }
  }
  auto found_tenant = grant.tenant_id ? store_.directory().FindTenant(*grant.tenant_id)
                                      : Result<std::optional<Tenant>>(std::nullopt);
  if (!grant.unknown_home_user && (!found_tenant.ok() || !*found_tenant)) {
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
  if (grant.unknown_home_user) {
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

HttpResponse TokenService::IssueToken(const HttpRequest& request, const Grant& grant) const {
  const Principal& subject = *grant.principal;
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
  claims.issuer = fmt::format("{}/{}/v2.0", BaseUrlFor(request), subject.tenant_id.ToString());
  auto issued = issuer_.Issue(claims);
  if (!issued.ok()) return TokenError(500, "server_error", 50000, issued.error().message, request);
  nlohmann::json body = {{"token_type", "Bearer"},
                         {"expires_in", issued->expires_in_seconds},
                         {"ext_expires_in", issued->expires_in_seconds},
                         {"access_token", issued->access_token}};
  HttpResponse response = JsonResponse(200, body.dump());
  response.SetHeader("Cache-Control", "no-store, no-cache");
  response.SetHeader("Pragma", "no-cache");
  return response;
}

}  // namespace pal::api
