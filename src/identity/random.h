#pragma once

#include <cstddef>
#include <string>

#include "core/guid.h"

namespace pal::identity {

// Cryptographically secure random bytes (libsodium). Thread-safe.
std::string RandomBytes(std::size_t count);
// A random version-4 GUID.
Guid NewGuid();
// A 40-character client secret from the URL-safe alphabet [A-Za-z0-9._~-], uniformly random.
std::string NewClientSecret();

}  // namespace pal::identity
