#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/http_message.h"
#include "core/clock.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "store/store.h"

namespace pal::api {

// Runs slow, blocking work (argon2id checks) off the network threads.
using BlockingRunner = std::function<void(std::function<void()>)>;

struct TokenServiceOptions {
  // Base URLs the server answers on, e.g. "https://localhost:8443"; the first is canonical.
  // Tokens are issued for "{base}/{tenant}/v2.0" with the base the client addressed.
  std::vector<std::string> base_urls;
  // Resources a token may be requested for ("{resource}/.default").
  std::vector<std::string> audiences;
};

// The Entra-compatible token service: OIDC discovery, JWKS and the v2.0 token endpoint with
// the client_credentials (service principals) and password (users, guests) grants.
// Errors follow Entra's {"error","error_description","error_codes",...} shape. Thread-safe.
class TokenService {
 public:
  TokenService(store::Store& store, const identity::SigningKey& key,
               const identity::TokenIssuer& issuer, const Clock& clock,
               TokenServiceOptions options, BlockingRunner run_blocking);

  // If `request` is for one of the token service's paths, answers it and returns true.
  bool TryHandle(const HttpRequest& request, const Respond& respond);

  // The base URL a token's issuer uses for a request (the addressed one if known).
  std::string BaseUrlFor(const HttpRequest& request) const;

 private:
  HttpResponse OpenIdConfiguration(const HttpRequest& request, const std::string& tenant) const;
  HttpResponse Jwks(const HttpRequest& request) const;
  void Token(const HttpRequest& request, const std::string& tenant, Respond respond);
  HttpResponse TokenError(int status, std::string_view error, int code,
                          std::string_view description, const HttpRequest& request) const;

  store::Store& store_;
  const identity::SigningKey& key_;
  const identity::TokenIssuer& issuer_;
  const Clock& clock_;
  TokenServiceOptions options_;
  BlockingRunner run_blocking_;
};

}  // namespace pal::api
