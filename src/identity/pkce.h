#pragma once

#include <string>
#include <string_view>

namespace pal::identity {

// Proof Key for Code Exchange (RFC 7636), S256 only: the client keeps a random
// `code_verifier` and sends BASE64URL(SHA-256(code_verifier)) as the `code_challenge` of its
// authorization request; redeeming the code takes the verifier.

// True for a verifier RFC 7636 §4.1 allows: 43 to 128 characters of [A-Za-z0-9-._~].
bool IsValidCodeVerifier(std::string_view verifier);

// True for an S256 challenge: 43 base64url characters (a SHA-256 digest, unpadded).
bool IsValidS256Challenge(std::string_view challenge);

// BASE64URL(SHA-256(verifier)), unpadded.
std::string S256Challenge(std::string_view verifier);

// True when `verifier` is valid and its S256 challenge is `challenge` (compared in constant
// time).
bool VerifyS256(std::string_view verifier, std::string_view challenge);

}  // namespace pal::identity
