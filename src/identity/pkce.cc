#include "identity/pkce.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

#include "identity/base64url.h"

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
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(verifier.data(), verifier.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
      1) {
    return std::string();
  }
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

bool VerifyS256(std::string_view verifier, std::string_view challenge) {
  if (!IsValidCodeVerifier(verifier) || !IsValidS256Challenge(challenge)) return false;
  const std::string computed = S256Challenge(verifier);
  return computed.size() == challenge.size() &&
         CRYPTO_memcmp(computed.data(), challenge.data(), computed.size()) == 0;
}

}  // namespace pal::identity
