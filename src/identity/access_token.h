#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/guid.h"
#include "core/result.h"

namespace pal::identity {

// The claims of a pal access token. Times are microseconds; the JWT carries whole seconds.
struct AccessTokenClaims {
  Guid tenant_id;
  Guid object_id;
  std::optional<Guid> app_id;      // service principals
  std::optional<std::string> upn;  // users and guests
  std::string name;
  std::string idtyp;  // "app" or "user"
  std::string audience;
  std::string issuer;
  Timestamp issued_at = 0;
  Timestamp not_before = 0;
  Timestamp expires_at = 0;
};

// aud, iss, iat, nbf, exp, tid, oid, sub (= oid), idtyp, ver "2.0", uti, name; appid + azp for
// applications; upn + preferred_username + scp "user_impersonation" for users.
nlohmann::json ToJwtPayload(const AccessTokenClaims& claims);

// The inverse; kUnauthenticated "InvalidAuthenticationToken" naming a missing or bad claim.
Result<AccessTokenClaims> ClaimsFromJwtPayload(const nlohmann::json& payload);

}  // namespace pal::identity
