#include "core/guid.h"

#include "core/text.h"

namespace pal {
namespace {

constexpr size_t kGuidTextLength = 36;

}  // namespace

std::optional<Guid> Guid::ParseLastSegment(std::string_view text) {
  const size_t slash = text.rfind('/');
  return Parse(slash == std::string_view::npos ? text : text.substr(slash + 1));
}

std::optional<Guid> Guid::Parse(std::string_view text) {
  if (text.size() == kGuidTextLength + 2 && text.front() == '{' && text.back() == '}') {
    text = text.substr(1, kGuidTextLength);
  }
  if (text.size() != kGuidTextLength) return std::nullopt;
  std::array<std::uint8_t, 16> bytes{};
  size_t byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int hi = HexDigitValue(text[i]);
    const int lo = HexDigitValue(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    bytes[byte++] = static_cast<std::uint8_t>(hi * 16 + lo);
    i += 2;
  }
  return Guid(bytes);
}

Guid Guid::FromRandomBytes(std::array<std::uint8_t, 16> bytes) {
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);
  return Guid(bytes);
}

std::string Guid::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(kGuidTextLength);
  for (size_t i = 0; i < bytes_.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes_[i] >> 4]);
    out.push_back(kHex[bytes_[i] & 0x0F]);
  }
  return out;
}

bool Guid::IsNil() const {
  for (auto b : bytes_) {
    if (b != 0) return false;
  }
  return true;
}

}  // namespace pal
