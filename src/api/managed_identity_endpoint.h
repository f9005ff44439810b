#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/http_message.h"
#include "identity/token_issuer.h"
#include "store/store.h"

namespace pal::api {

struct ManagedIdentityEndpointOptions {
  // As TokenServiceOptions: the base URLs the server answers on (the token's issuer uses the
  // one the client addressed) and the resources a token may be asked for.
  std::vector<std::string> base_urls;
  std::vector<std::string> audiences;
};

// The managed identity endpoint for processes that run next to pal, shaped as App Service's
// (IDENTITY_ENDPOINT = "{base}/msi/token", IDENTITY_HEADER = the identity's endpoint secret),
// which azure-identity's ManagedIdentityCredential uses when both variables are set:
//   GET /msi/token?api-version=2019-08-01&resource=R[&client_id=C | &principal_id=O | &object_id=O]
//   X-IDENTITY-HEADER: <endpoint secret>
// answers {"access_token", "expires_on" (epoch seconds), "resource", "token_type": "Bearer",
// "client_id"} with an access token for the managed identity (a service principal,
// store/managed_identity_store.h) whose endpoint secret was sent. A client_id or principal_id
// that names another identity is refused: one secret gives one identity's tokens. Only loopback
// clients are answered (403 otherwise), as App Service's endpoint is only reachable inside the
// app's sandbox. Errors are App Service's {"statusCode", "message", "correlationId"}. Thread-safe.
class ManagedIdentityEndpoint {
 public:
  static constexpr std::string_view kPath = "/msi/token";
  static constexpr std::string_view kApiVersion = "2019-08-01";
  static constexpr std::string_view kSecretHeader = "X-IDENTITY-HEADER";

  // `store` and `issuer` must outlive the endpoint.
  ManagedIdentityEndpoint(store::Store& store, const identity::TokenIssuer& issuer,
                          ManagedIdentityEndpointOptions options);

  // If `request` is for the endpoint's path, answers it and returns true.
  bool TryHandle(const HttpRequest& request, const Respond& respond) const;

 private:
  HttpResponse Answer(const HttpRequest& request) const;

  store::Store& store_;
  const identity::TokenIssuer& issuer_;
  ManagedIdentityEndpointOptions options_;
};

}  // namespace pal::api
