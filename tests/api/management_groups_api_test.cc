#include "api/management_groups_api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/arm_test_directory.h"
#include "api/routed_provider.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kOther = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kSub = *Guid::Parse("5b0a1c3e-0000-4000-8000-000000000101");
const Guid kOwner = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kReader = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kStranger = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000d1");
constexpr char kOwnerRole[] = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
constexpr char kReaderRole[] = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
constexpr char kVersion[] = "api-version=2021-04-01";
const std::string kGroups = "/providers/Microsoft.Management/managementGroups";

std::string Group(const std::string& name) { return kGroups + "/" + name; }
std::string RootOf(const Guid& tenant) { return Group(tenant.ToString()); }

class ManagementGroupsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    testing::AddTenant(*store_, kTenant, "Contoso");
    testing::AddTenant(*store_, kOther, "Fabrikam");
    testing::AddSubscription(*store_, kSub, kTenant, "Prod");
    testing::GrantRole(*store_, Guid::FromRandomBytes({1, 7}), RootOf(kTenant), kOwnerRole,
                       {kTenant, kOwner});
    testing::GrantRole(*store_, Guid::FromRandomBytes({2, 7}), RootOf(kTenant), kReaderRole,
                       {kTenant, kReader});
    testing::GrantRole(*store_, Guid::FromRandomBytes({3, 7}), RootOf(kOther), kOwnerRole,
                       {kOther, kStranger});
    authorizer_.emplace(*store_);
    api_.emplace(*store_, *authorizer_, clock_);
    api_->AddRoutes(routed_.router());
    As(kTenant, kOwner);
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

  static nlohmann::json Json(const HttpResponse& r) {
    return nlohmann::json::parse(r.body, nullptr, false);
  }
  static std::string Code(const HttpResponse& r) {
    const auto body = Json(r);
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
  }
  static std::string Header(const HttpResponse& r, std::string_view name) {
    for (const auto& [key, value] : r.headers) {
      if (key == name) return value;
    }
    return "";
  }

  // "name<parent" of each group of `tenant`, sorted: the tree as the store holds it.
  std::vector<std::string> Tree(const Guid& tenant) {
    std::vector<std::string> out;
    for (const auto& g : *store_->scopes().ListManagementGroups(tenant)) {
      out.push_back(g.group_id + "<" + g.parent_id.value_or("") + ":" + g.display_name);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string ParentOfSubscription() {
    return store_->scopes().FindSubscription(kSub)->value().parent_group_id.value_or("");
  }

  HttpResponse Create(const std::string& name, const std::string& parent = "") {
    const std::string details =
        parent.empty() ? "" : R"(,"details":{"parent":{"id":")" + Group(parent) + R"("}})";
    return Send("PUT", Group(name),
                R"({"properties":{"displayName":")" + name + "!\"" + details + "}}");
  }

  FixedClock clock_{1};
  store::TestStore store_;
  std::optional<service::ScopeAuthorizer> authorizer_;
  std::optional<ManagementGroupsApi> api_;
  testing::RoutedProvider routed_;
  identity::CallerIdentity caller_;
};

TEST_F(ManagementGroupsApiTest, CreateGetListUpdateDelete) {
  auto created = Create("dev");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(Json(created)["id"], Group("dev"));
  EXPECT_EQ(Json(created)["properties"]["displayName"], "dev!");
  EXPECT_EQ(Json(created)["properties"]["details"]["parent"]["id"], RootOf(kTenant));

  auto got = Send("GET", Group("dev"));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(Json(got)["properties"]["tenantId"], kTenant.ToString());

  auto listed = Send("GET", kGroups);
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::vector<std::string> names;
  const auto listed_json = Json(listed);
  for (const auto& g : listed_json["value"]) names.push_back(g["name"]);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{kTenant.ToString(), "dev"}));

  auto patched = Send("PATCH", Group("dev"), R"({"displayName":"Development"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched)["properties"]["displayName"], "Development");
  auto put_again = Send("PUT", Group("dev"), R"({"properties":{"displayName":"Dev"}})");
  ASSERT_EQ(put_again.status, 200) << put_again.body;
  EXPECT_EQ(Tree(kTenant),
            (std::vector<std::string>{"c0a70500-0000-4000-8000-000000000001<:Tenant Root Group",
                                      "dev<c0a70500-0000-4000-8000-000000000001:Dev"}));

  // The status behind a delete's 202, while the group exists: no such operation.
  const std::string status_path = "/providers/Microsoft.Management/operationResults/delete/dev";
  EXPECT_EQ(Code(Send("GET", status_path)), "OperationNotFound");

  // Azure's answer, the one the SDKs accept (Python's only 202 and 204): 202 Accepted with the
  // operation's status URL, which says Succeeded at once.
  auto deleted = Send("DELETE", Group("dev"));
  ASSERT_EQ(deleted.status, 202) << deleted.body;
  EXPECT_EQ(Json(deleted)["status"], "Succeeded");
  EXPECT_EQ(Json(deleted)["id"], Group("dev"));
  EXPECT_EQ(Header(deleted, "Azure-AsyncOperation"), status_path + "?" + kVersion);
  EXPECT_EQ(Header(deleted, "Location"), status_path + "?" + kVersion);
  EXPECT_EQ(Header(deleted, "Retry-After"), "0");
  auto status = Send("GET", status_path);
  ASSERT_EQ(status.status, 200) << status.body;
  EXPECT_EQ(Json(status)["status"], "Succeeded");
  EXPECT_EQ(Json(status)["name"], "dev");
  EXPECT_EQ(Code(Send("GET", Group("dev"))), "ManagementGroupNotFound");
  EXPECT_EQ(Code(Send("PATCH", Group("dev"), "{}")), "ManagementGroupNotFound");
  EXPECT_EQ(Code(Send("DELETE", RootOf(kTenant))), "BadRequest");
}

