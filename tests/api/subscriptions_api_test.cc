#include "api/subscriptions_api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/arm_test_directory.h"
#include "api/routed_provider.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kOther = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kProd = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kDev = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000102");
const Guid kForeign = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000201");
const Guid kCaller = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kReader = *Guid::Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7");

class SubscriptionsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kTenant, "Contoso");
    testing::AddTenant(*store_, kOther, "Fabrikam");
    testing::AddSubscription(*store_, kProd, kTenant, "Prod",
                             SubscriptionOffer::kEnterpriseAgreement);
    testing::AddSubscription(*store_, kDev, kTenant, "Dev", SubscriptionOffer::kCsp,
                             SubscriptionState::kWarned);
    testing::AddSubscription(*store_, kForeign, kOther, "Foreign");
    ASSERT_TRUE(store_->resource_groups().CreateResourceGroup({kDev, "rg", "westeurope", 0}).ok());
    caller_.tenant_id = kTenant;
    caller_.object_id = kCaller;
    api_.emplace(*store_, [](std::function<void()> work) { work(); });
    api_->AddRoutes(routed_.router());
  }

  void Grant(const std::string& scope, uint8_t n) {
    testing::GrantRole(*store_, Guid::FromRandomBytes({n, 7}), scope, kReader.ToString(),
                       {kTenant, kCaller});
  }

  HttpResponse Get(const std::string& path, const std::string& query = "api-version=2022-12-01",
                   std::string method = "GET") {
    return routed_.Call(caller_, std::move(method), path, query);
  }

  std::vector<std::string> Listed() {
    auto r = Get("/subscriptions");
    EXPECT_EQ(r.status, 200) << r.body;
    auto body = nlohmann::json::parse(r.body);
    std::vector<std::string> ids;
    for (const auto& s : body["value"]) ids.push_back(s["subscriptionId"]);
    EXPECT_EQ(body["count"]["value"], ids.size());
    return ids;
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  FixedClock clock_{1};
  store::TestStore store_;
  std::optional<SubscriptionsApi> api_;
  testing::RoutedProvider routed_;
  identity::CallerIdentity caller_;
};

TEST_F(SubscriptionsApiTest, ACallerSeesOnlySubscriptionsItHoldsARoleAtAboveOrInside) {
  EXPECT_TRUE(Listed().empty());
  EXPECT_EQ(Code(Get("/subscriptions/" + kProd.ToString())), "SubscriptionNotFound");

  Grant("/subscriptions/" + kProd.ToString(), 1);
  EXPECT_EQ(Listed(), std::vector<std::string>{kProd.ToString()});

  Grant("/subscriptions/" + kDev.ToString() + "/resourceGroups/rg", 2);  // inside Dev
  EXPECT_EQ(Listed().size(), 2u);

  auto got = Get("/subscriptions/" + kProd.ToString());
  ASSERT_EQ(got.status, 200) << got.body;
  auto body = nlohmann::json::parse(got.body);
  EXPECT_EQ(body["id"], "/subscriptions/" + kProd.ToString());
  EXPECT_EQ(body["tenantId"], kTenant.ToString());
  EXPECT_EQ(body["displayName"], "Prod");
  EXPECT_EQ(body["state"], "Enabled");
  EXPECT_EQ(body["authorizationSource"], "RoleBased");
  EXPECT_EQ(body["subscriptionPolicies"]["quotaId"], "EnterpriseAgreement_2014-09-01");
  EXPECT_EQ(nlohmann::json::parse(
                Get("/subscriptions/" + kDev.ToString()).body)["subscriptionPolicies"]["quotaId"],
            "CSP_2015-05-01");
  // Another tenant's subscription is not revealed.
  EXPECT_EQ(Code(Get("/subscriptions/" + kForeign.ToString())), "SubscriptionNotFound");
}

TEST_F(SubscriptionsApiTest, ARoleAtTheTenantRootGroupShowsEverySubscriptionOfTheTenant) {
  Grant("/providers/Microsoft.Management/managementGroups/" + kTenant.ToString(), 3);
  EXPECT_EQ(Listed().size(), 2u);
}

TEST_F(SubscriptionsApiTest, ADeletedSubscriptionIsGoneFromTheListAndAsARandomId) {
  Grant("/providers/Microsoft.Management/managementGroups/" + kTenant.ToString(), 3);
  ASSERT_EQ(Listed().size(), 2u);
  auto dev = store_->scopes().FindSubscription(kDev);
  ASSERT_TRUE(dev.ok() && *dev);
  Subscription deleted = **dev;
  deleted.state = SubscriptionState::kDeleted;
  ASSERT_TRUE(store_->scopes().UpdateSubscription(deleted, {}).ok());
  EXPECT_EQ(Listed(), std::vector<std::string>{kProd.ToString()});
  const auto gone = Get("/subscriptions/" + kDev.ToString());
  const auto random = Get("/subscriptions/" + kReader.ToString());
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(Code(gone), Code(random));
}

TEST_F(SubscriptionsApiTest, TenantsVersionsMethodsAndQuirks) {
  auto tenants = Get("/tenants");
  ASSERT_EQ(tenants.status, 200);
  auto body = nlohmann::json::parse(tenants.body);
  ASSERT_EQ(body["value"].size(), 1u);
  EXPECT_EQ(body["value"][0]["tenantId"], kTenant.ToString());
  EXPECT_EQ(body["value"][0]["displayName"], "Contoso");
  EXPECT_EQ(body["value"][0]["tenantCategory"], "Home");
  // Azure's TenantIdDescription has them; pal derives them (api/tenant_domains.h).
  const auto& tenant = body["value"][0];
  ASSERT_TRUE(tenant["domains"].is_array());
  EXPECT_EQ(tenant["domains"][0], "contoso.onmicrosoft.com");
  ASSERT_TRUE(tenant["defaultDomain"].is_string());
  EXPECT_NE(std::find(tenant["domains"].begin(), tenant["domains"].end(), tenant["defaultDomain"]),
            tenant["domains"].end());
  ASSERT_TRUE(tenant["countryCode"].is_string());
  EXPECT_EQ(tenant["countryCode"].get<std::string>().size(), 2u);

  Grant("/subscriptions/" + kProd.ToString(), 1);
  EXPECT_EQ(Get("//subscriptions/" + kProd.ToString()).status, 200);
  EXPECT_EQ(Get("/subscriptions/", "api-version=2016-06-01").status, 200);
  EXPECT_EQ(Code(Get("/subscriptions", "api-version=2099-01-01")), "InvalidApiVersionParameter");
  EXPECT_EQ(Code(Get("/subscriptions", "")), "MissingApiVersionParameter");
  EXPECT_EQ(Get("/subscriptions", "api-version=2022-12-01", "POST").status, 405);
  EXPECT_EQ(Code(Get("/subscriptions/not-a-guid")), "InvalidSubscriptionId");
  EXPECT_EQ(routed_.router().FamilyOf("//subscriptions"), RouteFamily::kSubscriptions);
  EXPECT_EQ(routed_.router().FamilyOf("/SUBSCRIPTIONS/x"), RouteFamily::kSubscriptions);
  EXPECT_EQ(routed_.router().FamilyOf("/subscriptions/x/resourceGroups"), std::nullopt);
  EXPECT_EQ(Code(Get("/subscriptions/x/nothing")), "NotFound");
}

}  // namespace
}  // namespace pal::api
