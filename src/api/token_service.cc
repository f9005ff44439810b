#include "api/token_service.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/authority_discovery.h"
#include "core/guid.h"
#include "core/text.h"
#include "core/time_format.h"
#include "identity/secret_hash.h"

namespace pal::api {
namespace {

// What an unknown user's or application's attempt is checked against, so that it costs what
// a known one does; no secret matches it (the answer is a failure whatever it says).
constexpr std::string_view kUnknownAccountSecret = "pal: no such account";

// Discovery documents and keys may be cached by clients for a day.
HttpResponse CacheableJson(const nlohmann::json& doc) {
  // The tenant segment of the path is the client's and need not be UTF-8.
  HttpResponse response =
      JsonResponse(200, doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  response.SetHeader("Cache-Control", "max-age=86400, private");
  return response;
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
      refresh_tokens_(key, clock),
      device_codes_(options_.device_codes),
      unknown_account_hash_([] {
        auto hash = identity::HashSecret(kUnknownAccountSecret);
        return hash.ok() ? *hash : std::string();
      }()) {}

std::string TokenService::BaseUrlFor(const HttpRequest& request) const {
  return AddressedBaseUrl(options_.base_urls, request);
}

bool TokenService::TryHandle(const HttpRequest& request, const Respond& respond) {
  if (IsDeviceLoginPath(request.path)) {
    DeviceLogin(request, respond);
    return true;
  }
  auto path = ParseAuthorityPath(request.path);
  if (!path) return false;
  const bool get = request.method == "GET";
  switch (path->endpoint) {
    case AuthorityEndpoint::kToken:
      if (request.method == "POST") {
        Token(request, *path, respond);
      } else {
        respond(TokenError(405, "invalid_request", 900561,
                           "The endpoint only accepts POST, OPTIONS requests. Received a " +
                               request.method + " request.",
                           request));
      }
      return true;
    case AuthorityEndpoint::kAuthorize:
      Authorize(request, *path, respond);
      return true;
    case AuthorityEndpoint::kDeviceCode:
      respond(DeviceAuthorization(request, *path));
      return true;
    case AuthorityEndpoint::kOpenIdConfiguration:
    case AuthorityEndpoint::kKeys:
    case AuthorityEndpoint::kUserRealm:
      break;
  }
  if (!get) {
    respond(TokenError(405, "invalid_request", 900561, "The endpoint only accepts GET requests.",
                       request));
  } else if (path->endpoint == AuthorityEndpoint::kOpenIdConfiguration) {
    respond(OpenIdConfiguration(request, *path));
  } else if (path->endpoint == AuthorityEndpoint::kKeys) {
    respond(Jwks(request));
  } else {
    respond(CacheableJson(UserRealm(path->user)));
  }
  return true;
}

HttpResponse TokenService::OpenIdConfiguration(const HttpRequest& request,
                                               const AuthorityPath& path) const {
  const std::string base = BaseUrlFor(request);
  if (path.kind == AuthorityKind::kAdfs) return CacheableJson(AdfsOpenIdConfiguration(base));
  if (EqualsIgnoreCase(path.tenant, "organizations") || EqualsIgnoreCase(path.tenant, "common")) {
    return CacheableJson(EntraOpenIdConfiguration(base, ToLowerAscii(path.tenant), "{tenantid}"));
  }
  auto tenant_id = Guid::Parse(path.tenant);
  auto found = tenant_id ? store_.directory().FindTenant(*tenant_id)
                         : Result<std::optional<Tenant>>(std::nullopt);
  if (!found.ok()) return ArmError(found.error(), request);
  if (!*found) {
    return TokenError(400, "invalid_tenant", 90002,
                      fmt::format("Tenant '{}' not found. Check to make sure you have the correct "
                                  "tenant ID and are signing into the correct cloud.",
                                  path.tenant),
                      request);
  }
  const std::string tid = tenant_id->ToString();
  return CacheableJson(EntraOpenIdConfiguration(base, tid, tid));
}

HttpResponse TokenService::Jwks(const HttpRequest&) const {
  return CacheableJson({{"keys", nlohmann::json::array({key_.PublicJwk()})}});
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

}  // namespace pal::api
