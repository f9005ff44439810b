#include "core/civil_date.h"

#include <fmt/format.h>

namespace pal {

std::int32_t DaysFromCivil(int year, unsigned month, unsigned day) {
  // Howard Hinnant's days_from_civil.
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(std::int32_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

namespace {

unsigned DaysInMonth(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Reads 1..max_digits digits at text[i]; advances i.
bool Digits(std::string_view text, size_t& i, size_t min_digits, size_t max_digits, unsigned& out) {
  out = 0;
  size_t n = 0;
  while (i < text.size() && n < max_digits && text[i] >= '0' && text[i] <= '9') {
    out = out * 10 + static_cast<unsigned>(text[i] - '0');
    ++i;
    ++n;
  }
  return n >= min_digits;
}

}  // namespace

std::optional<std::int32_t> ParseUsageDay(std::string_view text) {
  unsigned year = 0;
  unsigned month = 0;
  unsigned day = 0;
  size_t i = 0;
  if (text.size() >= 10 && text[4] == '-') {  // YYYY-MM-DD
    if (!Digits(text, i, 4, 4, year) || text[i++] != '-' || !Digits(text, i, 2, 2, month) ||
        i >= text.size() || text[i++] != '-' || !Digits(text, i, 2, 2, day)) {
      return std::nullopt;
    }
    if (i < text.size() && text[i] != 'T' && text[i] != ' ') return std::nullopt;
  } else {  // MM/DD/YYYY
    if (!Digits(text, i, 1, 2, month) || i >= text.size() || text[i++] != '/' ||
        !Digits(text, i, 1, 2, day) || i >= text.size() || text[i++] != '/' ||
        !Digits(text, i, 4, 4, year)) {
      return std::nullopt;
    }
    if (i < text.size() && text[i] != ' ') return std::nullopt;
  }
  if (year < 1970 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(static_cast<int>(year), month)) {
    return std::nullopt;
  }
  return DaysFromCivil(static_cast<int>(year), month, day);
}

std::string FormatDay(std::int32_t day) {
  int year = 0;
  unsigned month = 0;
  unsigned d = 0;
  CivilFromDays(day, year, month, d);
  return fmt::format("{:04}-{:02}-{:02}", year, month, d);
}

}  // namespace pal
