#pragma once

#include <cstddef>
#include <string>

#include "core/guid.h"

namespace pal::identity {

// `count` cryptographically secure random bytes (libsodium's randombytes_buf). Thread-safe.
// Aborts the process if libsodium cannot initialise: there is no safe way to continue without
// a random source.
std::string RandomBytes(std::size_t count);

// A random version-4 GUID. Thread-safe.
Guid NewGuid();

// A 40-character client secret, each character drawn uniformly (no modulo bias) from the
// URL-safe alphabet [A-Za-z0-9._~-], as Azure's client secrets look. Thread-safe.
std::string NewClientSecret();

}  // namespace pal::identity
