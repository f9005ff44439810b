#include "api/role_assignments_api.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/arm_test_directory.h"
#include "api/routed_provider.h"
#include "api/url_encoding.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kOtherTenant = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kOtherSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000202");
const Guid kAdmin = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kUser = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kApp = *Guid::Parse("c0a70500-0000-4000-8000-0000000000c1");
const Guid kStranger = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000d1");
const std::string kSubScope = "/subscriptions/" + kSub.ToString();
const std::string kRgScope = kSubScope + "/resourceGroups/rg-prod";
const std::string kVmScope = kRgScope + "/providers/Microsoft.Compute/virtualMachines/vm1";
constexpr char kOwner[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
constexpr char kContributor[] = "b24988ac-6180-42a0-ab88-20f7382dd24c";
constexpr char kReader[] = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
constexpr char kUserAccessAdministrator[] = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
constexpr char kMarker[] = "/providers/Microsoft.Authorization/roleAssignments";
constexpr char kVersion[] = "api-version=2022-04-01";

Guid Name(uint8_t n) { return Guid::FromRandomBytes({n, 0x5a}); }

class RoleAssignmentsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kTenant, "Contoso");
    testing::AddTenant(*store_, kOtherTenant, "Fabrikam");
    testing::AddSubscription(*store_, kSub, kTenant, "Prod");
    testing::AddSubscription(*store_, kOtherSub, kOtherTenant, "Other");
    ASSERT_TRUE(
        store_->resource_groups().CreateResourceGroup({kSub, "rg-prod", "westeurope", 0}).ok());
    ASSERT_TRUE(
        store_->resource_groups().CreateResource({*ResourceId::Parse(kVmScope), kSub, 0}).ok());
    AddPrincipal(kTenant, kAdmin, PrincipalKind::kUser, "admin@contoso.com");
    AddPrincipal(kTenant, kUser, PrincipalKind::kUser, "user@contoso.com");
    AddPrincipal(kTenant, kApp, PrincipalKind::kServicePrincipal, "partner-app");
    AddPrincipal(kOtherTenant, kStranger, PrincipalKind::kUser, "eve@fabrikam.com");
    Grant(Name(1), kSubScope, kOwner, kAdmin);
    authorizer_.emplace(*store_);
    api_.emplace(*store_, *authorizer_, clock_, 2);
    api_->AddRoutes(routed_.router());
    As(kTenant, kAdmin);
  }

  void AddPrincipal(const Guid& tenant, const Guid& id, PrincipalKind kind, std::string name) {
    Principal p;
    p.tenant_id = tenant;
    p.object_id = id;
    p.kind = kind;
    p.name = std::move(name);
    if (kind == PrincipalKind::kServicePrincipal) p.app_id = Guid::FromRandomBytes({9, 9});
    p.secret_hash.assign(1, 'x');  // not = "x": g++ 12 -O3 -Wrestrict false positive
    ASSERT_TRUE(store_->directory().CreatePrincipal(p).ok());
  }

  void Grant(const Guid& name, const std::string& scope, const char* role, const Guid& who,
             const Guid& tenant = kTenant) {
    RoleAssignment a;
    a.name = name;
    a.scope = *ResourceId::Parse(scope);
    a.role_definition_id = *Guid::Parse(role);
    a.principal = {tenant, who};
    a.principal_type = "User";
    a.created_by = a.updated_by = {tenant, kAdmin};
    ASSERT_TRUE(store_->role_assignments().CreateRoleAssignment(a).ok());
  }

  void As(const Guid& tenant, const Guid& object) {
    caller_ = {};
    caller_.tenant_id = tenant;
    caller_.object_id = object;
  }

  HttpResponse Send(std::string method, const std::string& path,
                    const std::string& query = kVersion, std::string body = "") {
    HttpRequest request;
    request.method = std::move(method);
    request.path = path;
    request.query = query;
    request.body = std::move(body);
    request.base_url = "https://pal.test";
    // The routed provider runs operations on this thread: the answer is in when Dispatch returns.
    HttpResponse out;
    routed_.router().Dispatch(request, caller_, [&out](HttpResponse r) { out = std::move(r); });
    return out;
  }

  HttpResponse Put(const std::string& scope, const Guid& name, const char* role,
                   const Guid& principal, std::string extra = "") {
    return Send(
        "PUT", scope + kMarker + "/" + name.ToString(), kVersion,
        fmt::format(
            R"({{"properties":{{"roleDefinitionId":"{}/providers/Microsoft.Authorization/roleDefinitions/{}","principalId":"{}"{}}}}})",
            kSubScope, role, principal.ToString(), extra));
  }

  static std::string Code(const HttpResponse& r) {
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
  }

  size_t Count() { return store_->role_assignments().ListRoleAssignments(std::nullopt)->size(); }

  std::vector<std::string> ListNames(const std::string& scope, const std::string& query) {
    auto r = Send("GET", scope + kMarker, query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> names;
    auto body = nlohmann::json::parse(r.body);
    for (const auto& v : body["value"]) names.push_back(v["name"]);
    while (body.contains("nextLink")) {
      const std::string next = body["nextLink"];
      const std::string prefix = "https://pal.test" + scope + kMarker + "?";
      EXPECT_EQ(next.rfind(prefix, 0), 0u) << next;
      r = Send("GET", scope + kMarker, next.substr(prefix.size()));
      EXPECT_EQ(r.status, 200) << r.body;
      body = nlohmann::json::parse(r.body);
      for (const auto& v : body["value"]) names.push_back(v["name"]);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  std::optional<service::ScopeAuthorizer> authorizer_;
  std::optional<RoleAssignmentsApi> api_;
  testing::RoutedProvider routed_;
  identity::CallerIdentity caller_;
};

TEST_F(RoleAssignmentsApiTest, CreateGetListDeleteRoundTrip) {
  auto created = Put(kSubScope, Name(2), kReader, kApp, R"(,"description":"PAL reader")");
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = nlohmann::json::parse(created.body);
  const std::string id = kSubScope + kMarker + "/" + Name(2).ToString();
  EXPECT_EQ(body["id"], id);
  EXPECT_EQ(body["name"], Name(2).ToString());
  EXPECT_EQ(body["type"], "Microsoft.Authorization/roleAssignments");
  EXPECT_EQ(body["properties"]["principalType"], "ServicePrincipal");
  EXPECT_EQ(body["properties"]["scope"], kSubScope);
  EXPECT_EQ(body["properties"]["description"], "PAL reader");
  EXPECT_EQ(body["properties"]["createdBy"], kAdmin.ToString());
  EXPECT_EQ(body["properties"]["createdOn"], "2027-01-15T08:00:00.0000000Z");
  EXPECT_EQ(body["properties"]["roleDefinitionId"],
            kSubScope + "/providers/Microsoft.Authorization/roleDefinitions/" + kReader);
  EXPECT_FALSE(body["properties"].contains("condition"));

  // The same PUT again is an idempotent success (200), and changes nothing.
  auto again = Put(kSubScope, Name(2), kReader, kApp, R"(,"description":"PAL reader")");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Count(), 2u);

  auto got = Send("GET", id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(nlohmann::json::parse(got.body), body);

  EXPECT_EQ(ListNames(kSubScope, kVersion),
            (std::vector<std::string>{std::min(Name(1).ToString(), Name(2).ToString()),
                                      std::max(Name(1).ToString(), Name(2).ToString())}));

  auto deleted = Send("DELETE", id);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(nlohmann::json::parse(deleted.body)["name"], Name(2).ToString());
  EXPECT_EQ(Send("DELETE", id).status, 204);
  auto gone = Send("GET", id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(Code(gone), "RoleAssignmentNotFound");
  EXPECT_EQ(Count(), 1u);
}

TEST_F(RoleAssignmentsApiTest, DescriptionAndConditionCanBeUpdatedButNotTheGrant) {
  ASSERT_EQ(Put(kSubScope, Name(2), kReader, kApp).status, 201);
  clock_.Advance(kMicrosPerSecond);
  auto updated = Put(kSubScope, Name(2), kReader, kApp, R"(,"description":"now described")");
  ASSERT_EQ(updated.status, 200) << updated.body;
  auto body = nlohmann::json::parse(updated.body);
  EXPECT_EQ(body["properties"]["description"], "now described");
  EXPECT_NE(body["properties"]["updatedOn"], body["properties"]["createdOn"]);
  EXPECT_EQ((*store_->role_assignments().FindRoleAssignment(Name(2)))->description,
            "now described");

  auto other_role = Put(kSubScope, Name(2), kContributor, kApp);
  EXPECT_EQ(other_role.status, 400);
  EXPECT_EQ(Code(other_role), "RoleAssignmentUpdateNotPermitted");
  EXPECT_EQ((*store_->role_assignments().FindRoleAssignment(Name(2)))->role_definition_id,
            *Guid::Parse(kReader));
}

TEST_F(RoleAssignmentsApiTest, DuplicateGrantUnderAnotherNameConflicts) {
  ASSERT_EQ(Put(kSubScope, Name(2), kReader, kApp).status, 201);
  auto duplicate = Put(kSubScope, Name(3), kReader, kApp);
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(Code(duplicate), "RoleAssignmentExists");
  EXPECT_EQ(Count(), 2u);
}

TEST_F(RoleAssignmentsApiTest, BadRequestsGetAzureCodesAndChangeNothing) {
  struct Case {
    std::string path;
    std::string body;
    int status;
    std::string code;
  };
  const std::string ok_role =
      std::string("/providers/Microsoft.Authorization/roleDefinitions/") + kReader;
  const std::string base = kSubScope + kMarker + "/";
  const std::string name = Name(4).ToString();
  const std::vector<Case> cases = {
      {base + "not-a-guid", R"({"properties":{}})", 400, "InvalidRoleAssignmentId"},
      {base + name, "{", 400, "InvalidRequestContent"},
      {base + name, R"({"properties":{"principalId":")" + kApp.ToString() + "\"}}", 400,
       "InvalidRequestContent"},
      {base + name,
       R"({"properties":{"roleDefinitionId":"Reader","principalId":")" + kApp.ToString() + "\"}}",
       400, "InvalidRoleDefinitionId"},
      {base + name,
       R"({"properties":{"roleDefinitionId":")" + ok_role + R"(","principalId":"bob"}})", 400,
       "InvalidPrincipalId"},
      {base + name,
       R"({"properties":{"roleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/)" +
           Name(9).ToString() + R"(","principalId":")" + kApp.ToString() + "\"}}",
       400, "RoleDefinitionDoesNotExist"},
      {base + name,
       R"({"properties":{"roleDefinitionId":")" + ok_role + R"(","principalId":")" +
           kStranger.ToString() + "\"}}",
       400, "PrincipalNotFound"},
      {base + name,
       R"({"properties":{"roleDefinitionId":")" + ok_role + R"(","principalId":")" +
           kApp.ToString() + R"(","principalType":"User"}})",
       400, "UnmatchedPrincipalType"},
      {base + name,
       R"({"properties":{"roleDefinitionId":")" + ok_role + R"(","principalId":")" +
           kApp.ToString() + R"(","scope":")" + kRgScope + "\"}}",
       400, "InvalidCreateRoleAssignmentRequest"},
      {base + name,
       R"({"properties":{"roleDefinitionId":")" + ok_role + R"(","principalId":")" +
           kApp.ToString() + R"(","condition":"true","conditionVersion":"1.0"}})",
       400, "InvalidConditionVersion"},
      {kSubScope + "/resourceGroups/rg-missing" + kMarker + "/" + name,
       R"({"properties":{"roleDefinitionId":")" + ok_role + R"(","principalId":")" +
           kApp.ToString() + "\"}}",
       404, "ResourceGroupNotFound"},
      {kRgScope + "/providers/Microsoft.Compute/virtualMachines/vm-missing" + kMarker + "/" + name,
       R"({"properties":{"roleDefinitionId":")" + ok_role + R"(","principalId":")" +
           kApp.ToString() + "\"}}",
       404, "ResourceNotFound"},
      {"/subscriptions/" + Name(7).ToString() + kMarker + "/" + name, "{}", 404,
       "SubscriptionNotFound"},
  };
  for (const auto& c : cases) {
    auto r = Send("PUT", c.path, kVersion, c.body);
    EXPECT_EQ(r.status, c.status) << c.path << " " << c.body << " -> " << r.body;
    EXPECT_EQ(Code(r), c.code) << c.body;
    EXPECT_FALSE(nlohmann::json::parse(r.body)["error"].value("message", "").empty());
  }
  EXPECT_EQ(Count(), 1u);
  EXPECT_EQ(Code(Send("PUT", base + name, "api-version=2015-01-01", "{}")),
            "InvalidApiVersionParameter");
  EXPECT_EQ(Send("PATCH", base + name).status, 405);
  EXPECT_EQ(Send("POST", kSubScope + kMarker).status, 405);
  EXPECT_EQ(Code(Send("GET", kSubScope + kMarker, std::string(kVersion) + "&$filter=foo")),
            "InvalidFilter");
}

