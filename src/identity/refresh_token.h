#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"
#include "core/result.h"
#include "identity/signing_key.h"

namespace pal::identity {

// What a refresh token carries. The server keeps no refresh tokens: a token is a JWS signed
// with the server's key (header typ "pal-rt+jwt", which the access-token verifier refuses),
// and it names the account whose credential the sign-in checked (a guest signs in with its
// home user's), the client it was issued to, and a stamp of that credential. Resetting the
// secret changes the stamp, so every refresh token issued before is refused from then on —
// after a restart too, and on every node that shares the store and the key.
struct RefreshTokenClaims {
  Guid tenant_id;  // the account whose credential was checked
  Guid object_id;
  std::string client_id;         // the client it was issued to; only that client redeems it
  std::string credential_stamp;  // CredentialStamp() of the account's secret hash
  Timestamp auth_time = 0;       // when the credential was last given (kept through refreshes)
  Timestamp issued_at = 0;
  Timestamp expires_at = 0;  // issued_at + kLifetime: unused that long, it lapses
};

// Issues and reads refresh tokens. Thread-safe; `key` and `clock` must outlive it.
class RefreshTokenCodec {
 public:
  // Entra's default: a refresh token unused for 90 days lapses; each use gives a new one.
  static constexpr Timestamp kLifetime = 90LL * 24 * 3600 * kMicrosPerSecond;
  static constexpr std::string_view kType = "pal-rt+jwt";

  RefreshTokenCodec(const SigningKey& key, const Clock& clock);

  // A stamp of a credential (its argon2id hash string): HMAC-SHA256 under a key derived from
  // the signing key, base64url. It changes whenever the secret is reset (a new hash has a new
  // salt) and tells nothing about the secret or its hash.
  std::string CredentialStamp(std::string_view secret_hash) const;

  // Sets issued_at = now (whole seconds) and expires_at = now + kLifetime in `claims` (and
  // auth_time = now when it is 0) and signs them with a fresh random token id. Errors:
  // kInternal if signing fails.
  Result<std::string> Issue(RefreshTokenClaims claims) const;

  // The claims of a refresh token this codec issued (with this key): signature, type and shape
  // are checked, expiry is not (the caller answers it with its own code). Errors:
  // kInvalidArgument "MalformedRefreshToken" for anything else, an access token included.
  Result<RefreshTokenClaims> Read(std::string_view token) const;

 private:
  const SigningKey& key_;
  const Clock& clock_;
  std::string stamp_key_;  // 32 bytes derived from the signing key
};

}  // namespace pal::identity
