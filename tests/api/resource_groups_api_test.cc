#include "api/resource_groups_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "api/arm_test_directory.h"
#include "api/routed_provider.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kOther = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kOwner = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kReaderPrincipal = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kGroupReader = *Guid::Parse("c0a70500-0000-4000-8000-0000000000c1");
const Guid kStranger = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000d1");
const std::string kSubPath = "/subscriptions/" + kSub.ToString();
constexpr char kOwnerRole[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
constexpr char kContributorRole[] = "b24988ac-6180-42a0-ab88-20f7382dd24c";
constexpr char kReaderRole[] = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
constexpr char kVersion[] = "api-version=2021-04-01";

class ResourceGroupsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kTenant, "Contoso");
    testing::AddTenant(*store_, kOther, "Fabrikam");
    testing::AddSubscription(*store_, kSub, kTenant, "Prod");
    Grant(kSubPath, kOwnerRole, kOwner, 1);
    Grant(kSubPath, kReaderRole, kReaderPrincipal, 2);
    authorizer_.emplace(*store_);
    api_.emplace(*store_, *authorizer_, clock_);
    api_->AddRoutes(routed_.router());
    As(kTenant, kOwner);
  }

  void Grant(const std::string& scope, const char* role, const Guid& who, uint8_t n,
             const Guid& tenant = kTenant) {
    testing::GrantRole(*store_, Guid::FromRandomBytes({n, 3}), scope, role, {tenant, who});
  }

  void As(const Guid& tenant, const Guid& object) {
    caller_ = {};
    caller_.tenant_id = tenant;
    caller_.object_id = object;
  }

  HttpResponse Send(std::string method, const std::string& path, std::string body = "",
                    const std::string& query = kVersion) {
    return routed_.Call(caller_, std::move(method), path, query, std::move(body));
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  // The names a list gives, with `query` after the api-version (a filter, a page).
  std::vector<std::string> Names(const std::string& query = "") {
    auto r = Send("GET", kSubPath + "/resourcegroups", "", kVersion + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> names;
    const auto body = nlohmann::json::parse(r.body);
    for (const auto& g : body["value"]) names.push_back(g["name"]);
    return names;
  }

  FixedClock clock_{1};
  store::TestStore store_;
  std::optional<service::ScopeAuthorizer> authorizer_;
  std::optional<ResourceGroupsApi> api_;
  testing::RoutedProvider routed_;
  identity::CallerIdentity caller_;
};

TEST_F(ResourceGroupsApiTest, CreateReadUpdateListDelete) {
  auto created = Send("PUT", kSubPath + "/resourcegroups/rg-Prod",
                      R"({"location":"West Europe","tags":{"env":"prod"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = nlohmann::json::parse(created.body);
  EXPECT_EQ(body["id"], kSubPath + "/resourceGroups/rg-Prod");
  EXPECT_EQ(body["name"], "rg-Prod");
  EXPECT_EQ(body["type"], "Microsoft.Resources/resourceGroups");
  EXPECT_EQ(body["location"], "westeurope");
  EXPECT_EQ(body["tags"]["env"], "prod");
  EXPECT_EQ(body["properties"]["provisioningState"], "Succeeded");

  auto got = Send("GET", "/" + kSubPath + "/resourceGroups/RG-PROD");  // any case, doubled slash
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(nlohmann::json::parse(got.body), body);
  EXPECT_EQ(Send("HEAD", kSubPath + "/resourcegroups/rg-prod").status, 204);
  EXPECT_EQ(Send("HEAD", kSubPath + "/resourcegroups/nope").status, 404);

  auto retagged = Send("PUT", kSubPath + "/resourcegroups/rg-prod",
                       R"({"location":"westeurope","tags":{"env":"production"}})");
  ASSERT_EQ(retagged.status, 200) << retagged.body;
  EXPECT_EQ(nlohmann::json::parse(retagged.body)["tags"]["env"], "production");
  auto moved = Send("PUT", kSubPath + "/resourcegroups/rg-prod", R"({"location":"eastus"})");
  EXPECT_EQ(moved.status, 409);
  EXPECT_EQ(Code(moved), "InvalidResourceGroupLocation");

  ASSERT_EQ(Send("PUT", kSubPath + "/resourcegroups/rg-dev", R"({"location":"eastus"})").status,
            201);
  EXPECT_EQ(Names(), (std::vector<std::string>{"rg-dev", "rg-Prod"}));

  EXPECT_EQ(Send("DELETE", kSubPath + "/resourcegroups/rg-dev").status, 200);
  EXPECT_EQ(Code(Send("DELETE", kSubPath + "/resourcegroups/rg-dev")), "ResourceGroupNotFound");
  EXPECT_EQ(Code(Send("GET", kSubPath + "/resourcegroups/rg-dev")), "ResourceGroupNotFound");
  EXPECT_EQ(Names(), std::vector<std::string>{"rg-Prod"});
}

TEST_F(ResourceGroupsApiTest, DeletingAGroupRemovesItsResourcesAndAssignmentsWithHistory) {
  ASSERT_EQ(Send("PUT", kSubPath + "/resourcegroups/rg", R"({"location":"westeurope"})").status,
            201);
  const std::string vm =
      kSubPath + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm";
  ASSERT_TRUE(store_->resource_groups().CreateResource({*ResourceId::Parse(vm), kSub, 0}).ok());
  Grant(kSubPath + "/resourceGroups/rg", kReaderRole, kGroupReader, 3);
  Grant(vm, kContributorRole, kGroupReader, 4);
  // A group whose name starts the same is not "below" the deleted one.
  ASSERT_EQ(Send("PUT", kSubPath + "/resourcegroups/rg2", R"({"location":"westeurope"})").status,
            201);
  Grant(kSubPath + "/resourceGroups/rg2", kReaderRole, kGroupReader, 5);

  ASSERT_EQ(Send("DELETE", kSubPath + "/resourcegroups/RG").status, 200);
  EXPECT_FALSE(store_->resource_groups().FindResource(*ResourceId::Parse(vm))->has_value());
  auto left = store_->role_assignments().ListRoleAssignmentsOfPrincipal({kTenant, kGroupReader});
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().scope.resource_group(), "rg2");
  EXPECT_EQ(store_->role_assignments().ListRoleAssignments(kSub)->size(),
            3u);  // owner, reader, rg2's
}

TEST_F(ResourceGroupsApiTest, WhoMayDoWhat) {
  ASSERT_EQ(Send("PUT", kSubPath + "/resourcegroups/rg", R"({"location":"westeurope"})").status,
            201);
  ASSERT_EQ(Send("PUT", kSubPath + "/resourcegroups/other", R"({"location":"westeurope"})").status,
            201);

  As(kTenant, kReaderPrincipal);  // Reader on the subscription: reads, cannot write
  EXPECT_EQ(Names().size(), 2u);
  auto denied = Send("PUT", kSubPath + "/resourcegroups/new", R"({"location":"westeurope"})");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(Code(denied), "AuthorizationFailed");
  EXPECT_EQ(Code(Send("DELETE", kSubPath + "/resourcegroups/rg")), "AuthorizationFailed");

  Grant(kSubPath + "/resourceGroups/rg", kContributorRole, kGroupReader, 6);
  As(kTenant, kGroupReader);  // Contributor on one group only: sees and changes only it
  EXPECT_EQ(Names(), std::vector<std::string>{"rg"});
  EXPECT_EQ(
      Send("PUT", kSubPath + "/resourcegroups/rg", R"({"location":"westeurope","tags":{"a":"b"}})")
          .status,
      200);
  EXPECT_EQ(Code(Send("GET", kSubPath + "/resourcegroups/other")), "AuthorizationFailed");

  As(kOther, kStranger);  // another tenant: refused like a principal without a role
  EXPECT_EQ(Code(Send("GET", kSubPath + "/resourcegroups")), "AuthorizationFailed");
  EXPECT_EQ(Code(Send("DELETE", kSubPath + "/resourcegroups/rg")), "AuthorizationFailed");
  EXPECT_EQ(Send("HEAD", kSubPath + "/resourcegroups/rg").status, 403);
  EXPECT_EQ(store_->resource_groups().ListResourceGroups(kSub)->size(), 2u);
}

TEST_F(ResourceGroupsApiTest, BadRequests) {
  EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/rg", "{}")), "LocationRequired");
  EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/rg", "[")), "InvalidRequestContent");
  EXPECT_EQ(
      Code(Send("PUT", kSubPath + "/resourcegroups/rg", R"({"location":"x","tags":{"a":1}})")),
      "InvalidTag");
  EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/bad%20name", R"({"location":"x"})")),
            "InvalidResourceGroup");
  EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/ends.", R"({"location":"x"})")),
            "InvalidResourceGroup");
  EXPECT_EQ(Code(Send("GET", "/subscriptions/xyz/resourcegroups")), "InvalidSubscriptionId");
  EXPECT_EQ(Code(Send("GET", kSubPath + "/resourcegroups", "", "api-version=2018-02-01")),
            "InvalidApiVersionParameter");
  EXPECT_EQ(Code(Send("PATCH", kSubPath + "/resourcegroups/rg", "{}")), "ResourceGroupNotFound");
  EXPECT_EQ(Send("POST", kSubPath + "/resourcegroups/rg").status, 405);
  EXPECT_EQ(Send("POST", kSubPath + "/resourcegroups").status, 405);
  EXPECT_TRUE(store_->resource_groups().ListResourceGroups(kSub)->empty());
  EXPECT_EQ(routed_.router().FamilyOf("//subscriptions/x/resourceGroups/"),
            RouteFamily::kResourceGroups);
  EXPECT_EQ(routed_.router().FamilyOf("/subscriptions/x/resourceGroups/rg/providers"),
            std::nullopt);
}

