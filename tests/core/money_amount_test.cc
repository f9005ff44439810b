#include "core/money_amount.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

TEST(CostAmounts, ParseExactDecimalsAndFormatSixPlaces) {
  EXPECT_EQ(ParseCostNanos("12.5"), 12'500'000'000);
  EXPECT_EQ(ParseCostNanos("-0.25"), -250'000'000);
  EXPECT_EQ(ParseCostNanos(".5"), 500'000'000);
  EXPECT_EQ(ParseCostNanos("1.2E-05"), 12'000);
  EXPECT_EQ(ParseCostNanos("3e2"), 300'000'000'000);
  EXPECT_EQ(ParseCostNanos("0.0000000015"), 2);  // half away from zero at the ninth decimal
  EXPECT_EQ(ParseCostNanos("0.12345678912345678912345"), 123'456'789);
  EXPECT_FALSE(ParseCostNanos(""));
  EXPECT_FALSE(ParseCostNanos("abc"));
  EXPECT_FALSE(ParseCostNanos("1.2.3"));
  EXPECT_FALSE(ParseCostNanos("1e"));
  EXPECT_FALSE(ParseCostNanos("99999999999"));  // beyond 9.2e9
  EXPECT_EQ(FormatCost6(12'500'000'000), "12.500000");
  EXPECT_EQ(FormatCost6(-1'000), "-0.000001");
  EXPECT_EQ(FormatCost6(-499), "0.000000");
  EXPECT_EQ(FormatCost6(500), "0.000001");
  EXPECT_EQ(FormatCost6(static_cast<NanosSum>(INT64_MAX) * 4), "36893488147.419103");
}

}  // namespace
}  // namespace pal
