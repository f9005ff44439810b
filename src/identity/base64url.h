#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pal::identity {

// RFC 4648 §5 base64url without padding.
std::string Base64UrlEncode(std::string_view bytes);
// Accepts base64url with or without '=' padding; nullopt for any other character or an
// impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace pal::identity
