#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace pal::identity {

// The RSA private key (2048 bits or more) that signs and verifies pal's access tokens.
// Movable, not copyable; a moved-from SigningKey may only be destroyed or assigned to.
// All const methods are thread-safe (each call uses its own OpenSSL context), and none of them
// leaves errors on the calling thread's OpenSSL error queue.
class SigningKey {
 public:
  // A fresh RSA-2048 key (e = 65537). Errors: kInternal if OpenSSL fails.
  static Result<SigningKey> Generate();

  // Reads an unencrypted PEM private key (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY").
  // Errors: kInvalidArgument "BadSigningKey" if it is not PEM, is encrypted (never prompts for
  // a passphrase), is not RSA, or has fewer than 2048 bits.
  static Result<SigningKey> FromPrivateKeyPem(std::string_view pem);

  // If `path` exists: loads it. Errors: kInvalidArgument "BadSigningKey" if its mode lets group
  // or others access it ("signing key {path} must not be readable by group or others (chmod
  // 600 {path})") or it is not a valid key; kInternal if it cannot be read.
  // If `path` does not exist: generates a key and writes it as PKCS#8 PEM with mode 0600,
  // atomically (`path`.tmp, fsync, rename, fsync of the directory), so a crash leaves either no
  // key or a complete one. Errors: kInternal if it cannot be written. Creates no directories.
  // Not safe against two processes creating the same path at once (one data directory belongs
  // to one server).
  static Result<SigningKey> LoadOrCreate(const std::string& path);

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

  // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), unencrypted.
  std::string PrivateKeyPem() const;
  // SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
  std::string PublicKeyPem() const;
  // RFC 7638 JWK SHA-256 thumbprint, base64url (43 characters): the `kid` of issued tokens and
  // of the JWKS entry. Computed once at construction.
  const std::string& KeyId() const { return key_id_; }
  // {"kty":"RSA","use":"sig","alg":"RS256","kid":KeyId(),"n":...,"e":...} with n and e
  // base64url, big-endian, without leading zero bytes.
  nlohmann::json PublicJwk() const;

  // RSASSA-PKCS1-v1_5 with SHA-256 over `data`; the raw signature bytes (256 for RSA-2048).
  // Errors: kInternal if OpenSSL fails.
  Result<std::string> SignRs256(std::string_view data) const;
  // RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (JWS "PS256"). Errors: kInternal.
  Result<std::string> SignPs256(std::string_view data) const;
  // True only if `signature` is this key's RS256 signature of `data`.
  bool VerifyRs256(std::string_view data, std::string_view signature) const;

 private:
  struct Free {
    void operator()(EVP_PKEY* key) const;
  };
  using KeyPtr = std::unique_ptr<EVP_PKEY, Free>;

  Result<std::string> Sign(std::string_view data, bool pss) const;
  // Takes ownership of an RSA key; reads its public numbers and computes the key id.
  static Result<SigningKey> Adopt(KeyPtr key);
  SigningKey(KeyPtr key, std::string n, std::string e);

  KeyPtr key_;
  std::string n_;  // base64url modulus
  std::string e_;  // base64url public exponent
  std::string key_id_;
};

// RFC 7638 thumbprint of an RSA public JWK from its base64url members: base64url(SHA-256(
// {"e":e,"kty":"RSA","n":n})), members in that order, no whitespace.
std::string RsaJwkThumbprint(std::string_view n, std::string_view e);

}  // namespace pal::identity
