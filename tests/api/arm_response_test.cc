#include "api/arm_response.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/security_headers.h"

namespace pal::api {
namespace {

TEST(JsonEscapeTest, EscapesQuotesAndControls) {
  EXPECT_EQ(JsonEscape("a\"b\\c\nd\x01"), "a\\\"b\\\\c\\nd\\u0001");
  EXPECT_EQ(JsonEscape(std::string("a\0b", 3)), "a\\u0000b");
}

TEST(JsonEscapeTest, KeepsUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonEscape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(JsonEscape("a\xFF"
                       "b"),
            "a" + replacement + "b");
  EXPECT_EQ(JsonEscape("\xC3"), replacement);                                      // cut short
  EXPECT_EQ(JsonEscape("\xC0\xAF"), replacement + replacement);                    // overlong '/'
  EXPECT_EQ(JsonEscape("\xED\xA0\x80"), replacement + replacement + replacement);  // a surrogate
  EXPECT_EQ(JsonEscape("\xF4\x90\x80\x80"), replacement + replacement + replacement + replacement);
}

TEST(JsonEscapeTest, ErrorBodiesAreValidJsonWhateverTheyEcho) {
  std::string hostile = "/subscriptions/\xFF\xFE\x80/\xC3(\"\\\x01";
  HttpResponse response =
      ArmError(Error::NotFound("NotFound", "No API at '" + hostile + "'."), HttpRequest{});
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  ASSERT_FALSE(json.is_discarded()) << response.body;
  EXPECT_EQ(json["error"]["code"], "NotFound");
}

std::string HeaderOf(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(SecurityHeadersTest, AddsWhatIsMissingOnly) {
  HttpResponse response;
  response.SetHeader("X-Frame-Options", "SAMEORIGIN");
  AddSecurityHeaders(response);
  AddSecurityHeaders(response);
  EXPECT_EQ(HeaderOf(response, "Strict-Transport-Security"), "max-age=31536000");
  EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(response, "X-Frame-Options"), "SAMEORIGIN");
  EXPECT_EQ(response.headers.size(), 3u);
  DefaultToNoStore(response);
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
  HttpResponse cached;
  cached.SetHeader("Cache-Control", "public, max-age=60");
  DefaultToNoStore(cached);
  EXPECT_EQ(HeaderOf(cached, "Cache-Control"), "public, max-age=60");
}

TEST(ArmHeadersTest, ArmAnswersAreNotStored) {
  HttpResponse response = ArmJson(200, "{}", HttpRequest{});
  EXPECT_NE(HeaderOf(response, "Cache-Control").find("no-store"), std::string::npos);
}

}  // namespace
}  // namespace pal::api
