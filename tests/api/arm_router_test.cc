#include "api/arm_router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/arm_response.h"

namespace pal::api {
namespace {

constexpr char kVersions[] = "2022-04-01,2015-07-01";

// Records what each operation saw; the router runs blocking operations through `pool`.
class ArmRouterTest : public ::testing::Test {
 protected:
  ArmRouterTest()
      : router_([this](std::function<void()> work) {
          ++blocking_runs_;
          work();
        }) {
    router_
        .Add("/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}",
             RouteFamily::kResourceGroups, kVersions, "A group is read (GET) or written (PUT).")
        .On("GET", [this](const ArmCall& call) { return Echo("get-group", call); })
        .On("PUT", [this](const ArmCall& call) { return Echo("put-group", call); });
    router_
        .Add("{scope*}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}",
             RouteFamily::kRoleAssignments, kVersions, "Assignments are read here.")
        .On("GET", [this](const ArmCall& call) { return Echo("get-assignment", call); })
        .On("DELETE", [](const ArmCall&) -> Result<HttpResponse> {
          return Error::Conflict("Busy", "The assignment is in use.");
        });
    router_
        .Add("/providers/Microsoft.ManagementPartner/partners/{partnerId}",
             RouteFamily::kManagementPartner, "2018-02-01", "Links are read and written here.")
        .OnAsync("PUT", [this](const ArmCall& call, Respond respond) {
          ++async_runs_;
          respond(*Echo("put-partner", call));
        });
  }

  Result<HttpResponse> Echo(std::string operation, const ArmCall& call) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : call.params) params[std::string(name)] = value;
    return ArmJson(200, nlohmann::json{{"op", operation}, {"params", params}}.dump(), call.request);
  }

  HttpResponse Send(std::string method, std::string path,
                    std::string query = "api-version=2022-04-01") {
    HttpRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    HttpResponse out;
    int answers = 0;
    router_.Dispatch(request, caller_, [&](HttpResponse response) {
      ++answers;
      out = std::move(response);
    });
    EXPECT_EQ(answers, 1) << "answered exactly once";
    return out;
  }

  // GET `path` at api-version 1 from `router` (one a test builds for itself).
  HttpResponse GetFrom(const ArmRouter& router, std::string path) const {
    HttpRequest request;
    request.method = "GET";
    request.path = std::move(path);
    request.query = "api-version=1";
    HttpResponse answer;
    router.Dispatch(request, caller_, [&](HttpResponse response) { answer = std::move(response); });
    return answer;
  }

  static nlohmann::json Body(const HttpResponse& response) {
    return nlohmann::json::parse(response.body, nullptr, false);
  }

  identity::CallerIdentity caller_;
  int blocking_runs_ = 0;
  int async_runs_ = 0;
  ArmRouter router_;
};

TEST_F(ArmRouterTest, MatchesLiteralsIgnoringCaseAndDecodesParameters) {
  auto response = Send("GET", "/SUBSCRIPTIONS/s1/resourcegroups/my%20group");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Body(response)["op"], "get-group");
  EXPECT_EQ(Body(response)["params"]["subscriptionId"], "s1");
  EXPECT_EQ(Body(response)["params"]["resourceGroupName"], "my group");
  EXPECT_EQ(blocking_runs_, 1) << "a store operation runs on the blocking pool";
}

TEST_F(ArmRouterTest, KeepsAParameterThatDoesNotDecodeAsSent) {
  auto response = Send("GET", "/subscriptions/s1/resourceGroups/100%");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Body(response)["params"]["resourceGroupName"], "100%");
}

TEST_F(ArmRouterTest, AGreedyScopeCoversAsManySegmentsAsTheRestLeaves) {
  for (const std::string scope : {"/subscriptions/s1", "/subscriptions/s1/resourceGroups/g",
                                  "/providers/Microsoft.Management/managementGroups/root"}) {
    auto response = Send("GET", scope + "/providers/Microsoft.Authorization/roleAssignments/a1");
    ASSERT_EQ(response.status, 200) << scope << ": " << response.body;
    EXPECT_EQ(Body(response)["op"], "get-assignment");
    EXPECT_EQ(Body(response)["params"]["scope"], scope);
    EXPECT_EQ(Body(response)["params"]["roleAssignmentName"], "a1");
  }
  EXPECT_EQ(Send("GET", "/providers/Microsoft.Authorization/roleAssignments/a1").status, 404)
      << "the scope covers at least one segment";
}

TEST_F(ArmRouterTest, IgnoresEmptySegments) {
  auto response = Send("GET", "//subscriptions//s1/resourceGroups/g/");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Body(response)["params"]["resourceGroupName"], "g");
}

TEST_F(ArmRouterTest, AnswersAPathNoResourceServesWithTheArmNotFoundEnvelope) {
  for (const std::string path : {"/subscriptions/s1/resourceGroups", "/subscriptions/s1/x/g",
                                 "/subscriptions/s1/resourceGroups/g/extra", "/"}) {
    auto response = Send("GET", path);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(Body(response)["error"]["code"], "NotFound") << path;
  }
  EXPECT_EQ(blocking_runs_, 0);
}

TEST_F(ArmRouterTest, AnswersAMethodTheResourceLacksWith405AndItsAllowList) {
  auto response = Send("DELETE", "/subscriptions/s1/resourceGroups/g");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(Body(response)["error"]["code"], "MethodNotAllowed");
  EXPECT_EQ(Body(response)["error"]["message"], "A group is read (GET) or written (PUT).");
  bool allow = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Allow") {
      allow = true;
      EXPECT_EQ(value, "GET, PUT");
    }
  }
  EXPECT_TRUE(allow);
  EXPECT_EQ(blocking_runs_, 0);
}

