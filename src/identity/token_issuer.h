#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "identity/access_token.h"
#include "identity/signing_key.h"

namespace pal::identity {

struct IssuedToken {
  std::string access_token;
  std::int64_t expires_in_seconds = 0;
  Timestamp expires_at = 0;
};

// Signs access tokens valid from now for `lifetime`. Thread-safe.
class TokenIssuer {
 public:
  TokenIssuer(const SigningKey& key, const Clock& clock,
              Timestamp lifetime = 3599 * kMicrosPerSecond)
      : key_(key), clock_(clock), lifetime_(lifetime) {}

  // Fills iat = nbf = now and exp = now + lifetime into `claims`, then signs.
  Result<IssuedToken> Issue(AccessTokenClaims claims) const;

 private:
  const SigningKey& key_;
  const Clock& clock_;
  Timestamp lifetime_;
};

}  // namespace pal::identity
