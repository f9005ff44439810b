#include "api/role_definitions_api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "api/routed_provider.h"
#include "api/url_encoding.h"
#include "store/test_store.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kOtherTenant = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kCaller = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const std::string kSubScope = "/subscriptions/" + kSub.ToString();
constexpr char kOwnerId[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

class RoleDefinitionsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    ASSERT_TRUE(store_->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
    ASSERT_TRUE(store_->scopes()
                    .CreateManagementGroup(
                        {kTenant.ToString(), kTenant, "Tenant Root Group", std::nullopt, 0})
                    .ok());
    ASSERT_TRUE(store_->scopes()
                    .CreateSubscription({kSub, kTenant, "Prod", SubscriptionOffer::kAzurePlan,
                                         SubscriptionState::kEnabled, 0, kTenant.ToString()})
                    .ok());
    caller_.tenant_id = kTenant;
    caller_.object_id = kCaller;
    authorizer_.emplace(*store_);
    api_.emplace(*authorizer_);
    api_->AddRoutes(routed_.router());
  }

  void GrantReaderAtTenantRootGroup() {
    RoleAssignment a;
    a.name = Guid::FromRandomBytes({1});
    a.scope = *ResourceId::Parse("/providers/Microsoft.Management/managementGroups/" +
                                 kTenant.ToString());
    a.role_definition_id = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    a.principal = {kTenant, kCaller};
    ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(a).ok());
  }

  HttpResponse Get(const std::string& path, const std::string& query, std::string method = "GET") {
    return routed_.Call(caller_, std::move(method), path, query);
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  FixedClock clock_{1};
  store::TestStore store_;
  std::optional<service::ScopeAuthorizer> authorizer_;
  std::optional<RoleDefinitionsApi> api_;
  testing::RoutedProvider routed_;
  identity::CallerIdentity caller_;
};

TEST_F(RoleDefinitionsApiTest, RootListIsOpenToAnySignedInCaller) {
  auto r = Get("/providers/Microsoft.Authorization/roleDefinitions",
               "api-version=2022-04-01&$filter=" + PercentEncode("roleName eq 'Owner'"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = nlohmann::json::parse(r.body);
  ASSERT_EQ(body["value"].size(), 1u);
  EXPECT_EQ(body["value"][0]["name"], kOwnerId);
  EXPECT_EQ(body["value"][0]["id"],
            std::string("/providers/Microsoft.Authorization/roleDefinitions/") + kOwnerId);
  EXPECT_EQ(body["value"][0]["properties"]["permissions"][0]["actions"][0], "*");
  auto all = nlohmann::json::parse(
      Get("//providers/Microsoft.Authorization/roleDefinitions", "api-version=2022-04-01").body);
  EXPECT_GE(all["value"].size(), 15u) << "the doubled leading slash of the SDKs";
  auto builtin = nlohmann::json::parse(Get("/providers/Microsoft.Authorization/roleDefinitions",
                                           "api-version=2022-04-01&$filter=type+eq+'BuiltInRole'")
                                           .body);
  EXPECT_EQ(builtin["value"].size(), all["value"].size());
}

TEST_F(RoleDefinitionsApiTest, SubscriptionScopeNeedsARoleThere) {
  const std::string path = kSubScope + "/providers/Microsoft.Authorization/roleDefinitions";
  auto refused = Get(path, "api-version=2022-04-01");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Code(refused), "AuthorizationFailed");
  GrantReaderAtTenantRootGroup();
  auto allowed = Get(path + "/" + kOwnerId, "api-version=2022-04-01");
  ASSERT_EQ(allowed.status, 200) << allowed.body;
  EXPECT_EQ(nlohmann::json::parse(allowed.body)["id"],
            kSubScope + "/providers/Microsoft.Authorization/roleDefinitions/" + kOwnerId);
  auto rg = Get(kSubScope + "/resourceGroups/rg/providers/Microsoft.Authorization/roleDefinitions",
                "api-version=2022-04-01");
  EXPECT_EQ(rg.status, 200) << "inherited from the tenant root group";
}

// A list at a scope names the roles assignable there: Reservations Administrator is assignable
// only under /providers/Microsoft.Capacity, so a subscription's list leaves it out, the root's
// has it.
TEST_F(RoleDefinitionsApiTest, ListsOnlyTheRolesAssignableAtTheScope) {
  GrantReaderAtTenantRootGroup();
  const auto names = [&](const std::string& scope) {
    std::vector<std::string> out;
    auto body = nlohmann::json::parse(
        Get(scope + "/providers/Microsoft.Authorization/roleDefinitions", "api-version=2022-04-01")
            .body);
    for (const auto& role : body["value"]) out.push_back(role["properties"]["roleName"]);
    return out;
  };
  const auto root = names("");
  const auto subscription = names(kSubScope);
  const auto has = [](const std::vector<std::string>& v, const std::string& name) {
    return std::find(v.begin(), v.end(), name) != v.end();
  };
  EXPECT_TRUE(has(root, "Reservations Administrator"));
  EXPECT_FALSE(has(subscription, "Reservations Administrator"));
  EXPECT_TRUE(has(subscription, "Support Request Contributor"));
  EXPECT_EQ(subscription.size() + 2, root.size()) << "Reservations Administrator and Reader";
}

TEST_F(RoleDefinitionsApiTest, OtherTenantsScopesAreRefusedOrNotFound) {
  GrantReaderAtTenantRootGroup();
  caller_.tenant_id = kOtherTenant;
  auto r = Get(kSubScope + "/providers/Microsoft.Authorization/roleDefinitions",
               "api-version=2022-04-01");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Code(r), "AuthorizationFailed");
  auto mg = Get("/providers/Microsoft.Management/managementGroups/" + kTenant.ToString() +
                    "/providers/Microsoft.Authorization/roleDefinitions",
                "api-version=2022-04-01");
  EXPECT_EQ(Code(mg), "ManagementGroupNotFound");
}

TEST_F(RoleDefinitionsApiTest, Errors) {
  const std::string root = "/providers/Microsoft.Authorization/roleDefinitions";
  EXPECT_EQ(Code(Get(root + "/not-a-guid", "api-version=2022-04-01")),
            "RoleDefinitionDoesNotExist");
  EXPECT_EQ(Code(Get(root + "/00000000-0000-4000-8000-000000000000", "api-version=2022-04-01")),
            "RoleDefinitionDoesNotExist");
  EXPECT_EQ(Code(Get(root, "api-version=2022-04-01&$filter=name+eq+'x'")), "InvalidFilter");
  EXPECT_EQ(Code(Get(root, "")), "MissingApiVersionParameter");
  EXPECT_EQ(Code(Get(root, "api-version=2015-07-01")), "InvalidApiVersionParameter");
  EXPECT_EQ(Code(Get("/subscriptions/nope" + root, "api-version=2022-04-01")), "InvalidScope");
  EXPECT_EQ(Get(root + "/" + kOwnerId, "api-version=2022-04-01", "PUT").status, 405);
}

}  // namespace
}  // namespace pal::api
