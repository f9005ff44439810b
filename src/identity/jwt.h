#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "identity/signing_key.h"

namespace pal::identity {

struct DecodedJwt {
  nlohmann::json header;
  nlohmann::json payload;
};

// Compact JWS with header {"alg":"RS256","kid":<key id>,"typ":"JWT"}.
Result<std::string> EncodeJwt(const SigningKey& key, const nlohmann::json& claims);

// Splits and decodes a compact JWT without checking its signature. Errors are
// kUnauthenticated "InvalidAuthenticationToken". Never throws.
Result<DecodedJwt> DecodeJwt(std::string_view token);

// DecodeJwt plus: alg must be exactly RS256, a kid (if present) must be this key's, and the
// signature must verify with `key`.
Result<DecodedJwt> VerifyJwtSignature(const SigningKey& key, std::string_view token);

}  // namespace pal::identity
