#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/guid.h"
#include "core/mutex.h"
#include "core/result.h"
#include "identity/signing_key.h"

namespace pal::identity {

// Who is calling, as a verified access token says.
struct CallerIdentity {
  Guid tenant_id;
  Guid object_id;
  std::optional<Guid> app_id;      // service principals
  std::optional<std::string> upn;  // users
  std::string name;
  std::string idtyp;  // "app" or "user"
  Timestamp expires_at = 0;
};

// Checks the Authorization header of an ARM request.
class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // `authorization_header` is the raw header value (empty if absent). Returns the caller on
  // success. Errors are kUnauthenticated with ARM codes (AuthenticationFailed,
  // InvalidAuthenticationToken, InvalidAuthenticationTokenIssuer,
  // InvalidAuthenticationTokenAudience, ExpiredAuthenticationToken). Thread-safe.
  virtual Result<CallerIdentity> Verify(std::string_view authorization_header) const = 0;
};

// Verifies pal's own RS256 tokens. Checks, in this order (first failure wins):
//  1. the header is "Bearer <token>" (scheme case-insensitive)   else AuthenticationFailed;
//  2. signature, alg RS256, kid, typ "JWT" (so never a refresh token), JSON shape, required
//     claims                                                    else InvalidAuthenticationToken;
//  3. iss is one of the two issuers pal's token service uses, for one of `issuer_bases`:
//     "{base}/{tid}/v2.0" (the Entra-style authority; tid is the token's own) or
//     "{base}/adfs" (the ADFS-style one), scheme and host compared case-insensitively, the
//     rest exactly                                              else
//     InvalidAuthenticationTokenIssuer;
//  4. aud is one of `allowed_audiences` (one trailing '/' ignored on either side) else
//     InvalidAuthenticationTokenAudience;
//  5. exp > now - 5 min                                          else ExpiredAuthenticationToken;
//  6. nbf <= now + 5 min                                         else InvalidAuthenticationToken.
// A successful verification is cached, keyed by the token's SHA-256, until the token expires
// (plus skew), so a token's RSA check is paid once; exp is re-checked against the clock on
// every call. Failures are never cached. The cache holds at most kMaxCachedTokens entries
// (expired ones are dropped when it fills; if none are, it is emptied). Thread-safe; `key` and
// `clock` must outlive the verifier.
class JwtTokenVerifier final : public TokenVerifier {
 public:
  static constexpr Timestamp kClockSkew = 300 * kMicrosPerSecond;
  static constexpr std::size_t kMaxCachedTokens = 100'000;

  JwtTokenVerifier(const SigningKey& key, const Clock& clock,
                   std::vector<std::string> allowed_audiences,
                   std::vector<std::string> issuer_bases);

  Result<CallerIdentity> Verify(std::string_view authorization_header) const override;

  // Number of cached verifications (for tests and metrics).
  std::size_t CacheSize() const;

 private:
  using Digest = std::array<std::uint8_t, 32>;
  struct DigestHash {
    std::size_t operator()(const Digest& d) const noexcept;
  };

  Result<CallerIdentity> VerifyUncached(std::string_view token, Timestamp now) const;
  bool IsTrustedIssuer(std::string_view issuer, const Guid& tenant_id) const;
  Result<void> CheckTimes(Timestamp expires_at, Timestamp not_before, Timestamp now) const;
  void Remember(const Digest& digest, const CallerIdentity& caller, Timestamp now) const;

  const SigningKey& key_;
  const Clock& clock_;
  std::vector<std::string> audiences_;          // as configured, for the error message
  std::vector<std::string> trimmed_audiences_;  // without one trailing '/'
  std::vector<std::string> issuer_bases_;       // without trailing '/'
  mutable Mutex cache_mutex_;
  mutable std::unordered_map<Digest, CallerIdentity, DigestHash> cache_
      PAL_GUARDED_BY(cache_mutex_);
};

}  // namespace pal::identity
