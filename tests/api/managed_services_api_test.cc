#include "api/managed_services_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "api/arm_test_directory.h"
#include "api/routed_provider.h"

namespace pal::api {
namespace {

const Guid kCustomer = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kManaging = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kOwner = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kOperator = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1");
const Guid kDefinition = *Guid::Parse("de000000-0000-4000-8000-000000000001");
const Guid kAssignment = *Guid::Parse("a5000000-0000-4000-8000-000000000001");
const std::string kScope = "/subscriptions/" + kSub.ToString();
const std::string kDefinitions =
    kScope + "/providers/Microsoft.ManagedServices/registrationDefinitions";
const std::string kAssignments =
    kScope + "/providers/Microsoft.ManagedServices/registrationAssignments";
constexpr char kOwnerRole[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
constexpr char kContributorRole[] = "b24988ac-6180-42a0-ab88-20f7382dd24c";
constexpr char kVersion[] = "api-version=2022-10-01";

class ManagedServicesApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kCustomer, "Contoso");
    testing::AddTenant(*store_, kManaging, "Fabrikam");
    testing::AddSubscription(*store_, kSub, kCustomer, "Prod");
    Principal ops;
    ops.tenant_id = kManaging;
    ops.object_id = kOperator;
    ops.name = "ops@fabrikam.example";
    ops.secret_hash.assign(1, 'x');
    ASSERT_TRUE(store_->directory().CreatePrincipal(ops).ok());
    testing::GrantRole(*store_, Guid::FromRandomBytes({1, 5}), kScope, kOwnerRole,
                       {kCustomer, kOwner});
    authorizer_.emplace(*store_);
    api_.emplace(*store_, *authorizer_, clock_);
    api_->AddRoutes(routed_.router());
    caller_.tenant_id = kCustomer;
    caller_.object_id = kOwner;
  }

