#include "api/json_body.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace pal::api {
namespace {

TEST(JsonBodyTest, JsonMediaTypes) {
  EXPECT_TRUE(IsJsonMediaType("application/json"));
  EXPECT_TRUE(IsJsonMediaType("application/json; charset=utf-8"));
  EXPECT_TRUE(IsJsonMediaType("Application/JSON;charset=\"UTF-8\""));
  EXPECT_TRUE(IsJsonMediaType(" application/json ; odata=minimalmetadata"));
  EXPECT_FALSE(IsJsonMediaType("text/plain"));
  EXPECT_FALSE(IsJsonMediaType("text/plain;charset=UTF-8"));
  EXPECT_FALSE(IsJsonMediaType("application/x-www-form-urlencoded"));
  EXPECT_FALSE(IsJsonMediaType("application/jsonx"));
  EXPECT_FALSE(IsJsonMediaType("application/json; charset=latin1"));
  EXPECT_FALSE(IsJsonMediaType(""));
}

TEST(JsonBodyTest, FindsDuplicateKeysAtAnyDepth) {
  EXPECT_EQ(DuplicateJsonKey(R"({"properties":{},"properties":{"a":1}})"), "properties");
  EXPECT_EQ(DuplicateJsonKey(R"({"properties":{"tags":{"env":"a","env":"b"}}})"),
            "properties.tags.env");
  EXPECT_EQ(DuplicateJsonKey(R"({"value":[{"n":1},{"n":2},{"n":3,"n":4}]})"), "value[2].n");
  EXPECT_EQ(DuplicateJsonKey(R"([[1],[{"a":1,"a":2}]])"), "[1][0].a");
  // The same key in sibling objects, or differing in case, is no duplicate.
  EXPECT_EQ(DuplicateJsonKey(R"({"a":{"x":1},"b":{"x":1},"A":2,"c":[{"x":1},{"x":2}]})"),
            std::nullopt);
  EXPECT_EQ(DuplicateJsonKey("not json"), std::nullopt);
  EXPECT_EQ(DuplicateJsonKey(""), std::nullopt);
}

HttpRequest Body(std::string body, std::optional<std::string> content_type) {
  HttpRequest request;
  request.method = "PUT";
  request.body = std::move(body);
  if (content_type) request.headers.emplace_back("Content-Type", *content_type);
  return request;
}

std::string CodeOf(const HttpRequest& request) {
  auto checked = CheckJsonBody(request);
  return checked.ok() ? "" : checked.error().code;
}

TEST(JsonBodyTest, CheckJsonBody) {
  EXPECT_EQ(CodeOf(Body("", std::nullopt)), "");
  EXPECT_EQ(CodeOf(Body("", "text/plain")), "");
  EXPECT_EQ(CodeOf(Body(R"({"a":1})", "application/json; charset=utf-8")), "");
  EXPECT_EQ(CodeOf(Body("not json", "application/json")), "");  // the provider says what is wrong
  EXPECT_EQ(CodeOf(Body(R"({"a":1})", std::nullopt)), "UnsupportedMediaType");
  EXPECT_EQ(CodeOf(Body(R"({"a":1})", "text/plain")), "UnsupportedMediaType");
  EXPECT_EQ(CodeOf(Body(R"({"a":1,"a":2})", "application/json")), "InvalidRequestContent");
  EXPECT_EQ(CodeOf(Body(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']'),
                        "application/json")),
            "");
  EXPECT_EQ(CodeOf(Body(std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']'),
                        "application/json")),
            "InvalidRequestContent");
  // Deep nesting well past the limit (a 1 MiB body of brackets) is refused without trouble.
  EXPECT_EQ(CodeOf(Body(std::string(1 << 20, '['), "application/json")), "InvalidRequestContent");
}

TEST(JsonBodyTest, RefusalsAreArmErrors) {
  auto media = RefuseJsonBody(Body("{}", "text/plain"));
  ASSERT_TRUE(media.has_value());
  EXPECT_EQ(media->status, 415);
  auto json = nlohmann::json::parse(media->body);
  EXPECT_EQ(json["error"]["code"], "UnsupportedMediaType");
  EXPECT_NE(json["error"]["message"].get<std::string>().find("text/plain"), std::string::npos);

  auto twice = RefuseJsonBody(
      Body(R"({"properties":{"partnerId":"1"},"properties":{}})", "application/json"));
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(twice->status, 400);
  auto error = nlohmann::json::parse(twice->body)["error"];
  EXPECT_EQ(error["code"], "InvalidRequestContent");
  EXPECT_NE(error["message"].get<std::string>().find("'properties'"), std::string::npos);

  EXPECT_FALSE(RefuseJsonBody(Body("{}", "application/json")).has_value());
}

}  // namespace
}  // namespace pal::api
