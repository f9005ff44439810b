#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "identity/access_token.h"
#include "identity/id_token.h"
#include "identity/signing_key.h"

namespace pal::identity {

struct IssuedToken {
  std::string access_token;             // compact JWT
  std::int64_t expires_in_seconds = 0;  // the lifetime, for the OAuth "expires_in" field
  Timestamp expires_at = 0;
};

// Signs access tokens (and the ID tokens that come with a user's) valid from now for `lifetime`.
// Thread-safe if `clock` is; `key` and `clock` must outlive the issuer.
class TokenIssuer {
 public:
  static constexpr Timestamp kDefaultLifetime = 3599 * kMicrosPerSecond;

  TokenIssuer(const SigningKey& key, const Clock& clock, Timestamp lifetime = kDefaultLifetime)
      : key_(key), clock_(clock), lifetime_(lifetime) {}

  // Sets iat = nbf = now (truncated to whole seconds) and exp = now + lifetime in `claims`,
  // then signs them with EncodeJwt(ToJwtPayload(claims)). Errors: kInternal if signing fails.
  Result<IssuedToken> Issue(AccessTokenClaims claims) const;
  // Sets iat = now (whole seconds) and exp = now + lifetime in `claims`, then signs
  // ToIdTokenPayload(claims) the same way. Errors: kInternal if signing fails.
  Result<std::string> IssueIdToken(IdTokenClaims claims) const;

 private:
  const SigningKey& key_;
  const Clock& clock_;
  Timestamp lifetime_;
};

}  // namespace pal::identity
