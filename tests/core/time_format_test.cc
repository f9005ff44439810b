#include "core/time_format.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

TEST(TimeFormatTest, FormatsSevenFractionalDigits) {
  // 2018-01-20T01:23:40.528049Z
  const Timestamp t = 1516411420LL * kMicrosPerSecond + 528049;
  EXPECT_EQ(FormatIso8601(t), "2018-01-20T01:23:40.5280490Z");
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00.0000000Z");
}

TEST(TimeFormatTest, RoundTrips) {
  const Timestamp t = 1795000000LL * kMicrosPerSecond + 123456;
  EXPECT_EQ(ParseIso8601(FormatIso8601(t)), t);
}

TEST(TimeFormatTest, ParsesVariants) {
  EXPECT_EQ(ParseIso8601("1970-01-01T00:00:01Z"), kMicrosPerSecond);
  EXPECT_EQ(ParseIso8601("1970-01-01T00:00:00.5Z"), kMicrosPerSecond / 2);
  EXPECT_EQ(ParseIso8601("2000-03-01T00:00:00Z"), 951868800LL * kMicrosPerSecond);
}

TEST(TimeFormatTest, RejectsMalformed) {
  for (const char* text :
       {"", "2018-01-20", "2018-01-20T01:23:40", "2018-13-20T01:23:40Z", "2018-01-20T25:23:40Z",
        "2018-01-20T01:23:40.Z", "2018-01-20T01:23:40.1234567890Z", "2018-01-20T01:23:40Zx"}) {
    EXPECT_FALSE(ParseIso8601(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace pal
