#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace pal::identity {

// An RSA public key (2048 bits or more) that checks JWS signatures of other parties: a client
// certificate's key, or a key of an external issuer's JWKS. Copyable (shares the key); const
// methods are thread-safe and leave nothing on the thread's OpenSSL error queue.
class RsaPublicKey {
 public:
  // From an RSA JWK's base64url "n" and "e" (and its "kid", if any, kept as KeyId()).
  // Errors: kInvalidArgument "BadKey" if it is no RSA JWK or has fewer than 2048 bits.
  static Result<RsaPublicKey> FromJwk(const nlohmann::json& jwk);
  // Takes a reference to `key` (owned by the caller's certificate); RSA of 2048 bits or more.
  // Errors: kInvalidArgument "BadKey".
  static Result<RsaPublicKey> FromEvpKey(EVP_PKEY* key, std::string key_id = "");

  const std::string& KeyId() const { return key_id_; }

  // True only if `signature` is this key's signature of `data` under `alg`: "RS256"
  // (RSASSA-PKCS1-v1_5 SHA-256) or "PS256" (RSASSA-PSS SHA-256, MGF1-SHA-256, a salt of the
  // digest's length). False for any other alg.
  bool Verify(std::string_view alg, std::string_view data, std::string_view signature) const;

 private:
  explicit RsaPublicKey(std::shared_ptr<EVP_PKEY> key, std::string key_id)
      : key_(std::move(key)), key_id_(std::move(key_id)) {}

  std::shared_ptr<EVP_PKEY> key_;
  std::string key_id_;
};

}  // namespace pal::identity
