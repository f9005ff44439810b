#include "api/cloud_metadata.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace pal::api {
namespace {

constexpr char kLocal[] = "https://localhost:8443";
constexpr char kLoopback[] = "https://127.0.0.1:8443";

class CloudMetadataTest : public ::testing::Test {
 protected:
  // The answer to GET `target` addressed to `base`, or nullopt when the metadata does not
  // claim the path.
  std::optional<HttpResponse> Get(const std::string& target, const std::string& base = kLocal,
                                  const std::string& method = "GET") const {
    HttpRequest request;
    request.method = method;
    request.target = target;
    const std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    request.base_url = base;
    std::optional<HttpResponse> answer;
    if (!metadata_.TryHandle(request, [&answer](HttpResponse r) { answer = std::move(r); })) {
      EXPECT_FALSE(answer);
      return std::nullopt;
    }
    EXPECT_TRUE(answer);
    return answer;
  }
  static nlohmann::json Body(const std::optional<HttpResponse>& r) {
    return r ? nlohmann::json::parse(r->body) : nlohmann::json();
  }

  // As pal serve configures it: ARM's audiences and the server's own base URLs.
  CloudMetadata metadata_{
      {.base_urls = {kLocal, kLoopback},
       .audiences = {"https://management.azure.com/", "https://management.core.windows.net/",
                     kLocal, kLoopback}}};
};

nlohmann::json ExpectedCloud(const std::string& base) {
  return {
      {"name", "pal"},
      {"resourceManager", base + "/"},
      {"portal", base + "/portal/"},
      {"gallery", base + "/"},
      {"graph", base + "/graph/"},
      {"graphAudience", base + "/graph/"},
      {"authentication",
       {{"loginEndpoint", base + "/adfs"},
        {"audiences",
         {base + "/", "https://management.azure.com/", "https://management.core.windows.net/"}},
        {"tenant", "adfs"},
        {"identityProvider", "ADFS"}}},
      {"suffixes", nlohmann::json::object()},
  };
}

TEST_F(CloudMetadataTest, The2015VersionIsTheObjectAzureStackHubAnswers) {
  // The Azure CLI's `cloud register --endpoint-resource-manager https://127.0.0.1:8443/` asks
  // with a doubled slash.
  auto r = Get("//metadata/endpoints?api-version=2015-01-01", kLoopback);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const nlohmann::json expected = {
      {"galleryEndpoint", std::string(kLoopback) + "/"},
      {"graphEndpoint", std::string(kLoopback) + "/graph/"},
      {"portalEndpoint", std::string(kLoopback) + "/portal/"},
      {"authentication",
       {{"loginEndpoint", std::string(kLoopback) + "/adfs"},
        {"audiences",
         {std::string(kLoopback) + "/", "https://management.azure.com/",
          "https://management.core.windows.net/"}}}},
  };
  EXPECT_EQ(Body(r), expected);
}

TEST_F(CloudMetadataTest, LaterVersionsDescribeTheCloudByName) {
  for (const char* version : {"2019-05-01", "2020-06-01"}) {
    auto r = Get(std::string("/metadata/endpoints?api-version=") + version);
    ASSERT_TRUE(r) << version;
    EXPECT_EQ(r->status, 200) << version;
    EXPECT_EQ(Body(r), nlohmann::json::array({ExpectedCloud(kLocal)})) << version;
  }
  auto r = Get("/Metadata/Endpoints/?api-version=2022-09-01");
  ASSERT_TRUE(r);
  EXPECT_EQ(Body(r), ExpectedCloud(kLocal));
  // A base the server does not know of gets the canonical one.
  EXPECT_EQ(Body(Get("/metadata/endpoints?api-version=2022-09-01", "https://pal.example")),
            ExpectedCloud(kLocal));
}

TEST_F(CloudMetadataTest, OtherVersionsAndMethodsAreArmErrors) {
  auto missing = Get("/metadata/endpoints");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_EQ(Body(missing)["error"]["code"], "MissingApiVersionParameter");
  auto other = Get("/metadata/endpoints?api-version=2018-01-01");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 400);
  EXPECT_EQ(Body(other)["error"]["code"], "InvalidApiVersionParameter");
  EXPECT_NE(Body(other)["error"]["message"].get<std::string>().find(
                "2015-01-01,2019-05-01,2020-06-01,2022-09-01"),
            std::string::npos);
  auto post = Get("/metadata/endpoints?api-version=2015-01-01", kLocal, "POST");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(Body(post)["error"]["code"], "MethodNotAllowed");
}

TEST_F(CloudMetadataTest, ClaimsOnlyItsOwnPath) {
  for (const char* path : {"/metadata", "/metadata/endpoints/x", "/providers/metadata/endpoints",
                           "/metadataendpoints", "/"}) {
    EXPECT_FALSE(Get(std::string(path) + "?api-version=2015-01-01")) << path;
  }
}

}  // namespace
}  // namespace pal::api
