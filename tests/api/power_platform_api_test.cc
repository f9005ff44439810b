#include "api/power_platform_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "api/arm_test_directory.h"
#include "api/routed_provider.h"

namespace pal::api {
namespace {

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kAdmin = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kMaker = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a2");
const Guid kColleague = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a3");
const Guid kStranger = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1");
const std::string kEnvironments = "/providers/Pal.PowerPlatform/environments";
const std::string kProd = kEnvironments + "/prod";
const std::string kApp = kProd + "/canvasApps/expense-app";
constexpr char kOwnerRole[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
constexpr char kVersion[] = "api-version=2026-12-01";

class PowerPlatformApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kContoso, "Contoso");
    testing::AddTenant(*store_, kFabrikam, "Fabrikam");
    for (const auto& [tenant, id] : {std::pair{kContoso, kAdmin},
                                     {kContoso, kMaker},
                                     {kContoso, kColleague},
                                     {kFabrikam, kStranger}}) {
      Principal p;
      p.tenant_id = tenant;
      p.object_id = id;
      p.name = id.ToString() + "@example.test";
      p.secret_hash.assign(1, 'x');
      ASSERT_TRUE(store_->directory().CreatePrincipal(p).ok());
    }
    // The tenant's Power Platform administrator: Owner at the root scope.
    testing::GrantRole(*store_, Guid::FromRandomBytes({1, 6}), "/", kOwnerRole, {kContoso, kAdmin});
    authorizer_.emplace(*store_);
    api_.emplace(*store_, *authorizer_, clock_);
    api_->AddRoutes(routed_.router());
  }

