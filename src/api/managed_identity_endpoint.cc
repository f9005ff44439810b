#include "api/managed_identity_endpoint.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/arm_response.h"
#include "api/token_authority.h"
#include "core/text.h"
#include "identity/digest.h"

namespace pal::api {
namespace {

// Loopback peers: 127.0.0.0/8, ::1 and IPv4-mapped 127.x; empty is an in-process request.
bool IsLoopback(std::string_view address) {
  constexpr std::string_view kMapped = "::ffff:";
  if (address.starts_with(kMapped)) address.remove_prefix(kMapped.size());
  return address.empty() || address == "::1" || address.starts_with("127.");
}

// App Service's error shape.
HttpResponse MsiError(int status, std::string_view message) {
  HttpResponse response = JsonResponse(status, nlohmann::json{{"statusCode", status},
                                                              {"message", message},
                                                              {"correlationId", NewRequestId()}}
                                                   .dump());
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

ManagedIdentityEndpoint::ManagedIdentityEndpoint(store::Store& store,
                                                 const identity::TokenIssuer& issuer,
                                                 ManagedIdentityEndpointOptions options)
    : store_(store), issuer_(issuer), options_(std::move(options)) {}

bool ManagedIdentityEndpoint::TryHandle(const HttpRequest& request, const Respond& respond) const {
  if (TrimTrailingSlashes(request.path) != kPath) return false;
  respond(Answer(request));
  return true;
}

HttpResponse ManagedIdentityEndpoint::Answer(const HttpRequest& request) const {
  if (!IsLoopback(request.client_address)) {
    return MsiError(403,
                    "The managed identity endpoint only answers processes on this machine "
                    "(a loopback address).");
  }
  if (request.method != "GET") {
    HttpResponse response = MsiError(405, "The managed identity endpoint only accepts GET.");
    response.SetHeader("Allow", "GET");
    return response;
  }
  const auto secret = request.Header(kSecretHeader);
  if (!secret || secret->empty()) {
    return MsiError(401, fmt::format("The request has no {} header: set it to the managed "
                                     "identity's IDENTITY_HEADER.",
                                     kSecretHeader));
  }
  if (request.QueryParam("api-version") != std::string(kApiVersion)) {
    return MsiError(400, fmt::format("The api-version must be {}.", kApiVersion));
  }
  const std::string resource = request.QueryParam("resource").value_or("");
  bool known_resource = false;
  for (const auto& audience : options_.audiences) {
    known_resource = known_resource ||
                     EqualsIgnoreCase(TrimTrailingSlashes(audience), TrimTrailingSlashes(resource));
  }
  if (!known_resource) {
    return MsiError(400, fmt::format("The resource '{}' is not one this server issues tokens "
                                     "for; use one of: {}.",
                                     resource, fmt::join(options_.audiences, ", ")));
  }
  if (request.QueryParam("mi_res_id")) {
    return MsiError(400,
                    "mi_res_id is not supported: name the identity by client_id or principal_id.");
  }
  auto key = store_.managed_identities().FindManagedIdentity(identity::Sha256Hex(*secret));
  if (!key.ok()) return ArmError(key.error(), request);
  if (!*key) return MsiError(401, fmt::format("The {} header is not valid.", kSecretHeader));
  auto principal = store_.directory().FindPrincipal(**key);
  if (!principal.ok()) return ArmError(principal.error(), request);
  if (!*principal) return MsiError(401, fmt::format("The {} header is not valid.", kSecretHeader));
  const Principal& identity = **principal;
  const auto client_id = request.QueryParam("client_id");
  const auto principal_id = request.QueryParam("principal_id");
  const auto object_id = request.QueryParam("object_id");
  const auto same = [](const std::optional<std::string>& given, const std::optional<Guid>& id) {
    if (!given) return true;
    auto parsed = Guid::Parse(*given);
    return parsed && id && *parsed == *id;
  };
  if (!same(client_id, identity.app_id) || !same(principal_id, identity.object_id) ||
      !same(object_id, identity.object_id)) {
    return MsiError(400,
                    "Unable to load the requested managed identity: the client_id or "
                    "principal_id names no identity this header gives tokens for.");
  }
  identity::AccessTokenClaims claims;
  claims.tenant_id = identity.tenant_id;
  claims.object_id = identity.object_id;
  claims.app_id = identity.app_id;
  claims.name = identity.name;
  claims.idtyp = "app";
  claims.audience = resource;
  claims.issuer = IssuerOf(AuthorityKind::kEntra, AddressedBaseUrl(options_.base_urls, request),
                           identity.tenant_id);
  auto issued = issuer_.Issue(claims);
  if (!issued.ok()) return ArmError(issued.error(), request);
  HttpResponse response = JsonResponse(
      200, nlohmann::json{{"access_token", issued->access_token},
                          {"expires_on", std::to_string(issued->expires_at / kMicrosPerSecond)},
                          {"resource", resource},
                          {"token_type", "Bearer"},
                          {"client_id", identity.app_id ? identity.app_id->ToString() : ""}}
               .dump());
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace pal::api