TEST_F(RoleAssignmentsApiTest, AssignmentsOnResourceGroupsAndResources) {
  ASSERT_EQ(Put(kRgScope, Name(2), kContributor, kApp).status, 201);
  auto on_vm = Put(kVmScope, Name(3), kReader, kUser);
  ASSERT_EQ(on_vm.status, 201) << on_vm.body;
  EXPECT_EQ(nlohmann::json::parse(on_vm.body)["properties"]["scope"], kVmScope);
  // No filter: at, above and below. atScope(): at and above only.
  EXPECT_EQ(ListNames(kRgScope, kVersion).size(), 3u);
  EXPECT_EQ(ListNames(kRgScope, std::string(kVersion) + "&$filter=atScope()").size(), 2u);
  EXPECT_EQ(ListNames(kVmScope, std::string(kVersion) + "&$filter=atScope()").size(), 3u);
  EXPECT_EQ(ListNames(kSubScope, std::string(kVersion) + "&$filter=" +
                                     PercentEncode("principalId eq '" + kUser.ToString() + "'")),
            std::vector<std::string>{Name(3).ToString()});
  // `+` for spaces, as curl users and Azure docs send it.
  EXPECT_EQ(ListNames(kSubScope, std::string(kVersion) + "&$filter=assignedTo('" + kApp.ToString() +
                                     "')+and+atScope()")
                .size(),
            0u);
  EXPECT_EQ(ListNames(kSubScope,
                      std::string(kVersion) + "&$filter=assignedTo(%27" + kApp.ToString() + "%27)"),
            std::vector<std::string>{Name(2).ToString()});
}

