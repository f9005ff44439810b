#include "core/text.h"

#include <gtest/gtest.h>

#include "core/principal.h"

namespace pal {
namespace {

TEST(TextTest, CaseInsensitiveComparisons) {
  EXPECT_TRUE(EqualsIgnoreCase("Microsoft.ManagementPartner", "microsoft.managementpartner"));
  EXPECT_FALSE(EqualsIgnoreCase("abc", "abd"));
  EXPECT_FALSE(EqualsIgnoreCase("abc", "abcd"));
  EXPECT_TRUE(StartsWithIgnoreCase("/PROVIDERS/x", "/providers/"));
  EXPECT_FALSE(StartsWithIgnoreCase("/prov", "/providers/"));
  EXPECT_EQ(ToLowerAscii("AbC-1"), "abc-1");
}

TEST(TextTest, SplitOnSlashKeepsEmptyParts) {
  EXPECT_EQ(SplitOnSlash("a//b"), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(SplitOnSlash("a/"), (std::vector<std::string_view>{"a"}));
  EXPECT_TRUE(SplitOnSlash("").empty());
  EXPECT_EQ(TrimTrailingSlashes("https://x//"), "https://x");
  EXPECT_EQ(HexDigitValue('F'), 15);
  EXPECT_EQ(HexDigitValue('g'), -1);
}

TEST(PrincipalKindTest, ParsesAzureSpellings) {
  EXPECT_EQ(ParsePrincipalKind("serviceprincipal"), PrincipalKind::kServicePrincipal);
  EXPECT_EQ(ParsePrincipalKind("Guest"), PrincipalKind::kGuest);
  EXPECT_EQ(PrincipalKindName(PrincipalKind::kUser), "User");
  EXPECT_FALSE(ParsePrincipalKind("Group").has_value());
}

}  // namespace
}  // namespace pal

namespace pal {
namespace {
TEST(PathSegmentsTest, IgnoresDoubledLeadingAndTrailingSlashes) {
  EXPECT_EQ(PathSegments("//subscriptions/x/resourceGroups/rg/"),
            (std::vector<std::string_view>{"subscriptions", "x", "resourceGroups", "rg"}));
  EXPECT_TRUE(PathSegments("/").empty());
}
}  // namespace
}  // namespace pal
