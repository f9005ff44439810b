#include "identity/token_issuer.h"

#include "identity/jwt.h"

namespace pal::identity {

Result<IssuedToken> TokenIssuer::Issue(AccessTokenClaims claims) const {
  // Whole seconds, as the JWT carries them.
  const Timestamp now = clock_.Now() / kMicrosPerSecond * kMicrosPerSecond;
  claims.issued_at = now;
  claims.not_before = now;
  claims.expires_at = now + lifetime_;
  PAL_ASSIGN_OR_RETURN(auto token, EncodeJwt(key_, ToJwtPayload(claims)));
  return IssuedToken{std::move(token), lifetime_ / kMicrosPerSecond, claims.expires_at};
}

Result<std::string> TokenIssuer::IssueIdToken(IdTokenClaims claims) const {
  const Timestamp now = clock_.Now() / kMicrosPerSecond * kMicrosPerSecond;
  claims.issued_at = now;
  claims.expires_at = now + lifetime_;
  return EncodeJwt(key_, ToIdTokenPayload(claims));
}

}  // namespace pal::identity