TEST_F(RoleAssignmentsApiTest, ListsArePagedWithAbsoluteNextLinks) {
  for (uint8_t i = 10; i < 15; ++i) {
    const Guid who = Guid::FromRandomBytes({i, 1});
    AddPrincipal(kTenant, who, PrincipalKind::kUser, fmt::format("u{}@contoso.com", i));
    ASSERT_EQ(Put(kSubScope, Name(i), kReader, who).status, 201);
  }
  auto first = Send("GET", kSubScope + kMarker);
  auto body = nlohmann::json::parse(first.body);
  EXPECT_EQ(body["value"].size(), 2u);
  ASSERT_TRUE(body.contains("nextLink"));
  EXPECT_NE(body["nextLink"].get<std::string>().find("api-version=2022-04-01"), std::string::npos);
  EXPECT_EQ(ListNames(kSubScope, kVersion).size(), 6u);
  EXPECT_EQ(Code(Send("GET", kSubScope + kMarker, std::string(kVersion) + "&$skipToken=x")),
            "InvalidSkipToken");
}

TEST_F(RoleAssignmentsApiTest, WritingNeedsRoleAssignmentsWriteAtOrAboveTheScope) {
  Grant(Name(20), kSubScope, kContributor, kUser);
  As(kTenant, kUser);
  auto denied = Put(kRgScope, Name(2), kReader, kApp);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(Code(denied), "AuthorizationFailed");
  EXPECT_NE(denied.body.find(Name(2).ToString()), std::string::npos) << denied.body;
  EXPECT_EQ(Send("DELETE", kSubScope + kMarker + "/" + Name(1).ToString()).status, 403);
  EXPECT_EQ(Count(), 2u);
  // Contributors may read.
  EXPECT_EQ(Send("GET", kSubScope + kMarker + "/" + Name(1).ToString()).status, 200);

  // User Access Administrator at the tenant root group may write everywhere below.
  Grant(Name(21), "/providers/Microsoft.Management/managementGroups/" + kTenant.ToString(),
        kUserAccessAdministrator, kApp);
  As(kTenant, kApp);
  EXPECT_EQ(Put(kVmScope, Name(3), kReader, kUser).status, 201);
  EXPECT_EQ(Send("DELETE", kVmScope + kMarker + "/" + Name(3).ToString()).status, 200);
}

