#include "attribution/attribution_month.h"

#include <fmt/format.h>

#include "core/civil_date.h"
#include "core/text.h"

namespace pal::attribution {

Timestamp AttributionMonth::DayEnd(int offset) const {
  return (static_cast<Timestamp>(first_day + offset) * 86'400 + 86'399) * kMicrosPerSecond;
}

Result<AttributionMonth> ParseAttributionMonth(std::string_view text) {
  auto invalid = [&] {
    return Error::InvalidArgument(
        "InvalidMonth", fmt::format("'{}' is not a month; write it as YYYY-MM (2026-10).", text));
  };
  if (text.size() != 7 || text[4] != '-') return invalid();
  auto year = ParseUnsigned(text.substr(0, 4));
  auto month = ParseUnsigned(text.substr(5, 2));
  if (!year || !month || *year < 1970 || *month < 1 || *month > 12) return invalid();
  AttributionMonth m;
  m.text = std::string(text);
  m.first_day = DaysFromCivil(static_cast<int>(*year), static_cast<unsigned>(*month), 1);
  const int next_year = *month == 12 ? static_cast<int>(*year) + 1 : static_cast<int>(*year);
  const unsigned next_month = *month == 12 ? 1 : static_cast<unsigned>(*month) + 1;
  m.days = DaysFromCivil(next_year, next_month, 1) - m.first_day;
  return m;
}

std::uint32_t ShardOfTenant(const Guid& tenant, std::uint32_t count) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : tenant.ToString()) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return static_cast<std::uint32_t>(h % count);
}

bool TenantShard::Includes(const Guid& tenant) const {
  return count <= 1 || ShardOfTenant(tenant, count) == index;
}

Result<TenantShard> ParseTenantShard(std::string_view text) {
  const size_t slash = text.find('/');
  auto index =
      slash == std::string_view::npos ? std::nullopt : ParseUnsigned(text.substr(0, slash));
  auto count =
      slash == std::string_view::npos ? std::nullopt : ParseUnsigned(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *index >= *count || *count > 1'000'000) {
    return Error::InvalidArgument(
        "InvalidShard",
        fmt::format("'{}' is not a shard; write I/N with 0 <= I < N (0/4 ... 3/4).", text));
  }
  return TenantShard{static_cast<std::uint32_t>(*index), static_cast<std::uint32_t>(*count)};
}

}  // namespace pal::attribution
