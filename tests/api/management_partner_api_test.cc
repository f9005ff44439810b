#include "api/management_partner_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "api/routed_provider.h"
#include "store/test_store.h"

namespace pal::api {
namespace {

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kAlice = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kBob = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1");
constexpr char kPartners[] = "/providers/Microsoft.ManagementPartner/partners";
constexpr char kVersion[] = "api-version=2018-02-01";

class ManagementPartnerApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_, /*enable_link_writer=*/true));
    for (const auto& [id, name] : {std::pair{"719878", "Mekorma"}, {"1234567", "Northwind"}}) {
      ASSERT_TRUE(store_->partners()
                      .AddPartner({id, name, PartnerIdKind::kLocation, std::nullopt,
                                   PartnerStatus::kActive, 1})
                      .ok());
    }
    api_.emplace(*store_, /*operations_page_size=*/3);
    api_->AddRoutes(routed_.router());
  }

  static identity::CallerIdentity Caller(const Guid& tenant, const Guid& object) {
    identity::CallerIdentity caller;
    caller.tenant_id = tenant;
    caller.object_id = object;
    return caller;
  }

  HttpResponse Call(const identity::CallerIdentity& caller, std::string method,
                    const std::string& path, const std::string& query = kVersion) {
    return routed_.Call(caller, std::move(method), path, query);
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  std::optional<ManagementPartnerLink> StoredLink(const identity::CallerIdentity& caller) {
    return store_->links().FindLink({caller.tenant_id, caller.object_id});
  }

  FixedClock clock_{1'700'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  std::optional<ManagementPartnerApi> api_;
  testing::RoutedProvider routed_;
  const identity::CallerIdentity alice_ = Caller(kContoso, kAlice);
  const identity::CallerIdentity bob_ = Caller(kFabrikam, kBob);
};

TEST_F(ManagementPartnerApiTest, CreatesReadsUpdatesAndDeletesTheCallersLink) {
  auto created = Call(alice_, "PUT", std::string(kPartners) + "/719878");
  ASSERT_EQ(created.status, 200) << created.body;
  auto body = nlohmann::json::parse(created.body);
  EXPECT_EQ(body["properties"]["partnerId"], "719878");
  EXPECT_EQ(body["properties"]["partnerName"], "Mekorma");
  EXPECT_EQ(body["properties"]["tenantId"], kContoso.ToString());
  EXPECT_EQ(body["type"], "Microsoft.ManagementPartner/partners");

  auto mine = Call(alice_, "GET", kPartners);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(nlohmann::json::parse(mine.body)["properties"]["partnerId"], "719878");
  EXPECT_EQ(Call(alice_, "GET", std::string(kPartners) + "/719878").status, 200);
  EXPECT_EQ(Code(Call(alice_, "GET", std::string(kPartners) + "/1234567")), "NotFound");

  auto updated = Call(alice_, "PATCH", std::string(kPartners) + "/1234567");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(nlohmann::json::parse(updated.body)["properties"]["partnerId"], "1234567");
  ASSERT_TRUE(StoredLink(alice_));
  EXPECT_EQ(StoredLink(alice_)->partner_id, "1234567");

  auto deleted = Call(alice_, "DELETE", std::string(kPartners) + "/1234567");
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(Call(alice_, "GET", kPartners).status, 404);
}

TEST_F(ManagementPartnerApiTest, AnotherTenantsCallerNeitherSeesNorChangesTheLink) {
  ASSERT_EQ(Call(alice_, "PUT", std::string(kPartners) + "/719878").status, 200);
  EXPECT_EQ(Call(bob_, "GET", kPartners).status, 404);
  EXPECT_EQ(Call(bob_, "GET", std::string(kPartners) + "/719878").status, 404);
  EXPECT_EQ(Call(bob_, "PATCH", std::string(kPartners) + "/1234567").status, 404);
  EXPECT_EQ(Call(bob_, "DELETE", std::string(kPartners) + "/719878").status, 404);
  ASSERT_TRUE(StoredLink(alice_));
  EXPECT_EQ(StoredLink(alice_)->partner_id, "719878");
  EXPECT_EQ(StoredLink(alice_)->state, LinkState::kActive);
  EXPECT_FALSE(StoredLink(bob_));
}

TEST_F(ManagementPartnerApiTest, RefusesBadIdsAndPreconditionsWithoutWriting) {
  EXPECT_EQ(Code(Call(alice_, "PUT", std::string(kPartners) + "/12%2F34")), "BadRequest");
  EXPECT_EQ(Code(Call(alice_, "PUT", std::string(kPartners) + "/%ZZ")), "BadRequest");
  EXPECT_EQ(Code(Call(alice_, "PUT", std::string(kPartners) + "/12/34")), "BadRequest");
  EXPECT_EQ(Code(Call(alice_, "PUT", std::string(kPartners) + "/abc")), "BadRequest");
  EXPECT_EQ(Call(alice_, "PUT", std::string(kPartners) + "/7777777").status, 400)
      << "not in the registry";

  HttpRequest request;
  request.method = "PUT";
  request.path = std::string(kPartners) + "/719878";
  request.query = kVersion;
  request.headers.emplace_back("If-Match", "not-a-version");
  auto refused = routed_.Send(alice_, request);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(Code(refused), "InvalidIfMatch");
  request.headers = {{"If-Match", "\"7\""}};
  EXPECT_EQ(routed_.Send(alice_, request).status, 412) << "no link of version 7";
  EXPECT_FALSE(StoredLink(alice_));
}

TEST_F(ManagementPartnerApiTest, AnswersUnknownPathsMethodsAndVersionsAsArmDoes) {
  for (const std::string& query : {std::string(kVersion), std::string()}) {
    auto unknown = Call(alice_, "GET", "/providers/Microsoft.ManagementPartner/widgets", query);
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(Code(unknown), "InvalidResourceType");
  }
  EXPECT_EQ(Code(Call(alice_, "POST", "/providers/Microsoft.ManagementPartner/operations/x")),
            "InvalidResourceType");
  EXPECT_EQ(Code(Call(alice_, "GET", "/providers/Microsoft.Nothing/partners")), "NotFound");
  auto post = Call(alice_, "POST", std::string(kPartners) + "/719878");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(Code(post), "MethodNotAllowed");
  EXPECT_EQ(Call(alice_, "PUT", kPartners).status, 405) << "a link is written by id";
  EXPECT_EQ(Code(Call(alice_, "PUT", std::string(kPartners) + "/719878", "")),
            "MissingApiVersionParameter");
  EXPECT_EQ(Code(Call(alice_, "GET", kPartners, "api-version=2020-01-01")),
            "InvalidApiVersionParameter");
  EXPECT_FALSE(StoredLink(alice_));
  ASSERT_EQ(Call(alice_, "PUT", "/PROVIDERS/microsoft.managementpartner/PARTNERS/719878").status,
            200);
  EXPECT_EQ(routed_.router().FamilyOf("/providers/microsoft.managementpartner/partners"),
            RouteFamily::kManagementPartner);
}

TEST_F(ManagementPartnerApiTest, PagesTheOperationsList) {
  auto first = Call(alice_, "GET", "/providers/Microsoft.ManagementPartner/operations");
  ASSERT_EQ(first.status, 200) << first.body;
  auto body = nlohmann::json::parse(first.body);
  ASSERT_EQ(body["value"].size(), 3u);
  EXPECT_EQ(body["value"][0]["name"], "Microsoft.ManagementPartner/partners/read");
  const std::string next = body["nextLink"];
  EXPECT_NE(next.find("$skipToken=3"), std::string::npos) << next;
  auto second = Call(alice_, "GET", "/providers/Microsoft.ManagementPartner/operations",
                     std::string(kVersion) + "&$skipToken=3");
  ASSERT_EQ(second.status, 200) << second.body;
  body = nlohmann::json::parse(second.body);
  ASSERT_EQ(body["value"].size(), 1u);
  EXPECT_EQ(body["value"][0]["name"], "Microsoft.ManagementPartner/partners/delete");
  EXPECT_FALSE(body.contains("nextLink"));
  EXPECT_EQ(Code(Call(alice_, "GET", "/providers/Microsoft.ManagementPartner/operations",
                      std::string(kVersion) + "&$skipToken=9")),
            "InvalidSkipToken");
}

}  // namespace
}  // namespace pal::api