TEST_F(RoleAssignmentsApiTest, AnotherTenantCannotSeeOrTouchAssignments) {
  As(kOtherTenant, kStranger);
  Grant(Name(30), "/subscriptions/" + kOtherSub.ToString(), kOwner, kStranger, kOtherTenant);
  const std::string id = kSubScope + kMarker + "/" + Name(1).ToString();
  for (const auto& r : {Send("GET", id), Send("DELETE", id), Send("GET", kSubScope + kMarker),
                        Put(kSubScope, Name(2), kOwner, kStranger)}) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(Code(r), "AuthorizationFailed");
  }
  EXPECT_EQ(Count(), 2u);
  // Its own subscription lists its own assignments only.
  EXPECT_EQ(ListNames("/subscriptions/" + kOtherSub.ToString(), kVersion),
            std::vector<std::string>{Name(30).ToString()});
}

TEST_F(RoleAssignmentsApiTest, ScopesArriveWithDoubledLeadingSlashes) {
  // The SDK splices "/subscriptions/x" after a literal '/'.
  auto created = Put("/" + kSubScope, Name(2), kReader, kApp);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(nlohmann::json::parse(created.body)["id"],
            kSubScope + kMarker + "/" + Name(2).ToString());
  EXPECT_EQ(Send("GET", "/" + kSubScope + kMarker + "/" + Name(2).ToString()).status, 200);
  // Scope "/" arrives as three slashes.
  Grant(Name(5), "/", kReader, kAdmin);
  auto root =
      Send("GET", std::string("//") + kMarker, std::string(kVersion) + "&$filter=atScope()");
  ASSERT_EQ(root.status, 200) << root.body;
  const auto value = nlohmann::json::parse(root.body)["value"];
  ASSERT_EQ(value.size(), 1u);
  EXPECT_EQ(value[0]["id"],
            "/providers/Microsoft.Authorization/roleAssignments/" + Name(5).ToString());
}

