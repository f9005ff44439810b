#include "identity/secret_hash.h"

#include <sodium.h>

#include "identity/random.h"

namespace pal::identity {

Result<std::string> HashSecret(std::string_view secret) {
  (void)RandomBytes(0);  // makes sure libsodium is initialised
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::Internal("out of memory while hashing a secret");
  }
  return std::string(out);
}

bool VerifySecret(std::string_view hash, std::string_view secret) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  (void)RandomBytes(0);
  const std::string terminated(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), secret.data(), secret.size()) == 0;
}

}  // namespace pal::identity
