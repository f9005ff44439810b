#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace pal::identity {

// Hashes a client secret or password with argon2id (libsodium crypto_pwhash_str_alg, interactive
// limits, random salt) into the self-describing "$argon2id$v=19$m=...,t=...,p=...$salt$hash"
// form. Two hashes of the same secret differ. Slow on purpose (~0.1 s and 64 MiB): never call
// it on a network thread. Errors: kInternal if libsodium fails (out of memory). Thread-safe.
Result<std::string> HashSecret(std::string_view secret);

// True when `secret` matches `hash` (from HashSecret). False for a wrong secret and for a
// malformed, empty, over-long or NUL-containing hash; never fails otherwise. As slow as
// HashSecret. Thread-safe.
bool VerifySecret(std::string_view hash, std::string_view secret);

}  // namespace pal::identity
