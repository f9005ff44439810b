#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pal {

// Calendar days (UTC) as usage, the data set and attribution count them: days since
// 1970-01-01.

// Days since 1970-01-01 of a civil date, and back.
std::int32_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(std::int32_t days, int& year, unsigned& month, unsigned& day);

// Days since 1970-01-01 of "YYYY-MM-DD" or "MM/DD/YYYY" (one-digit month and day allowed),
// either optionally followed by a time ("T..." or " ..."), which is ignored. nullopt if
// malformed or not a real date.
std::optional<std::int32_t> ParseUsageDay(std::string_view text);

// "YYYY-MM-DD" of a day number.
std::string FormatDay(std::int32_t day);

}  // namespace pal