TEST_F(ResourceGroupsApiTest, LocationsAndTagsWithControlCharactersAreNotStored) {
  for (const char* body : {R"({"location":"west\u0000europe"})", R"({"location":"westeurope\n"})",
                           R"({"location":"west\u0007"})", R"({"location":"west/europe"})",
                           R"({"location":"\u00e9ast"})"}) {
    EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/rg", body)),
              "LocationNotAvailableForResourceGroup")
        << body;
  }
  EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/rg",
                      std::string(R"({"location":")") + std::string(91, 'a') + "\"}")),
            "LocationNotAvailableForResourceGroup");
  EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/rg",
                      R"({"location":"westeurope","tags":{"a\u0000":"b"}})")),
            "InvalidTag");
  EXPECT_EQ(Code(Send("PUT", kSubPath + "/resourcegroups/rg",
                      R"({"location":"westeurope","tags":{"a":"b\u0000"}})")),
            "InvalidTag");
  EXPECT_TRUE(store_->resource_groups().ListResourceGroups(kSub)->empty());
  EXPECT_EQ(Send("PUT", kSubPath + "/resourcegroups/rg", R"({"location":"West US 2"})").status,
            201);
}

TEST_F(ResourceGroupsApiTest, ListsByTagAndPagesByTopNeverIgnoringAFilter) {
  const auto put = [&](const std::string& name, const std::string& tags) {
    ASSERT_EQ(Send("PUT", kSubPath + "/resourcegroups/" + name,
                   R"({"location":"westeurope","tags":)" + tags + "}")
                  .status,
              201);
  };
  put("a", R"({"env":"prod","team":"web"})");
  put("b", R"({"Env":"dev"})");
  put("c", "{}");
  put("d", R"({"env":"prod it's"})");
  using Names_ = std::vector<std::string>;
  EXPECT_EQ(Names("&$filter=tagName%20eq%20'env'"), (Names_{"a", "b", "d"})) << "names any case";
  EXPECT_EQ(Names("&$filter=tagName eq 'env' and tagValue eq 'prod'"), Names_{"a"});
  EXPECT_EQ(Names("&$filter=tagname eq 'ENV' AND tagvalue eq 'dev'"), Names_{"b"});
  EXPECT_EQ(Names("&$filter=tagName eq 'env' and tagValue eq 'Prod'"), Names_{}) << "values exact";
  EXPECT_EQ(Names("&$filter=tagName eq 'env' and tagValue eq 'prod it''s'"), Names_{"d"});
  for (std::string bad :
       {"tagValue eq 'prod'", "tagName eq 'env' or tagName eq 'team'", "startswith(tagName, 'e')",
        "name eq 'a'", "tagName eq env", "tagName eq 'env' and tagValue eq 'prod' and x"}) {
    auto r = Send("GET", kSubPath + "/resourcegroups", "", kVersion + ("&$filter=" + bad));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(Code(r), "InvalidFilter") << bad;
  }

  // $top is the page size; the nextLink carries the filter, the size and where to go on.
  auto first = Send("GET", kSubPath + "/resourcegroups", "",
                    std::string(kVersion) + "&$filter=tagName eq 'env'&$top=2");
  ASSERT_EQ(first.status, 200) << first.body;
  auto page = nlohmann::json::parse(first.body);
  ASSERT_EQ(page["value"].size(), 2u);
  EXPECT_EQ(page["nextLink"], kSubPath +
                                  "/resourcegroups?api-version=2021-04-01&$filter=tagName%20eq%20%"
                                  "27env%27&$top=2&$skiptoken=2");
  EXPECT_EQ(Names("&$filter=tagName eq 'env'&$top=2&$skiptoken=2"), Names_{"d"});
  auto last = nlohmann::json::parse(
      Send("GET", kSubPath + "/resourcegroups", "", std::string(kVersion) + "&$top=4").body);
  EXPECT_EQ(last["value"].size(), 4u);
  EXPECT_FALSE(last.contains("nextLink"));
  for (std::string bad : {"0", "1001", "x", "-1"}) {
    auto r = Send("GET", kSubPath + "/resourcegroups", "", kVersion + ("&$top=" + bad));
    EXPECT_EQ(Code(r), "InvalidTopInQueryString") << bad;
  }
  EXPECT_EQ(Code(Send("GET", kSubPath + "/resourcegroups", "",
                      std::string(kVersion) + "&$skiptoken=abc")),
            "InvalidSkipToken");
}

TEST_F(ResourceGroupsApiTest, PatchReplacesTheTags) {
  ASSERT_EQ(Send("PUT", kSubPath + "/resourcegroups/rg",
                 R"({"location":"westeurope","tags":{"env":"dev"}})")
                .status,
            201);
  auto patched = Send("PATCH", kSubPath + "/resourcegroups/RG", R"({"tags":{"env":"prod"}})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(nlohmann::json::parse(patched.body)["tags"], (nlohmann::json{{"env", "prod"}}));
  EXPECT_EQ(nlohmann::json::parse(Send("GET", kSubPath + "/resourcegroups/rg").body)["tags"]["env"],
            "prod");
  auto untouched = Send("PATCH", kSubPath + "/resourcegroups/rg", "{}");
  EXPECT_EQ(nlohmann::json::parse(untouched.body)["tags"]["env"], "prod");
  EXPECT_EQ(Code(Send("PATCH", kSubPath + "/resourcegroups/rg", R"({"tags":["x"]})")),
            "InvalidTag");
  EXPECT_EQ(Code(Send("PATCH", kSubPath + "/resourcegroups/nope", R"({"tags":{}})")),
            "ResourceGroupNotFound");
  As(kTenant, kReaderPrincipal);
  EXPECT_EQ(Code(Send("PATCH", kSubPath + "/resourcegroups/rg", R"({"tags":{}})")),
            "AuthorizationFailed");
}

}  // namespace
}  // namespace pal::api
