#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/guid.h"
#include "core/result.h"

namespace pal::identity {

// The claims of a pal access token. Times are microseconds since the epoch; the JWT carries
// whole seconds (NumericDate), so sub-second parts are truncated on the way out.
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

// The JWT payload: aud, iss, iat, nbf, exp (integer seconds), tid, oid, sub (= oid), idtyp,
// ver "2.0", uti (a fresh random id), name; appid and azp (= app_id) when app_id is set; upn and
// preferred_username when upn is set; scp "user_impersonation" when idtyp is "user".
// Thread-safe.
nlohmann::json ToJwtPayload(const AccessTokenClaims& claims);

// The inverse of ToJwtPayload. Requires tid and oid (GUID strings), aud and iss (strings), and
// iat, nbf, exp (numbers of seconds in [0, 253402300799], i.e. up to year 9999); reads appid
// (must be a GUID if present), upn, name and idtyp if present. Errors: kUnauthenticated
// "InvalidAuthenticationToken", "The access token is invalid. The claim '<name>' is missing or
// malformed.". Never throws.
Result<AccessTokenClaims> ClaimsFromJwtPayload(const nlohmann::json& payload);

}  // namespace pal::identity