TEST_F(ArmRouterTest, ChecksTheApiVersionAfterTheMethod) {
  auto missing = Send("GET", "/subscriptions/s1/resourceGroups/g", "");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Body(missing)["error"]["code"], "MissingApiVersionParameter");
  auto unsupported = Send("GET", "/subscriptions/s1/resourceGroups/g", "api-version=2018-02-01");
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(Body(unsupported)["error"]["code"], "InvalidApiVersionParameter");
  EXPECT_EQ(Send("GET", "/subscriptions/s1/resourceGroups/g", "api-version=2015-07-01").status,
            200);
  EXPECT_EQ(Send("PATCH", "/subscriptions/s1/resourceGroups/g", "").status, 405)
      << "the method is checked first";
  EXPECT_EQ(blocking_runs_, 1);
}

TEST_F(ArmRouterTest, AResourceWithoutApiVersionsLeavesTheVersionToItsOperations) {
  router_
      .Add("/providers/Microsoft.ManagementPartner/{type}", RouteFamily::kManagementPartner, "",
           "Any method.")
      .On("GET", [this](const ArmCall& call) { return Echo("unknown-type", call); });
  for (const std::string query : {"", "api-version=1999-01-01"}) {
    auto response = Send("GET", "/providers/Microsoft.ManagementPartner/widgets", query);
    ASSERT_EQ(response.status, 200) << query << ": " << response.body;
    EXPECT_EQ(Body(response)["params"]["type"], "widgets");
  }
}

TEST_F(ArmRouterTest, TurnsAnOperationsErrorIntoTheArmEnvelope) {
  auto response =
      Send("DELETE", "/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments/a1");
  EXPECT_EQ(response.status, 409);
  EXPECT_EQ(Body(response)["error"]["code"], "Busy");
  EXPECT_EQ(Body(response)["error"]["message"], "The assignment is in use.");
}

TEST_F(ArmRouterTest, RunsAnAsyncOperationInPlaceAndLetsItAnswer) {
  auto response = Send("PUT", "/providers/Microsoft.ManagementPartner/partners/719878",
                       "api-version=2018-02-01");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Body(response)["op"], "put-partner");
  EXPECT_EQ(Body(response)["params"]["partnerId"], "719878");
  EXPECT_EQ(async_runs_, 1);
  EXPECT_EQ(blocking_runs_, 0);
}

TEST_F(ArmRouterTest, TellsTheFamilyOfAPathBeforeTheCallerIsKnown) {
  EXPECT_EQ(router_.FamilyOf("/subscriptions/s/resourceGroups/g"), RouteFamily::kResourceGroups);
  EXPECT_EQ(router_.FamilyOf("/subscriptions/s/providers/Microsoft.Authorization/"
                             "roleAssignments/a"),
            RouteFamily::kRoleAssignments);
  EXPECT_EQ(router_.FamilyOf("/providers/Microsoft.ManagementPartner/partners/1"),
            RouteFamily::kManagementPartner);
  EXPECT_EQ(router_.FamilyOf("/subscriptions/s"), std::nullopt);
}

TEST_F(ArmRouterTest, AnOperationThatThrowsIsAnsweredWith500AndTheRouterKeepsServing) {
  ArmRouter router([](std::function<void()> work) { work(); });
  router.Add("/things/{name}", RouteFamily::kOther, "1", "")
      .On("GET", [](const ArmCall& call) -> Result<HttpResponse> {
        if (call.Param("name") == "bad") {
          return ArmJson(200, nlohmann::json::parse("{").dump(), call.request);
        }
        return ArmJson(200, "\"fine\"", call.request);
      });
  auto get = [&](std::string path) { return GetFrom(router, std::move(path)); };
  const HttpResponse thrown = get("/things/bad");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(Body(thrown)["error"]["code"], "InternalServerError");
  EXPECT_EQ(get("/things/good").body, "\"fine\"");
}

TEST_F(ArmRouterTest, AnInPlaceOperationAnswersOnTheCallingThreadWithoutThePool) {
  int pooled = 0;
  ArmRouter router([&pooled](std::function<void()> work) {
    ++pooled;
    work();
  });
  router.Add("/things/{name}", RouteFamily::kOther, "1", "")
      .OnInPlace("GET", [](const ArmCall& call) -> Result<HttpResponse> {
        if (call.Param("name") == "missing") return Error::NotFound("ThingNotFound", "No thing.");
        return ArmJson(200, "\"here\"", call.request);
      });
  auto get = [&](std::string path) { return GetFrom(router, std::move(path)); };
  EXPECT_EQ(get("/things/a").body, "\"here\"");
  const HttpResponse missing = get("/things/missing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Body(missing)["error"]["code"], "ThingNotFound");
  EXPECT_EQ(pooled, 0);
}

TEST_F(ArmRouterTest, TheFirstResourceAddedThatMatchesServesThePath) {
  ArmRouter router([](std::function<void()> work) { work(); });
  router.Add("/things/{name}", RouteFamily::kOther, "1", "").On("GET", [](const ArmCall& call) {
    return Result<HttpResponse>(ArmJson(200, "\"param\"", call.request));
  });
  router.Add("/things/special", RouteFamily::kOther, "1", "").On("GET", [](const ArmCall& call) {
    return Result<HttpResponse>(ArmJson(200, "\"literal\"", call.request));
  });
  EXPECT_EQ(GetFrom(router, "/things/special").body, "\"param\"");
}

}  // namespace
}  // namespace pal::api