  HttpResponse Call(const Guid& who, std::string method, const std::string& path,
                    std::string body = "", const std::string& query = kVersion) {
    identity::CallerIdentity caller;
    caller.tenant_id = who == kStranger ? kFabrikam : kContoso;
    caller.object_id = who;
    return routed_.Call(caller, std::move(method), path, query, std::move(body));
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  // prod, kAdmin its admin and kMaker a maker, and the maker's canvas app.
  void MakeProdWithAnApp() {
    ASSERT_EQ(
        Call(kAdmin, "PUT", kProd, R"({"properties":{"environmentType":"Production"}})").status,
        201);
    ASSERT_TRUE(store_->power_platform_environments()
                    .SetEnvironmentMember({kContoso, "prod", kAdmin, EnvironmentRole::kAdmin, 1})
                    .ok());
    ASSERT_EQ(Call(kAdmin, "PUT", kProd + "/members/" + kMaker.ToString(),
                   R"({"properties":{"role":"EnvironmentMaker"}})")
                  .status,
              200);
    ASSERT_EQ(Call(kMaker, "PUT", kApp, R"({"properties":{"displayName":"Expenses"}})").status,
              201);
  }

  std::optional<PowerPlatformResourceRecord> StoredApp() {
    auto found = store_->power_platform_resources().FindPowerPlatformResource(
        kContoso, PowerPlatformResourceId("prod", PowerPlatformProduct::kCanvasApp, "expense-app"));
    EXPECT_TRUE(found.ok());
    return found.ok() ? *found : std::nullopt;
  }

  FixedClock clock_{1'700'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  std::optional<service::ScopeAuthorizer> authorizer_;
  std::optional<PowerPlatformApi> api_;
  testing::RoutedProvider routed_;
};

TEST_F(PowerPlatformApiTest, EnvironmentsMembersAndResourcesThroughTheRouter) {
  MakeProdWithAnApp();
  auto environment = Call(kMaker, "GET", kProd);
  ASSERT_EQ(environment.status, 200) << environment.body;
  EXPECT_EQ(nlohmann::json::parse(environment.body)["properties"]["environmentType"], "Production");
  EXPECT_EQ(nlohmann::json::parse(Call(kAdmin, "GET", kEnvironments).body)["value"].size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(Call(kAdmin, "GET", kProd + "/members").body)["value"].size(),
            2u);
  EXPECT_EQ(nlohmann::json::parse(Call(kMaker, "GET", kProd + "/resources").body)["value"].size(),
            1u);
  EXPECT_EQ(nlohmann::json::parse(Call(kMaker, "GET", kProd + "/flows").body)["value"].size(), 0u);
  auto app = Call(kMaker, "GET", kApp);
  ASSERT_EQ(app.status, 200) << app.body;
  EXPECT_EQ(nlohmann::json::parse(app.body)["properties"]["displayName"], "Expenses");

  auto shared = Call(kMaker, "PUT", kApp + "/coOwners/" + kColleague.ToString());
  ASSERT_EQ(shared.status, 200) << shared.body;
  ASSERT_TRUE(StoredApp());
  EXPECT_EQ(StoredApp()->co_owners, std::vector<Guid>{kColleague});
  EXPECT_EQ(Call(kMaker, "DELETE", kApp + "/coOwners/" + kColleague.ToString()).status, 200);
  auto moved = Call(kMaker, "POST", kApp + "/setOwner",
                    nlohmann::json{{"owner", kColleague.ToString()}, {"channel", "gui"}}.dump());
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(StoredApp()->owner, kColleague);
  auto history = Call(kAdmin, "GET", kApp + "/ownershipHistory");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_GE(nlohmann::json::parse(history.body)["value"].size(), 2u);

  const std::string row = nlohmann::json{{"value",
                                          {{{"date", "2026-11-02"},
                                            {"resourceId", StoredApp()->resource_id},
                                            {"userId", kMaker.ToString()}}}}}
                              .dump();
  auto activity = Call(kAdmin, "POST", kProd + "/activity", row);
  ASSERT_EQ(activity.status, 200) << activity.body;
  EXPECT_EQ(nlohmann::json::parse(activity.body)["received"], 1);
  auto exported = Call(kMaker, "POST", kProd + "/exportSolution",
                       R"({"solutionName":"Expenses","components":["canvasApps/expense-app"]})");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(nlohmann::json::parse(exported.body)["components"].size(), 1u);

  EXPECT_EQ(Call(kAdmin, "DELETE", kApp).status, 200);
  EXPECT_FALSE(StoredApp());
  EXPECT_EQ(Call(kAdmin, "DELETE", kProd).status, 200);
  EXPECT_EQ(Code(Call(kAdmin, "GET", kProd)), "EnvironmentNotFound");
}

TEST_F(PowerPlatformApiTest, AnotherTenantSeesNothingAndChangesNothing) {
  MakeProdWithAnApp();
  for (const auto& [method, path] : {std::pair{"GET", kProd},
                                     {"GET", kProd + "/members"},
                                     {"GET", kApp},
                                     {"DELETE", kApp},
                                     {"PUT", kApp + "/coOwners/" + kStranger.ToString()},
                                     {"GET", kProd + "/bogus"}}) {
    EXPECT_EQ(Code(Call(kStranger, method, path)), "EnvironmentNotFound") << method << path;
  }
  EXPECT_EQ(nlohmann::json::parse(Call(kStranger, "GET", kEnvironments).body)["value"].size(), 0u);
  ASSERT_TRUE(StoredApp());
  EXPECT_EQ(StoredApp()->owner, kMaker);
  EXPECT_TRUE(StoredApp()->co_owners.empty());
  // A colleague who is no maker there may not change it either.
  EXPECT_EQ(Call(kColleague, "DELETE", kApp).status, 403);
  EXPECT_TRUE(StoredApp());
}

TEST_F(PowerPlatformApiTest, RefusesMalformedBodies) {
  EXPECT_EQ(Code(Call(kAdmin, "PUT", kProd, "not json")), "InvalidRequestContent");
  EXPECT_EQ(Code(Call(kAdmin, "PUT", kProd, R"({"properties":{"environmentType":"Bogus"}})")),
            "InvalidEnvironmentType");
  EXPECT_EQ(Code(Call(kAdmin, "PUT", kProd, R"({"properties":{"paid":"yes"}})")),
            "InvalidRequestContent");
  EXPECT_EQ(Code(Call(kAdmin, "PUT", kProd, "{}")), "InvalidEnvironmentType")
      << "a new environment needs a type";
  EXPECT_EQ(Code(Call(kAdmin, "GET", kProd)), "EnvironmentNotFound") << "nothing created";
  MakeProdWithAnApp();
  EXPECT_EQ(
      Code(Call(kAdmin, "PUT", kProd + "/members/" + kColleague.ToString(), R"({"role":"Boss"})")),
      "InvalidRole");
  EXPECT_EQ(Code(Call(kAdmin, "POST", kProd + "/activity", R"({"value":{}})")), "InvalidActivity");
  EXPECT_EQ(Code(Call(kMaker, "POST", kApp + "/setOwner", R"({"channel":"fax"})")),
            "InvalidChannel");
  EXPECT_EQ(StoredApp()->owner, kMaker);
}

TEST_F(PowerPlatformApiTest, AnswersPathsMethodsAndVersionsAsArmDoes) {
  MakeProdWithAnApp();
  EXPECT_EQ(Call(kAdmin, "POST", kProd).status, 405);
  EXPECT_EQ(Call(kAdmin, "GET", kProd + "/exportSolution").status, 405);
  EXPECT_EQ(Code(Call(kAdmin, "GET", kProd, "", "")), "MissingApiVersionParameter");
  EXPECT_EQ(Code(Call(kAdmin, "GET", kProd, "", "api-version=2018-02-01")),
            "InvalidApiVersionParameter");
  EXPECT_EQ(Code(Call(kAdmin, "GET", "/providers/Pal.PowerPlatform/widgets")),
            "InvalidResourceType");
  EXPECT_EQ(Code(Call(kAdmin, "GET", "/providers/Pal.PowerPlatform")), "InvalidResourceType");
  EXPECT_EQ(Code(Call(kAdmin, "GET", kProd + "/bogus")), "InvalidResourceType");
  EXPECT_EQ(Code(Call(kAdmin, "GET", kProd + "/members/x/y")), "InvalidResourceType");
  EXPECT_EQ(Code(Call(kAdmin, "GET", kEnvironments + "/missing/bogus")), "EnvironmentNotFound");
  EXPECT_EQ(Code(Call(kAdmin, "GET", kProd + "/canvasApps/none/coOwners")), "ResourceNotFound");
  EXPECT_EQ(Code(Call(kAdmin, "GET", kApp + "/coOwners")), "InvalidResourceType");
  EXPECT_EQ(Call(kAdmin, "GET", "/PROVIDERS/pal.powerplatform/ENVIRONMENTS/prod/").status, 200);
  EXPECT_EQ(routed_.router().FamilyOf(kApp + "/setOwner"), RouteFamily::kPowerPlatform);
}

}  // namespace
}  // namespace pal::api