  HttpResponse Call(std::string method, const std::string& path, std::string body = "",
                    const std::string& query = kVersion) {
    return routed_.Call(caller_, std::move(method), path, query, std::move(body));
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  static std::string DefinitionBody(const std::string& name = "Fabrikam operations",
                                    const std::string& description = "Run by Fabrikam") {
    return nlohmann::json{
        {"properties",
         {{"registrationDefinitionName", name},
          {"description", description},
          {"managedByTenantId", kManaging.ToString()},
          {"authorizations",
           {{{"principalId", kOperator.ToString()}, {"roleDefinitionId", kContributorRole}}}}}}}
        .dump();
  }

  std::string AssignmentBody() const {
    return nlohmann::json{
        {"properties", {{"registrationDefinitionId", kDefinitions + "/" + kDefinition.ToString()}}}}
        .dump();
  }

  size_t StoredDefinitions() {
    auto all = store_->managed_services().ListRegistrationDefinitions(kCustomer);
    EXPECT_TRUE(all.ok());
    return all.ok() ? all->size() : 0;
  }

  FixedClock clock_{1'700'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  std::optional<service::ScopeAuthorizer> authorizer_;
  std::optional<ManagedServicesApi> api_;
  testing::RoutedProvider routed_;
  identity::CallerIdentity caller_;
};

TEST_F(ManagedServicesApiTest, TheCustomersOwnerOnboardsAndOffboardsAManagingTenant) {
  const std::string definition = kDefinitions + "/" + kDefinition.ToString();
  auto created = Call("PUT", definition, DefinitionBody());
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = nlohmann::json::parse(created.body);
  EXPECT_EQ(body["properties"]["managedByTenantId"], kManaging.ToString());
  EXPECT_EQ(body["properties"]["manageeTenantId"], kCustomer.ToString());
  EXPECT_EQ(body["properties"]["authorizations"][0]["principalIdDisplayName"],
            "ops@fabrikam.example");
  EXPECT_EQ(Call("PUT", definition, DefinitionBody()).status, 200) << "the same again";
  EXPECT_EQ(Code(Call("PUT", definition, DefinitionBody("Other"))), "RegistrationDefinitionExists");
  // A changed description is a change too (definitions are immutable): 409, and nothing changes.
  auto redescribed = Call("PUT", definition, DefinitionBody("Fabrikam operations", "New words"));
  EXPECT_EQ(redescribed.status, 409);
  EXPECT_EQ(Code(redescribed), "RegistrationDefinitionExists");
  auto got = Call("GET", definition);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(nlohmann::json::parse(got.body)["properties"]["description"], "Run by Fabrikam");
  auto listed = nlohmann::json::parse(Call("GET", kDefinitions).body);
  EXPECT_EQ(listed["value"].size(), 1u);
  const std::string filter = "&$filter=managedByTenantId%20eq%20'" + kManaging.ToString() + "'";
  EXPECT_EQ(
      nlohmann::json::parse(Call("GET", kDefinitions, "", kVersion + filter).body)["value"].size(),
      1u);
  EXPECT_EQ(Code(Call("GET", kDefinitions, "", std::string(kVersion) + "&$filter=name%20eq%20'x'")),
            "InvalidFilter");

  const std::string assignment = kAssignments + "/" + kAssignment.ToString();
  auto assigned = Call("PUT", assignment, AssignmentBody());
  ASSERT_EQ(assigned.status, 201) << assigned.body;
  // Azure names the definition by its full id, with or without $expandRegistrationDefinition.
  EXPECT_EQ(nlohmann::json::parse(assigned.body)["properties"]["registrationDefinitionId"],
            definition);
  EXPECT_EQ(
      nlohmann::json::parse(Call("GET", assignment).body)["properties"]["registrationDefinitionId"],
      definition);
  EXPECT_EQ(
      nlohmann::json::parse(
          Call("GET", kAssignments).body)["value"][0]["properties"]["registrationDefinitionId"],
      definition);
  auto expanded =
      Call("GET", assignment, "", std::string(kVersion) + "&$expandRegistrationDefinition=true");
  ASSERT_EQ(expanded.status, 200) << expanded.body;
  EXPECT_EQ(nlohmann::json::parse(expanded.body)["properties"]["registrationDefinition"]["name"],
            kDefinition.ToString());
  EXPECT_EQ(
      nlohmann::json::parse(Call("GET", kAssignments, "", kVersion + filter).body)["value"].size(),
      1u);
  EXPECT_EQ(Call("DELETE", assignment).status, 200);
  EXPECT_EQ(Call("DELETE", assignment).status, 204);
  EXPECT_EQ(Code(Call("GET", assignment)), "RegistrationAssignmentNotFound");
  EXPECT_EQ(Call("DELETE", definition).status, 200);
  EXPECT_EQ(Code(Call("GET", definition)), "RegistrationDefinitionNotFound");
  EXPECT_EQ(StoredDefinitions(), 0u);
}

TEST_F(ManagedServicesApiTest, TheManagingTenantCannotWriteTheCustomersRegistrations) {
  caller_.tenant_id = kManaging;
  caller_.object_id = kOperator;
  const std::string definition = kDefinitions + "/" + kDefinition.ToString();
  auto refused = Call("PUT", definition, DefinitionBody());
  EXPECT_TRUE(refused.status == 403 || refused.status == 404) << refused.body;
  EXPECT_EQ(StoredDefinitions(), 0u);
  EXPECT_GE(Call("GET", kDefinitions).status, 400);
}

TEST_F(ManagedServicesApiTest, RefusesMalformedBodiesWithoutStoringAnything) {
  const std::string definition = kDefinitions + "/" + kDefinition.ToString();
  EXPECT_EQ(Code(Call("PUT", definition, "not json")), "InvalidRequestContent");
  EXPECT_EQ(Code(Call("PUT", definition, R"({"properties":{}})")),
            "InvalidRegistrationDefinitionCreateRequest");
  auto own = nlohmann::json::parse(DefinitionBody());
  own["properties"]["managedByTenantId"] = kCustomer.ToString();
  EXPECT_EQ(Code(Call("PUT", definition, own.dump())),
            "InvalidRegistrationDefinitionCreateRequest");
  auto stranger = nlohmann::json::parse(DefinitionBody());
  stranger["properties"]["authorizations"][0]["principalId"] = kOwner.ToString();
  EXPECT_EQ(Code(Call("PUT", definition, stranger.dump())),
            "InvalidRegistrationDefinitionCreateRequest");
  EXPECT_EQ(StoredDefinitions(), 0u);
  EXPECT_EQ(Code(Call("PUT", kAssignments + "/" + kAssignment.ToString(), "{}")),
            "InvalidRequestContent");
  EXPECT_EQ(Code(Call("PUT", kAssignments + "/" + kAssignment.ToString(), AssignmentBody())),
            "RegistrationDefinitionNotFound");
}

TEST_F(ManagedServicesApiTest, AnswersPathsMethodsAndVersionsAsArmDoes) {
  EXPECT_EQ(Call("POST", kDefinitions).status, 405);
  EXPECT_EQ(Call("PATCH", kDefinitions + "/" + kDefinition.ToString()).status, 405);
  EXPECT_EQ(Code(Call("GET", kDefinitions, "", "")), "MissingApiVersionParameter");
  EXPECT_EQ(Code(Call("GET", kDefinitions, "", "api-version=2018-01-01")),
            "InvalidApiVersionParameter");
  for (const std::string& query : {std::string(kVersion), std::string()}) {
    EXPECT_EQ(
        Code(Call("GET", kScope + "/providers/Microsoft.ManagedServices/operations", "", query)),
        "InvalidResourceType");
  }
  EXPECT_EQ(Code(Call("GET", kDefinitions + "/not-a-guid")), "InvalidRegistrationDefinitionId");
  EXPECT_EQ(Code(Call("GET", "/providers/Microsoft.ManagedServices/registrationDefinitions")),
            "InvalidScope");
  EXPECT_EQ(
      Code(Call("GET", kScope + "/resourceGroups/g/providers/Microsoft.Compute/vm/x/providers/"
                                "Microsoft.ManagedServices/registrationDefinitions")),
      "InvalidScope");
  EXPECT_EQ(Call("GET", "/" + kDefinitions).status, 200) << "a doubled slash, as SDKs send";
  EXPECT_EQ(routed_.router().FamilyOf(kAssignments), RouteFamily::kManagedServices);
}

}  // namespace
}  // namespace pal::api
