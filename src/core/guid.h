#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pal {

// A 128-bit GUID as Azure writes it: lower-case "8-4-4-4-12" hex. Value type, comparable.
class Guid {
 public:
  Guid() = default;
  explicit Guid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  // Accepts "8-4-4-4-12" hex in any case, optionally in braces. nullopt if malformed.
  static std::optional<Guid> Parse(std::string_view text);
  // A bare GUID, or the GUID that ends a resource id (".../roleDefinitions/{guid}").
  static std::optional<Guid> ParseLastSegment(std::string_view text);
  // A version-4 GUID made from 16 random bytes (the caller supplies the randomness).
  static Guid FromRandomBytes(std::array<std::uint8_t, 16> bytes);

  std::string ToString() const;
  bool IsNil() const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  friend bool operator==(const Guid&, const Guid&) = default;
  friend auto operator<=>(const Guid&, const Guid&) = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace pal
