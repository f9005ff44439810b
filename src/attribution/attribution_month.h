#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/guid.h"
#include "core/result.h"

namespace pal::attribution {

// The calendar month attribution reports on (UTC).
struct AttributionMonth {
  std::string text;            // "2026-10"
  std::int32_t first_day = 0;  // days since 1970-01-01 of its first day
  int days = 0;                // 28..31

  // The instant rule A3 judges day `offset` (0-based) of the month at: D 23:59:59Z.
  Timestamp DayEnd(int offset) const;
  bool Contains(std::int32_t day) const { return day >= first_day && day < first_day + days; }
};

// Rule A3: an interval [from, to) (no `to`: still in force) is in force at instant `at`.
inline bool InForceAt(Timestamp from, const std::optional<Timestamp>& to, Timestamp at) {
  return from <= at && (!to || at < *to);
}

// "YYYY-MM". Error InvalidArgument "InvalidMonth" otherwise.
Result<AttributionMonth> ParseAttributionMonth(std::string_view text);

// One shard of the customer tenants: attribution of tenant T belongs to shard
// ShardOfTenant(T, count). The hash is FNV-1a (64-bit) of the lower-case tenant id text, modulo
// `count`: stable across runs, machines and versions.
struct TenantShard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
  bool Includes(const Guid& tenant) const;
};
std::uint32_t ShardOfTenant(const Guid& tenant, std::uint32_t count);
// "I/N" with 0 <= I < N. Error InvalidArgument "InvalidShard" otherwise.
Result<TenantShard> ParseTenantShard(std::string_view text);

}  // namespace pal::attribution
