#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace pal::identity {

// The RSA-2048 key that signs (and verifies) access tokens. Movable, not copyable.
// Sign and Verify are thread-safe.
class SigningKey {
 public:
  static Result<SigningKey> Generate();
  static Result<SigningKey> FromPrivateKeyPem(std::string_view pem);
  // Loads the key at `path`, or generates one and writes it there (PKCS#8 PEM, mode 0600,
  // atomically). Refuses a file that group or others may read. Creates no directories.
  static Result<SigningKey> LoadOrCreate(const std::string& path);

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  std::string PrivateKeyPem() const;
  std::string PublicKeyPem() const;
  // RFC 7638 JWK SHA-256 thumbprint, base64url: the `kid` of tokens and of the JWKS entry.
  const std::string& KeyId() const { return key_id_; }
  // {"kty":"RSA","use":"sig","alg":"RS256","kid","n","e"}.
  nlohmann::json PublicJwk() const;

  // RSASSA-PKCS1-v1_5 with SHA-256; the raw signature bytes.
  Result<std::string> SignRs256(std::string_view data) const;
  bool VerifyRs256(std::string_view data, std::string_view signature) const;

 private:
  explicit SigningKey(EVP_PKEY* key);

  struct Free {
    void operator()(EVP_PKEY* key) const;
  };
  std::unique_ptr<EVP_PKEY, Free> key_;
  std::string n_;  // base64url modulus
  std::string e_;  // base64url exponent
  std::string key_id_;
};

}  // namespace pal::identity
