#include "api/directory_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "api/routed_provider.h"
#include "mocks/store_of_mocks.h"

namespace pal::api {
namespace {

using ::testing::_;
using ::testing::Return;

const Guid kContoso = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kFabrikam = *Guid::Parse("fab71ca0-0000-4000-8000-000000000002");
const Guid kAlice = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
const Guid kCarol = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a2");
const Guid kBob = *Guid::Parse("fab71ca0-0000-4000-8000-0000000000b1");
constexpr char kPrincipals[] = "/providers/Pal.Directory/principals";
constexpr char kVersion[] = "api-version=2026-12-01";

Principal Named(const Guid& tenant, const Guid& id, std::string name,
                PrincipalKind kind = PrincipalKind::kUser) {
  Principal p;
  p.tenant_id = tenant;
  p.object_id = id;
  p.kind = kind;
  p.name = std::move(name);
  return p;
}

// The directory is the store's: the provider's part is whom it asks for and what it shows.
class DirectoryApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ON_CALL(store_.directory_mock, ListPrincipals(_))
        .WillByDefault([](const Guid& tenant) -> Result<std::vector<Principal>> {
          if (tenant == kContoso) {
            return std::vector<Principal>{Named(kContoso, kAlice, "Alice Archer"),
                                          Named(kContoso, kCarol, "Carol Cole")};
          }
          return std::vector<Principal>{
              Named(kFabrikam, kBob, "Bob Archer", PrincipalKind::kServicePrincipal)};
        });
    // Nothing here writes the directory.
    EXPECT_CALL(store_.directory_mock, CreatePrincipal(_)).Times(0);
    EXPECT_CALL(store_.directory_mock, CreateTenant(_)).Times(0);
    api_.emplace(store_);
    api_->AddRoutes(routed_.router());
  }

  HttpResponse Call(const Guid& tenant, const Guid& object, std::string method = "GET",
                    const std::string& query = kVersion, const std::string& path = kPrincipals) {
    identity::CallerIdentity caller;
    caller.tenant_id = tenant;
    caller.object_id = object;
    return routed_.Call(caller, std::move(method), path, query);
  }

  static std::vector<std::string> Names(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> names;
    const auto body = nlohmann::json::parse(r.body);
    for (const auto& p : body["value"]) names.push_back(p["displayName"]);
    return names;
  }

  static std::string Code(const HttpResponse& r) {
    return nlohmann::json::parse(r.body)["error"]["code"];
  }

  pal::testing::StoreOfMocks store_;
  std::optional<DirectoryApi> api_;
  testing::RoutedProvider routed_;
};

TEST_F(DirectoryApiTest, ListsAndSearchesTheCallersOwnTenantOnly) {
  EXPECT_CALL(store_.directory_mock, ListPrincipals(kContoso)).Times(3);
  EXPECT_CALL(store_.directory_mock, ListPrincipals(kFabrikam)).Times(2);
  EXPECT_EQ(Names(Call(kContoso, kAlice)),
            (std::vector<std::string>{"Alice Archer", "Carol Cole"}));
  EXPECT_EQ(Names(Call(kContoso, kAlice, "GET", std::string(kVersion) + "&search=ARCHER")),
            std::vector<std::string>{"Alice Archer"});
  EXPECT_EQ(Names(Call(kContoso, kAlice, "GET",
                       std::string(kVersion) + "&search=" + kCarol.ToString().substr(30))),
            std::vector<std::string>{"Carol Cole"});
  EXPECT_EQ(Names(Call(kFabrikam, kBob)), std::vector<std::string>{"Bob Archer"});
  auto bob = nlohmann::json::parse(Call(kFabrikam, kBob).body)["value"][0];
  EXPECT_EQ(bob["objectId"], kBob.ToString());
  EXPECT_EQ(bob["tenantId"], kFabrikam.ToString());
  EXPECT_EQ(bob["principalType"], "ServicePrincipal");
}

TEST_F(DirectoryApiTest, AStoreErrorIsTheArmEnvelope) {
  EXPECT_CALL(store_.directory_mock, ListPrincipals(kContoso))
      .WillOnce(Return(
          Result<std::vector<Principal>>(Error{ErrorKind::kUnavailable, "Busy", "Try later."})));
  auto r = Call(kContoso, kAlice);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Code(r), "Busy");
}

TEST_F(DirectoryApiTest, IsReadOnlyAndVersioned) {
  EXPECT_CALL(store_.directory_mock, ListPrincipals(_)).Times(1);
  EXPECT_EQ(Call(kContoso, kAlice, "PUT").status, 405);
  EXPECT_EQ(Call(kContoso, kAlice, "DELETE").status, 405);
  EXPECT_EQ(Code(Call(kContoso, kAlice, "GET", "")), "MissingApiVersionParameter");
  EXPECT_EQ(Code(Call(kContoso, kAlice, "GET", "api-version=2018-02-01")),
            "InvalidApiVersionParameter");
  EXPECT_EQ(Code(Call(kContoso, kAlice, "GET", kVersion, "/providers/Pal.Directory/groups")),
            "NotFound");
  EXPECT_EQ(Call(kContoso, kAlice, "GET", kVersion, "/PROVIDERS/pal.directory/principals/").status,
            200);
}

}  // namespace
}  // namespace pal::api