// Azure Lighthouse: Fabrikam manages Contoso's subscription; its principal holds Contributor and
// User Access Administrator (delegating Contributor only) through one registration assignment.
TEST_F(RoleAssignmentsApiTest, ADelegateAssignsOnlyDelegatedRolesToCustomerServicePrincipals) {
  const Guid delegate = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000e1");
  const Guid definition = *Guid::Parse("de000000-0000-4000-8000-000000000001");
  const Guid registration = *Guid::Parse("a5000000-0000-4000-8000-000000000001");
  AddPrincipal(kOtherTenant, delegate, PrincipalKind::kServicePrincipal, "fabrikam-ops");
  RegistrationDefinition d{
      definition,       *ResourceId::Parse(kSubScope), kTenant, "Managed", "", kOtherTenant, {}, 0,
      {kTenant, kAdmin}};
  d.authorizations.push_back({delegate, "ops", *Guid::Parse(kContributor)});
  d.authorizations.push_back(
      {delegate, "ops", *Guid::Parse(kUserAccessAdministrator), {*Guid::Parse(kContributor)}});
  ASSERT_TRUE(store_->managed_services().CreateRegistrationDefinition(d).ok());
  ASSERT_TRUE(store_->managed_services()
                  .CreateRegistrationAssignment({registration,
                                                 *ResourceId::Parse(kSubScope),
                                                 kTenant,
                                                 definition,
                                                 0,
                                                 {kTenant, kAdmin}})
                  .ok());
  As(kOtherTenant, delegate);
  const size_t before = Count();
  for (const auto& [role, who] :
       std::vector<std::pair<const char*, Guid>>{{kOwner, kApp},
                                                 {kUserAccessAdministrator, kApp},
                                                 {kReader, kApp},
                                                 {kContributor, kUser}}) {
    auto r = Put(kSubScope, Name(70), role, who);
    EXPECT_EQ(r.status, 403) << role << " " << r.body;
    EXPECT_EQ(Code(r), "AuthorizationFailed");
    EXPECT_NE(r.body.find(delegate.ToString()), std::string::npos) << r.body;
  }
  // The customer's Owner assignment is not the delegate's to remove or rewrite.
  EXPECT_EQ(Send("DELETE", kSubScope + kMarker + "/" + Name(1).ToString()).status, 403);
  EXPECT_EQ(Put(kSubScope, Name(1), kOwner, kAdmin, R"(,"description":"mine")").status, 403);
  EXPECT_EQ(Count(), before);

  auto created = Put(kRgScope, Name(71), kContributor, kApp);
  ASSERT_EQ(created.status, 201) << created.body;
  auto stored = store_->role_assignments().FindRoleAssignment(Name(71));
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->delegation_id, registration);
  EXPECT_EQ((*stored)->principal, (PrincipalKey{kTenant, kApp}));
  EXPECT_EQ(Send("DELETE", kRgScope + kMarker + "/" + Name(71).ToString()).status, 200);
  EXPECT_EQ(Count(), before);

  // Once the delegation is gone, nothing more.
  ASSERT_TRUE(Put(kRgScope, Name(72), kContributor, kApp).status == 201);
  ASSERT_TRUE(store_->managed_services()
                  .DeleteRegistrationAssignment(kTenant, registration, {kTenant, kAdmin})
                  .ok());
  EXPECT_EQ(Send("DELETE", kRgScope + kMarker + "/" + Name(72).ToString()).status, 403);
  EXPECT_EQ(Put(kRgScope, Name(73), kContributor, kApp).status, 403);
}

}  // namespace
}  // namespace pal::api
