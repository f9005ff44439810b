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

void TokenService::Token(const HttpRequest& request, const std::string& tenant, Respond respond) {
  auto fail = [&](int status, std::string_view error, int code, std::string description) {
    respond(TokenError(status, error, code, description, request));
  };
  if (options_.addresses) {
    if (auto wait = options_.addresses->LockedFor(request.client_address, clock_.Now())) {
      HttpResponse response = TokenError(
          429, "temporarily_unavailable", 50196,
          fmt::format("Too many failed sign-in attempts from this client address. Retry after "
                      "{} second(s).",
                      *wait),
          request);
      response.SetHeader("Retry-After", std::to_string(*wait));
      return respond(std::move(response));
    }
  }
  std::string grant_type, client_id, client_secret, scope, username, password;
  std::vector<std::string_view> given;
  for (auto& [name, value] : ParseFormEncoded(request.body)) {
    for (auto field : kTokenFields) {
      if (name != field) continue;
      if (std::find(given.begin(), given.end(), field) != given.end()) {
        return fail(400, "invalid_request", 9002313,
                    fmt::format("Invalid request. Request is malformed or invalid: the "
                                "parameter '{}' is given more than once.",
                                field));
      }
      given.push_back(field);
    }
    if (name == "grant_type") grant_type = value;
    if (name == "client_id") client_id = value;
    if (name == "client_secret") client_secret = value;
    if (name == "scope") scope = value;
    if (name == "username") username = value;
    if (name == "password") password = value;
  }
  if (grant_type.empty()) {
    return fail(400, "invalid_request", 900144,
                "The request body must contain the following parameter: 'grant_type'.");
  }
  if (grant_type != "client_credentials" && grant_type != "password") {
    return fail(400, "unsupported_grant_type", 70003,
                fmt::format("The app requested an unsupported grant type '{}'. Supported: "
                            "client_credentials, password.",
                            grant_type));
  }
  const bool app_grant = grant_type == "client_credentials";
  for (auto [name, value] :
       {std::pair<std::string_view, const std::string*>{"client_id", &client_id},
        {"scope", &scope},
        {app_grant ? "client_secret" : "username", app_grant ? &client_secret : &username},
        {app_grant ? "client_secret" : "password", app_grant ? &client_secret : &password}}) {
    if (value->empty()) {
      return fail(
          400, "invalid_request", 900144,
          fmt::format("The request body must contain the following parameter: '{}'.", name));
    }
  }
  auto tenant_id = Guid::Parse(tenant);
  // The "organizations" and "common" authorities: a user signs in to its home tenant, found by
  // its sign-in name.
  std::optional<Principal> home_user;
  bool unknown_home_user = false;  // nobody signs in with that name: answered after a check
  if (!tenant_id && !app_grant &&
      (EqualsIgnoreCase(tenant, "organizations") || EqualsIgnoreCase(tenant, "common"))) {
    auto home = FindHomeUser(store_, username);
    if (home.ok() && *home) {
      home_user = **home;
      tenant_id = home_user->tenant_id;
    } else {
      unknown_home_user = true;
    }
  }
  auto found_tenant = tenant_id ? store_.directory().FindTenant(*tenant_id)
                                : Result<std::optional<Tenant>>(std::nullopt);
  if (!unknown_home_user && (!found_tenant.ok() || !*found_tenant)) {
    return fail(400, "invalid_request", 90002,
                fmt::format("Tenant '{}' not found. Check to make sure you have the correct "
                            "tenant ID and are signing into the correct cloud.",
                            tenant));
  }
  // The resource is the first "{resource}/.default" scope; other scopes (openid, ...) are
  // ignored, as Entra does for these grants.
  std::string resource;
  for (std::string_view rest = scope; !rest.empty();) {
    const size_t space = rest.find(' ');
    std::string_view item = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (item.size() > kDefaultScopeSuffix.size() &&
        EqualsIgnoreCase(item.substr(item.size() - kDefaultScopeSuffix.size()),
                         kDefaultScopeSuffix)) {
      resource = std::string(item.substr(0, item.size() - kDefaultScopeSuffix.size()));
      break;
    }
  }
  bool known_resource = false;
  for (const auto& audience : options_.audiences) {
    known_resource = known_resource ||
                     EqualsIgnoreCase(TrimTrailingSlashes(audience), TrimTrailingSlashes(resource));
  }
  if (!known_resource) {
    return fail(400, "invalid_scope", 500011,
                fmt::format("The resource principal named '{}' was not found in the tenant "
                            "named {}. Request a scope of the form '<resource>/.default' for "
                            "one of: {}.",
                            resource.empty() ? scope : resource, tenant,
                            fmt::join(options_.audiences, ", ")));
  }

  // A user is throttled by its sign-in name (a guest signs in with its home user's), an
  // application by its tenant and app id; names that do not exist are throttled alike.
  const std::string account_key =
      app_grant ? fmt::format("app:{}/{}", tenant_id ? tenant_id->ToString() : tenant,
                              ToLowerAscii(client_id))
                : "user:" + ToLowerAscii(username);
  if (options_.accounts) {
    if (auto wait = options_.accounts->LockedFor(account_key, clock_.Now())) {
      if (options_.addresses)
        options_.addresses->RecordFailure(request.client_address, clock_.Now());
      HttpResponse response = TokenError(
          400, "invalid_grant", 50053,
          fmt::format("The account is locked, you've tried to sign in too many times with an "
                      "incorrect user ID or password. Retry after {} second(s).",
                      *wait),
          request);
      response.SetHeader("Retry-After", std::to_string(*wait));
      return respond(std::move(response));
    }
  }

  std::optional<Principal> principal;  // the token's subject
  std::optional<Principal>
      credential;  // whose secret is checked: the subject, or a guest's home user
  if (unknown_home_user) {
    // Checked against the unknown-account hash below.
  } else if (app_grant) {
    auto app_id = Guid::Parse(client_id);
    if (app_id) {
      auto found = store_.directory().FindPrincipalByAppId(*tenant_id, *app_id);
      if (found.ok()) principal = *found;
    }
  } else {
    auto found = store_.directory().FindPrincipalBySignInName(*tenant_id, username);
    if (found.ok()) principal = *found;
    if (!principal) {
      // Entra B2B: a guest account of this tenant signs in with its home user's credentials.
      auto guest = FindGuestAccount(store_, *tenant_id, username);
      auto home =
          home_user ? Result<std::optional<Principal>>(home_user) : FindHomeUser(store_, username);
      if (guest.ok() && *guest && home.ok() && *home) {
        principal = **guest;
        credential = **home;
      }
    }
  }
  if (!credential) credential = principal;
  const bool known = principal.has_value();
  const std::string hash = known ? credential->secret_hash : unknown_account_hash_;

  // argon2id takes tens of milliseconds: check it off the network threads, on the hashing
  // pool when there is one. Unknown accounts cost the same check.
  const std::string secret = app_grant ? client_secret : password;
  const std::string base = BaseUrlFor(request);
  auto shared_request = std::make_shared<HttpRequest>(request);
  const bool queued = RunCheck([this, known, hash, principal, credential, secret, base, resource,
                                app_grant, account_key, tenant, client_id, shared_request,
                                respond]() {
    const HttpRequest& req = *shared_request;
    const bool verified = identity::VerifySecret(hash, secret);
    if (!known) {
      RecordFailure(account_key, req);
      respond(app_grant
                  ? TokenError(400, "unauthorized_client", 700016,
                               fmt::format("Application with identifier '{}' was not found in "
                                           "the directory '{}'. This can happen if the "
                                           "application has not been installed by the "
                                           "administrator of the tenant.",
                                           client_id, tenant),
                               req)
                  : TokenError(400, "invalid_grant", 50126, kWrongCredentials, req));
      return;
    }
    if (!verified) {
      RecordFailure(account_key, req);
      respond(app_grant
                  ? TokenError(401, "invalid_client", 7000215,
                               "Invalid client secret provided. Ensure the secret being sent in "
                               "the request is the client secret value, not the client secret ID.",
                               req)
                  : TokenError(400, "invalid_grant", 50126, kWrongCredentials, req));
      return;
    }
    if (options_.accounts) options_.accounts->RecordSuccess(account_key);
    const Principal& subject = *principal;
    if (credential->secret_expires_at && clock_.Now() >= *credential->secret_expires_at) {
      respond(app_grant
                  ? TokenError(401, "invalid_client", 7000222,
                               fmt::format("The provided client secret keys for app '{}' are "
                                           "expired. Visit the Azure portal to create new keys "
                                           "for your app: https://aka.ms/NewClientSecret, or "
                                           "consider using certificate credentials for added "
                                           "security: https://aka.ms/certCreds.",
                                           subject.app_id ? subject.app_id->ToString() : ""),
                               req)
                  : TokenError(400, "invalid_grant", 50055, "The password is expired.", req));
      return;
    }

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
    claims.audience = resource;
    claims.issuer = fmt::format("{}/{}/v2.0", base, subject.tenant_id.ToString());
    auto issued = issuer_.Issue(claims);
    if (!issued.ok()) {
      respond(TokenError(500, "server_error", 50000, issued.error().message, req));
      return;
    }
    nlohmann::json body = {{"token_type", "Bearer"},
                           {"expires_in", issued->expires_in_seconds},
                           {"ext_expires_in", issued->expires_in_seconds},
                           {"access_token", issued->access_token}};
    HttpResponse response = JsonResponse(200, body.dump());
    response.SetHeader("Cache-Control", "no-store, no-cache");
    response.SetHeader("Pragma", "no-cache");
    respond(std::move(response));
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

}  // namespace pal::api
