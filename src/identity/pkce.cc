#include "identity/pkce.h"

#include <openssl/crypto.h>

#include "identity/base64url.h"
#include "identity/digest.h"

namespace pal::identity {
namespace {

constexpr std::size_t kMinVerifier = 43;
constexpr std::size_t kMaxVerifier = 128;
constexpr std::size_t kS256ChallengeLength = 43;  // 32 bytes, base64url without padding

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool IsBase64Url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

bool IsValidCodeVerifier(std::string_view verifier) {
  if (verifier.size() < kMinVerifier || verifier.size() > kMaxVerifier) return false;
  for (char c : verifier) {
    if (!IsUnreserved(c)) return false;
  }
  return true;
}

bool IsValidS256Challenge(std::string_view challenge) {
  if (challenge.size() != kS256ChallengeLength) return false;
  for (char c : challenge) {
    if (!IsBase64Url(c)) return false;
  }
  return Base64UrlDecode(challenge).has_value();
}

std::string S256Challenge(std::string_view verifier) {
  const std::string digest = Sha256(verifier);
  return digest.empty() ? std::string() : Base64UrlEncode(digest);
}

bool VerifyS256(std::string_view verifier, std::string_view challenge) {
  if (!IsValidCodeVerifier(verifier) || !IsValidS256Challenge(challenge)) return false;
  const std::string computed = S256Challenge(verifier);
  return computed.size() == challenge.size() &&
         CRYPTO_memcmp(computed.data(), challenge.data(), computed.size()) == 0;
}

}  // namespace pal::identity
