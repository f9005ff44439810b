#include "core/guid.h"

#include <gtest/gtest.h>

namespace pal {
namespace {

TEST(GuidTest, ParsesAndFormatsLowerCase) {
  auto guid = Guid::Parse("8E3AF657-A8FF-443C-A75C-2FE8C4BCB635");
  ASSERT_TRUE(guid.has_value());
  EXPECT_EQ(guid->ToString(), "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
}

TEST(GuidTest, AcceptsBraces) {
  EXPECT_EQ(Guid::Parse("{8e3af657-a8ff-443c-a75c-2fe8c4bcb635}"),
            Guid::Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"));
}

TEST(GuidTest, RejectsMalformed) {
  for (const char* text :
       {"", "8e3af657", "8e3af657-a8ff-443c-a75c-2fe8c4bcb63",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb6355", "8e3af657xa8ff-443c-a75c-2fe8c4bcb635",
        "ge3af657-a8ff-443c-a75c-2fe8c4bcb635", "{8e3af657-a8ff-443c-a75c-2fe8c4bcb635"}) {
    EXPECT_FALSE(Guid::Parse(text).has_value()) << text;
  }
}

TEST(GuidTest, RandomBytesBecomeVersion4) {
  std::array<std::uint8_t, 16> bytes;
  bytes.fill(0xFF);
  const std::string text = Guid::FromRandomBytes(bytes).ToString();
  EXPECT_EQ(text[14], '4');
  EXPECT_EQ(text[19], 'b');
}

TEST(GuidTest, NilAndOrdering) {
  EXPECT_TRUE(Guid().IsNil());
  auto a = *Guid::Parse("00000000-0000-0000-0000-000000000001");
  auto b = *Guid::Parse("00000000-0000-0000-0000-000000000002");
  EXPECT_FALSE(a.IsNil());
  EXPECT_LT(a, b);
}

}  // namespace
}  // namespace pal

namespace pal {
namespace {
TEST(GuidLastSegmentTest, TakesABareGuidOrTheOneEndingAnId) {
  const auto reader = Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");
  EXPECT_EQ(Guid::ParseLastSegment("acdd72a7-3385-48ef-bd42-f606fba81ae7"), reader);
  EXPECT_EQ(Guid::ParseLastSegment("/providers/Microsoft.Authorization/roleDefinitions/"
                                   "ACDD72A7-3385-48EF-BD42-F606FBA81AE7"),
            reader);
  EXPECT_FALSE(Guid::ParseLastSegment("/providers/x/Reader").has_value());
  EXPECT_FALSE(Guid::ParseLastSegment("acdd72a7/").has_value());
}
}  // namespace
}  // namespace pal
