#include "identity/random.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string_view>

namespace pal::identity {
namespace {

constexpr std::string_view kSecretAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-";
constexpr std::size_t kSecretLength = 40;

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no secure randomness: nothing safe to do
  });
}

}  // namespace

std::string RandomBytes(std::size_t count) {
  EnsureSodium();
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), count);
  return bytes;
}

Guid NewGuid() {
  EnsureSodium();
  std::array<std::uint8_t, 16> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  return Guid::FromRandomBytes(bytes);
}

std::string NewClientSecret() {
  EnsureSodium();
  std::string secret;
  secret.reserve(kSecretLength);
  for (std::size_t i = 0; i < kSecretLength; ++i) {
    // randombytes_uniform rejects out-of-range draws, so there is no modulo bias.
    const auto index = randombytes_uniform(static_cast<std::uint32_t>(kSecretAlphabet.size()));
    secret.push_back(kSecretAlphabet[index]);
  }
  return secret;
}

}  // namespace pal::identity
