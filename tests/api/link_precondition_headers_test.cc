#include "api/link_precondition_headers.h"

#include <gtest/gtest.h>

namespace pal::api {
namespace {

HttpRequest WithHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  HttpRequest request;
  request.method = "PATCH";
  request.headers = std::move(headers);
  return request;
}

TEST(LinkPreconditionHeadersTest, NoHeadersIsNoCondition) {
  auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"Content-Type", "application/json"}}));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->empty());
}

TEST(LinkPreconditionHeadersTest, IfMatchVersionSpellings) {
  for (const char* value : {"5", "\"5\"", "W/\"5\"", "  \"5\"\t", "05"}) {
    auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"If-Match", value}}));
    ASSERT_TRUE(parsed.ok()) << value << ": " << parsed.error().message;
    EXPECT_EQ(parsed->if_match_version, 5) << value;
    EXPECT_FALSE(parsed->if_match_any);
    EXPECT_FALSE(parsed->if_none_match_any);
  }
  // Header names are case-insensitive.
  auto lower = ParseLinkPreconditionHeaders(WithHeaders({{"if-match", "12"}}));
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower->if_match_version, 12);
}

TEST(LinkPreconditionHeadersTest, IfMatchAny) {
  auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"If-Match", "*"}}));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->if_match_any);
  EXPECT_FALSE(parsed->if_match_version.has_value());
}

TEST(LinkPreconditionHeadersTest, IfNoneMatchAny) {
  auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"If-None-Match", "*"}}));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->if_none_match_any);
  EXPECT_FALSE(parsed->if_match_any);
  EXPECT_FALSE(parsed->if_match_version.has_value());
}

TEST(LinkPreconditionHeadersTest, BadIfMatchIsInvalidIfMatch) {
  for (const char* value : {"", "  ", "abc", "-1", "5.0", "\"5", "5\"", "\"\"", "W/5", "w/\"5\"",
                            "\"1\", \"2\"", "1234567890123456789", "0x5", "**", "\"*\""}) {
    auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"If-Match", value}}));
    ASSERT_FALSE(parsed.ok()) << "'" << value << "'";
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(parsed.error().code, "InvalidIfMatch") << value;
    EXPECT_NE(parsed.error().message.find("If-Match"), std::string::npos);
  }
}

TEST(LinkPreconditionHeadersTest, RepeatedIfMatchIsRefused) {
  auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"If-Match", "1"}, {"if-match", "2"}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "InvalidIfMatch");
}

TEST(LinkPreconditionHeadersTest, IfNoneMatchOtherThanAnyIsRefused) {
  for (const char* value : {"5", "\"5\"", "", "x"}) {
    auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"If-None-Match", value}}));
    ASSERT_FALSE(parsed.ok()) << value;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_EQ(parsed.error().code, "InvalidIfNoneMatch") << value;
  }
}

TEST(LinkPreconditionHeadersTest, MessageQuotesOnlyPrintableBytes) {
  auto parsed = ParseLinkPreconditionHeaders(WithHeaders({{"If-Match", "\xff\x01zz"}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("'??zz'"), std::string::npos) << parsed.error().message;
}

TEST(LinkPreconditionHeadersTest, EtagHeaderIsQuoted) { EXPECT_EQ(LinkEtagHeader(7), "\"7\""); }

}  // namespace
}  // namespace pal::api
