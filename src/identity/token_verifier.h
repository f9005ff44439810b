#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/guid.h"
#include "core/result.h"
#include "identity/signing_key.h"

namespace pal::identity {

// Who is calling, as a verified access token says.
struct CallerIdentity {
  Guid tenant_id;
  Guid object_id;
  std::optional<Guid> app_id;
  std::optional<std::string> upn;
  std::string name;
  std::string idtyp;
  Timestamp expires_at = 0;
};

// Checks the Authorization header of an ARM request.
class TokenVerifier {
 public:
  virtual ~TokenVerifier() = default;
  // `authorization_header` is the raw header value (empty if absent). Errors are
  // kUnauthenticated with ARM codes (AuthenticationFailed, InvalidAuthenticationToken,
  // InvalidAuthenticationTokenIssuer, InvalidAuthenticationTokenAudience,
  // ExpiredAuthenticationToken). Thread-safe.
  virtual Result<CallerIdentity> Verify(std::string_view authorization_header) const = 0;
};

// Verifies pal's own RS256 tokens: signature, issuer ("{base}/{tid}/v2.0" for one of
// `issuer_bases`), audience (one of `allowed_audiences`, trailing '/' ignored), exp and nbf with
// 5 minutes of skew. Successful verifications are cached by the token's SHA-256 until expiry,
// so a token's RSA check is paid once; expiry is re-checked on every call.
class JwtTokenVerifier final : public TokenVerifier {
 public:
  static constexpr Timestamp kClockSkew = 300 * kMicrosPerSecond;
  static constexpr std::size_t kMaxCachedTokens = 100'000;

  JwtTokenVerifier(const SigningKey& key, const Clock& clock,
                   std::vector<std::string> allowed_audiences,
                   std::vector<std::string> issuer_bases);

  Result<CallerIdentity> Verify(std::string_view authorization_header) const override;

 private:
  using Digest = std::array<std::uint8_t, 32>;
  struct DigestHash {
    std::size_t operator()(const Digest& d) const noexcept;
  };

  Result<CallerIdentity> VerifyUncached(std::string_view token, Timestamp now) const;
  Result<void> CheckTimes(Timestamp expires_at, Timestamp not_before, Timestamp now) const;

  const SigningKey& key_;
  const Clock& clock_;
  std::vector<std::string> audiences_;  // without trailing '/'
  std::vector<std::string> issuer_bases_;
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<Digest, CallerIdentity, DigestHash> cache_;  // guarded
};

}  // namespace pal::identity
