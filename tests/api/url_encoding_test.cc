#include "api/url_encoding.h"

#include <gtest/gtest.h>

namespace pal::api {
namespace {

TEST(UrlEncodingTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("a%2Fb%20c"), "a/b c");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_FALSE(PercentDecode("%").has_value());
  EXPECT_FALSE(PercentDecode("%2").has_value());
  EXPECT_FALSE(PercentDecode("%zz").has_value());
}

TEST(UrlEncodingTest, PercentEncodeRoundTrips) {
  const std::string text = "https://management.azure.com/.default ~ é&=";
  EXPECT_EQ(PercentDecode(PercentEncode(text)), text);
  EXPECT_EQ(PercentEncode("a b/c"), "a%20b%2Fc");
}

TEST(UrlEncodingTest, ParsesForms) {
  auto pairs =
      ParseFormEncoded("grant_type=client_credentials&scope=a%2F.default&empty=&flag&&x=1+2");
  ASSERT_EQ(pairs.size(), 5u);
  EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"grant_type", "client_credentials"}));
  EXPECT_EQ(pairs[1].second, "a/.default");
  EXPECT_EQ(pairs[2].second, "");
  EXPECT_EQ(pairs[3].first, "flag");
  EXPECT_EQ(pairs[4].second, "1 2");
}

TEST(UrlEncodingTest, RepeatedNameComparesDecodedNamesIgnoringCase) {
  EXPECT_EQ(RepeatedName("api-version=1&b=2"), std::nullopt);
  EXPECT_EQ(RepeatedName(""), std::nullopt);
  EXPECT_EQ(RepeatedName("a=1&&b=2&c"), std::nullopt);
  EXPECT_EQ(RepeatedName("api-version=1&api-version=2"), "api-version");
  EXPECT_EQ(RepeatedName("api-version=1&API-Version=2"), "API-Version");
  EXPECT_EQ(RepeatedName("scope=a&x=1&scope"), "scope");
  EXPECT_EQ(RepeatedName("%24filter=a&$filter=b"), "$filter");
  EXPECT_EQ(RepeatedName("grant+type=a&grant%20type=b"), "grant type");
}

}  // namespace
}  // namespace pal::api
