#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pal::identity {

// RFC 4648 §5 base64url, without '=' padding (as JWTs and JWKs carry it). Never fails.
std::string Base64UrlEncode(std::string_view bytes);

// Decodes base64url with or without padding. nullopt for any character outside [A-Za-z0-9-_]
// (so also for standard base64's '+' and '/'), for an impossible length (4k+1 characters), for
// padding that is misplaced or of the wrong amount, and for non-zero unused trailing bits (every
// byte string has exactly one accepted unpadded encoding).
std::optional<std::string> Base64UrlDecode(std::string_view text);

// RFC 4648 §4 standard base64 with '=' padding (as a JWK's x5c carries certificates).
std::string Base64Encode(std::string_view bytes);

}  // namespace pal::identity