TEST_F(ManagementGroupsApiTest, HierarchyMovesKeepTheTreeAcyclicAndShallow) {
  ASSERT_EQ(Create("a").status, 200);
  ASSERT_EQ(Create("b").status, 200);
  auto moved = Send("PATCH", Group("b"), R"({"parentGroupId":")" + Group("a") + "\"}");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Json(moved)["properties"]["details"]["parent"]["id"], Group("a"));
  // Under itself or its own descendant: refused, nothing moves.
  const auto before = Tree(kTenant);
  EXPECT_EQ(Code(Send("PATCH", Group("a"), R"({"parentGroupId":"b"})")), "BadRequest");
  EXPECT_EQ(Code(Send("PATCH", RootOf(kTenant), R"({"parentGroupId":"a"})")), "BadRequest");
  EXPECT_EQ(Code(Send("PATCH", Group("a"), R"({"parentGroupId":"nowhere"})")),
            "ManagementGroupNotFound");
  EXPECT_EQ(Tree(kTenant), before);

  // The expanded root shows the nesting; descendants list everything below, depth first.
  auto root = Send("GET", RootOf(kTenant), "",
                   std::string(kVersion) + "&$expand=children,ancestors&$recurse=true");
  ASSERT_EQ(root.status, 200) << root.body;
  const auto children = Json(root)["properties"]["children"];
  ASSERT_EQ(children.size(), 2u);  // a, then the subscription
  EXPECT_EQ(children[0]["name"], "a");
  EXPECT_EQ(children[0]["children"][0]["name"], "b");
  EXPECT_EQ(Code(Send("GET", Group("a"), "", std::string(kVersion) + "&$recurse=true")),
            "BadRequest");
  auto descendants = Send("GET", RootOf(kTenant) + "/descendants");
  ASSERT_EQ(descendants.status, 200) << descendants.body;
  std::vector<std::string> below;
  const auto descendants_json = Json(descendants);
  for (const auto& d : descendants_json["value"]) below.push_back(d["name"]);
  EXPECT_EQ(below, (std::vector<std::string>{"a", "b", kSub.ToString()}));

  // At most six levels below the root.
  std::string parent = "b";
  for (const char* name : {"c", "d", "e", "f"}) {
    ASSERT_EQ(Create(name, parent).status, 200) << name;
    parent = name;
  }
  EXPECT_EQ(Code(Create("g", "f")), "BadRequest");
  EXPECT_EQ(Code(Send("PATCH", Group("a"), R"({"parentGroupId":"f"})")), "BadRequest");
}

TEST_F(ManagementGroupsApiTest, SubscriptionsMoveUnderAGroupAndBack) {
  ASSERT_EQ(Create("a").status, 200);
  const std::string under_a = Group("a") + "/subscriptions/" + kSub.ToString();
  EXPECT_EQ(Code(Send("GET", under_a)), "SubscriptionNotFound");
  auto moved = Send("PUT", under_a);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Json(moved)["properties"]["parent"]["id"], Group("a"));
  EXPECT_EQ(ParentOfSubscription(), "a");
  EXPECT_EQ(Send("GET", under_a).status, 200);
  auto listed = Send("GET", Group("a") + "/subscriptions");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Json(listed)["value"].size(), 1u);
  EXPECT_EQ(Code(Send("GET", RootOf(kTenant) + "/subscriptions/" + kSub.ToString())),
            "SubscriptionNotFound");

  auto back = Send("DELETE", under_a);
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(ParentOfSubscription(), kTenant.ToString());
  EXPECT_EQ(Code(Send("DELETE", under_a)), "SubscriptionNotFound");
  EXPECT_EQ(Code(Send("PUT", Group("a") + "/subscriptions/" + Guid().ToString())),
            "SubscriptionNotFound");
}

