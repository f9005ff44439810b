#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "identity/signing_key.h"

namespace pal::identity {

// A JWT's decoded JOSE header and payload (both JSON objects).
struct DecodedJwt {
  nlohmann::json header;
  nlohmann::json payload;
};

// Tokens longer than this are refused without further work.
inline constexpr std::size_t kMaxJwtLength = 16 * 1024;

// The "typ" of pal's access and ID tokens; the access-token verifier accepts no other.
inline constexpr std::string_view kJwtType = "JWT";

// Compact JWS of `claims` with the header exactly {"alg":"RS256","kid":<key.KeyId()>,
// "typ":<typ>}. Strings that are not valid UTF-8 are written with U+FFFD replacements.
// Errors: kInternal if signing fails. Never throws. Thread-safe.
Result<std::string> EncodeJwt(const SigningKey& key, const nlohmann::json& claims,
                              std::string_view typ = kJwtType);

// Compact JWS of `claims` under `header` as given, signed as its "alg" says: "RS256" or "PS256"
// (what client assertions and external issuers' tokens use). Errors: kInvalidArgument
// "UnsupportedAlgorithm" for another alg; kInternal if signing fails. Thread-safe.
Result<std::string> EncodeJws(const SigningKey& key, const nlohmann::json& header,
                              const nlohmann::json& claims);

// A compact JWS taken apart without any check of its signature: the decoded header and payload,
// the signed bytes ("header.payload") and the raw signature.
struct JwsParts {
  DecodedJwt decoded;
  std::string signing_input;
  std::string signature;
};
// Errors as DecodeJwt's, also for a signature that is not base64url. Never throws. Thread-safe.
Result<JwsParts> SplitJws(std::string_view token);

// Splits a compact JWT into its three parts and decodes header and payload (base64url JSON
// objects) without checking the signature. Errors: kUnauthenticated "InvalidAuthenticationToken",
// message "The access token is invalid. <reason>". Never throws. Thread-safe.
Result<DecodedJwt> DecodeJwt(std::string_view token);

// Decodes `token` and checks that it was signed by `key`: the header's alg is exactly "RS256"
// (so "none", HS256, ... are refused), its kid (if present) is key.KeyId(), it carries no
// "crit" extensions, and the RS256 signature over "header.payload" verifies. The payload is
// parsed only after the signature verifies. Errors: kUnauthenticated
// "InvalidAuthenticationToken": "The access token is invalid. <reason>" for a malformed token,
// "The access token signature is invalid." for a wrong alg, kid or signature. Never throws.
// Thread-safe.
Result<DecodedJwt> VerifyJwtSignature(const SigningKey& key, std::string_view token);

}  // namespace pal::identity
