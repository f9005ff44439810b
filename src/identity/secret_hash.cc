#include "identity/secret_hash.h"

#include <sodium.h>

namespace pal::identity {

// sodium_init() is idempotent and thread-safe (libsodium >= 1.0.11); it picks the fastest
// argon2 implementation for this CPU.

Result<std::string> HashSecret(std::string_view secret) {
  if (sodium_init() < 0) return Error::Internal("libsodium cannot be initialised");
  char out[crypto_pwhash_STRBYTES] = {};
  if (crypto_pwhash_str_alg(out, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::Internal("out of memory while hashing a secret");
  }
  return std::string(out);
}

bool VerifySecret(std::string_view hash, std::string_view secret) {
  // libsodium wants a NUL-terminated string shorter than crypto_pwhash_STRBYTES.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (hash.find('\0') != std::string_view::npos) return false;
  if (sodium_init() < 0) return false;
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), secret.data(), secret.size()) == 0;
}

}  // namespace pal::identity