TEST_F(ManagementGroupsApiTest, TheRouterAnswersUnknownPathsMethodsAndVersions) {
  auto post = Send("POST", kGroups);
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(Header(post, "Allow"), "GET");
  auto group_post = Send("POST", Group("a"));
  EXPECT_EQ(group_post.status, 405);
  EXPECT_EQ(Header(group_post, "Allow"), "GET, PUT, PATCH, DELETE");
  EXPECT_EQ(Header(Send("PATCH", Group("a") + "/subscriptions/" + kSub.ToString()), "Allow"),
            "GET, PUT, DELETE");
  EXPECT_EQ(Send("DELETE", Group("a") + "/descendants").status, 405);
  EXPECT_EQ(Code(Send("GET", kGroups, "", "")), "MissingApiVersionParameter");
  EXPECT_EQ(Code(Send("GET", kGroups, "", "api-version=2015-01-01")), "InvalidApiVersionParameter");
  EXPECT_EQ(Send("GET", kGroups, "", "api-version=2020-05-01").status, 200);
  EXPECT_EQ(Code(Send("GET", Group("a") + "/other")), "NotFound");
  EXPECT_EQ(Code(Send("PUT", Group("bad%20name."), "{}")), "BadRequest");
  EXPECT_EQ(Code(Send("PUT", Group("a"), "[1]")), "InvalidRequestContent");
  EXPECT_EQ(Code(Send("PUT", Group("a"), R"({"properties":{"displayName":""}})")), "BadRequest");
  EXPECT_EQ(routed_.router().FamilyOf("//providers/microsoft.management/managementgroups/x/"),
            RouteFamily::kManagementGroups);
  EXPECT_EQ(
      routed_.router().FamilyOf(Group("x") + "/providers/Microsoft.Authorization/roleAssignments"),
      std::nullopt);
  EXPECT_EQ(Tree(kTenant).size(), 1u);
}

TEST_F(ManagementGroupsApiTest, CallersWithoutTheRightChangeNothing) {
  ASSERT_EQ(Create("dev").status, 200);
  const auto contoso = Tree(kTenant);
  const auto fabrikam = Tree(kOther);

  // Another tenant's caller does not see Contoso's groups at all.
  As(kOther, kStranger);
  auto listed = Send("GET", kGroups);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(Json(listed)["value"].size(), 1u);
  EXPECT_EQ(Json(listed)["value"][0]["name"], kOther.ToString());
  EXPECT_EQ(Code(Send("GET", Group("dev"))), "ManagementGroupNotFound");
  EXPECT_EQ(Code(Send("PATCH", Group("dev"), R"({"displayName":"mine"})")),
            "ManagementGroupNotFound");
  EXPECT_EQ(Code(Send("DELETE", Group("dev"))), "ManagementGroupNotFound");
  EXPECT_EQ(Code(Create("x", "dev")), "ManagementGroupNotFound");
  EXPECT_EQ(Code(Send("PUT", RootOf(kOther) + "/subscriptions/" + kSub.ToString())),
            "SubscriptionNotFound");
  EXPECT_EQ(Code(Send("GET", Group("dev") + "/descendants")), "ManagementGroupNotFound");

  // A Reader of Contoso reads but does not write.
  As(kTenant, kReader);
  EXPECT_EQ(Send("GET", Group("dev")).status, 200);
  EXPECT_EQ(Code(Create("y")), "AuthorizationFailed");
  EXPECT_EQ(Code(Send("PATCH", Group("dev"), R"({"displayName":"mine"})")), "AuthorizationFailed");
  EXPECT_EQ(Code(Send("DELETE", Group("dev"))), "AuthorizationFailed");
  EXPECT_EQ(Code(Send("PUT", Group("dev") + "/subscriptions/" + kSub.ToString())),
            "AuthorizationFailed");

  EXPECT_EQ(Tree(kTenant), contoso);
  EXPECT_EQ(Tree(kOther), fabrikam);
  EXPECT_EQ(ParentOfSubscription(), kTenant.ToString());
}

}  // namespace
}  // namespace pal::api
