#include "core/money_amount.h"

#include <array>

namespace pal {

std::optional<Nanos> ParseCostNanos(std::string_view text) {
  // The common case first: up to 9 integer digits, a point, up to 9 decimals.
  {
    size_t i = 0;
    std::uint64_t units = 0;
    while (i < text.size() && i < 9 && static_cast<unsigned>(text[i] - '0') < 10)
      units = units * 10 + static_cast<unsigned>(text[i++] - '0');
    if (i > 0 && i < text.size() && text[i] == '.') {
      size_t j = i + 1;
      std::uint64_t fraction = 0;
      while (j < text.size() && j - i <= 9 && static_cast<unsigned>(text[j] - '0') < 10)
        fraction = fraction * 10 + static_cast<unsigned>(text[j++] - '0');
      if (j == text.size() && j > i + 1) {
        static constexpr std::uint64_t kScale[] = {
            1, 100'000'000, 10'000'000, 1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
        return static_cast<Nanos>(units * 1'000'000'000 + fraction * kScale[j - i - 1]);
      }
    } else if (i > 0 && i == text.size()) {
      return static_cast<Nanos>(units * 1'000'000'000);
    }
  }
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  // Significant digits (up to 19) and the power of ten they are scaled by.
  std::uint64_t mantissa = 0;
  int significant = 0;
  int scale = 0;          // value = mantissa * 10^scale (before the exponent)
  bool round_up = false;  // the first dropped digit was >= 5
  bool dropped = false;
  bool any_digit = false;
  auto digit = [&](int d, bool fraction) {
    any_digit = true;
    if (mantissa == 0 && d == 0) {  // a leading zero
      if (fraction) --scale;
      return;
    }
    if (significant < 19) {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(d);
      ++significant;
      if (fraction) --scale;
      return;
    }
    if (!dropped) round_up = d >= 5;
    dropped = true;
    if (!fraction) ++scale;
  };
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') digit(text[i++] - '0', false);
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') digit(text[i++] - '0', true);
  }
  if (!any_digit) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    int exponent = 0;
    bool exp_digit = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      exp_digit = true;
      if (exponent < 1000) exponent = exponent * 10 + (text[i] - '0');
      ++i;
    }
    if (!exp_digit) return std::nullopt;
    scale += exp_negative ? -exponent : exponent;
  }
  if (i != text.size()) return std::nullopt;
  if (round_up) ++mantissa;  // cannot overflow: 19 digits < 2^64
  // nanos = mantissa * 10^(scale + 9), rounded half away from zero.
  int shift = scale + 9;
  unsigned __int128 value = mantissa;
  if (shift >= 0) {
    for (; shift > 0; --shift) {
      value *= 10;
      if (value > static_cast<unsigned __int128>(INT64_MAX)) return std::nullopt;
    }
  } else {
    if (shift < -40) {
      value = 0;
    } else {
      unsigned __int128 divisor = 1;
      for (; shift < 0; ++shift) divisor *= 10;
      const unsigned __int128 remainder = value % divisor;
      value /= divisor;
      if (remainder * 2 >= divisor) ++value;
    }
  }
  if (value > static_cast<unsigned __int128>(INT64_MAX)) return std::nullopt;
  const auto nanos = static_cast<Nanos>(value);
  return negative ? -nanos : nanos;
}

std::string FormatCost6(NanosSum nanos) {
  const bool negative = nanos < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-nanos) : static_cast<unsigned __int128>(nanos);
  magnitude = (magnitude + 500) / 1000;  // micros, half away from zero
  const unsigned __int128 units = magnitude / 1'000'000;
  const auto micros = static_cast<unsigned>(magnitude % 1'000'000);
  std::array<char, 64> digits{};
  size_t n = 0;
  unsigned __int128 u = units;
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  } while (u != 0);
  std::string out;
  out.reserve(n + 9);
  if (negative && magnitude != 0) out.push_back('-');
  while (n > 0) out.push_back(digits[--n]);
  out.push_back('.');
  for (unsigned div = 100'000; div > 0; div /= 10)
    out.push_back(static_cast<char>('0' + (micros / div) % 10));
  return out;
}

}  // namespace pal
