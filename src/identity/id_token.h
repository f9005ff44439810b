#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/guid.h"

namespace pal::identity {

// The claims of the OpenID Connect ID token that comes with a user's tokens, as Entra's v2.0
// endpoint shapes it: it tells the client (MSAL) who signed in, not what they may call.
struct IdTokenClaims {
  std::string issuer;    // the authority's issuer, as its discovery document names it
  std::string audience;  // the client id
  Guid tenant_id;
  Guid object_id;
  std::string name;
  std::string preferred_username;  // the name the user signs in with
  std::optional<std::string> nonce;
  bool with_upn = false;  // also as "upn", which ADFS clients read
  Timestamp issued_at = 0;
  Timestamp expires_at = 0;
};

// aud, iss, iat, nbf (= iat), exp (integer seconds), tid, oid, sub (= oid), name,
// preferred_username, ver "2.0"; nonce when set; upn (= preferred_username) when with_upn.
// No idtyp, scp or appid: an ID token is never mistaken for an access token. Thread-safe.
nlohmann::json ToIdTokenPayload(const IdTokenClaims& claims);

// Entra's client_info: base64url of {"uid":<object id>,"utid":<tenant id>}, the account's home
// identifiers that MSAL keys its token cache by.
std::string ClientInfo(const Guid& object_id, const Guid& tenant_id);

}  // namespace pal::identity
