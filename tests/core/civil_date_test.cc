#include "core/civil_date.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

TEST(UsageDays, BothDateFormsAndTimesAreAccepted) {
  const auto iso = ParseUsageDay("2026-10-04");
  ASSERT_TRUE(iso);
  EXPECT_EQ(ParseUsageDay("10/04/2026"), iso);
  EXPECT_EQ(ParseUsageDay("10/4/2026"), iso);
  EXPECT_EQ(ParseUsageDay("2026-10-04T00:00:00Z"), iso);
  EXPECT_EQ(ParseUsageDay("10/04/2026 00:00:00"), iso);
  EXPECT_EQ(FormatDay(*iso), "2026-10-04");
  EXPECT_FALSE(ParseUsageDay("2026-02-30"));
  EXPECT_FALSE(ParseUsageDay("13/01/2026"));
  EXPECT_FALSE(ParseUsageDay("2026-10-4"));
  EXPECT_FALSE(ParseUsageDay("yesterday"));
}

TEST(UsageDays, CivilDatesRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2024, 2, 29) + 1, DaysFromCivil(2024, 3, 1));
  for (std::int32_t day : {0, 59, 365, 19'782, 20'727, 47'541}) {
    int year = 0;
    unsigned month = 0;
    unsigned d = 0;
    CivilFromDays(day, year, month, d);
    EXPECT_EQ(DaysFromCivil(year, month, d), day);
  }
  EXPECT_EQ(FormatDay(DaysFromCivil(2026, 10, 31)), "2026-10-31");
}

}  // namespace
}  // namespace pal
