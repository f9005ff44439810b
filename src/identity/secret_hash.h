#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace pal::identity {

// argon2id (libsodium, interactive limits) in the self-describing "$argon2id$..." form.
// Slow on purpose (tens of milliseconds): never call it on a network thread.
Result<std::string> HashSecret(std::string_view secret);
// True when `secret` matches `hash`; false for a wrong secret or a malformed hash.
bool VerifySecret(std::string_view hash, std::string_view secret);

}  // namespace pal::identity
