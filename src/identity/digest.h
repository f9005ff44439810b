#pragma once

#include <string>
#include <string_view>

namespace pal::identity {

// The SHA-256 digest of `data`: 32 raw bytes, or empty if OpenSSL fails. Thread-safe.
std::string Sha256(std::string_view data);

// The same digest as 64 lowercase hexadecimal characters (empty if OpenSSL fails).
std::string Sha256Hex(std::string_view data);

}  // namespace pal::identity
