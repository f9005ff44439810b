#include "identity/base64url.h"

#include <array>
#include <cstdint>

namespace pal::identity {
namespace {

constexpr char kUrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kStandardAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> MakeUrlDecodeTable() {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kUrlAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}

constexpr auto kUrlDecode = MakeUrlDecodeTable();

std::string Encode(std::string_view bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  const auto byte = [&](std::size_t i) -> std::uint32_t {
    return i < bytes.size() ? static_cast<unsigned char>(bytes[i]) : 0;
  };
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    const std::size_t present = bytes.size() - i;  // 1, 2, or 3 and more
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    if (present >= 2) {
      out.push_back(alphabet[(n >> 6) & 63]);
    } else if (pad) {
      out.push_back('=');
    }
    if (present >= 3) {
      out.push_back(alphabet[n & 63]);
    } else if (pad) {
      out.push_back('=');
    }
  }
  return out;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) { return Encode(bytes, kUrlAlphabet, false); }

std::string Base64Encode(std::string_view bytes) { return Encode(bytes, kStandardAlphabet, true); }

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  const std::size_t unpadded = text.find('=');
  if (unpadded != std::string_view::npos) {
    // Padding: only at the end, only to complete the last 4-character group, at most two.
    const std::size_t padding = text.size() - unpadded;
    if (text.find_first_not_of('=', unpadded) != std::string_view::npos) return std::nullopt;
    if (text.size() % 4 != 0 || padding > 2) return std::nullopt;
    text = text.substr(0, unpadded);
  }
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = kUrlDecode[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    buffer = ((buffer << 6) | static_cast<std::uint32_t>(v)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // The 2 or 4 bits left over must be zero, or two encodings would decode to the same bytes.
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace pal::identity
