#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pal {

// Costs are exact decimals: billionths of a currency unit in an integer, so that sums do not
// depend on the order rows are added in (threads, shards) and print the same every time.
using Nanos = std::int64_t;
using NanosSum = __int128;

constexpr Nanos kNanosPerUnit = 1'000'000'000;

// Parses a decimal cost as cost exports write it: optional sign, digits, optional fraction,
// optional exponent ("12.5", "-0.25", "1.2E-05", ".5"). Digits beyond the ninth decimal are
// rounded half away from zero. nullopt if malformed or beyond ±9.2e9.
std::optional<Nanos> ParseCostNanos(std::string_view text);

// A sum rounded half away from zero to 6 decimals: "12.500000", "-0.000001", "0.000000".
std::string FormatCost6(NanosSum nanos);

}  // namespace pal
