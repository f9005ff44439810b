#include "api/managed_identity_endpoint.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "identity/digest.h"
#include "identity/signing_key.h"
#include "identity/token_verifier.h"
#include "store/test_store.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("3a0e0000-0000-4000-8000-000000000001");
const Guid kIdentity = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000a1");
const Guid kIdentityApp = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000a2");
const Guid kOther = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000b1");
const Guid kOtherApp = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000b2");
const Guid kUser = *Guid::Parse("3a0e0000-0000-4000-8000-0000000000c1");
constexpr char kBase[] = "https://localhost:8443";
constexpr char kResource[] = "https://management.azure.com/";
constexpr char kHeader[] = "endpoint-secret-of-the-identity";
constexpr char kOtherHeader[] = "endpoint-secret-of-the-other";

const identity::SigningKey& Key() {
  static identity::SigningKey key = std::move(identity::SigningKey::Generate()).value();
  return key;
}

// The endpoint over a real store with two managed identities, a plain service principal and a
// user.
class ManagedIdentityEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    ASSERT_TRUE(store_->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
    for (const auto& [object, app, name] :
         {std::tuple{kIdentity, kIdentityApp, "worker"}, std::tuple{kOther, kOtherApp, "other"}}) {
      ASSERT_TRUE(store_->directory()
                      .CreatePrincipal({kTenant, object, PrincipalKind::kServicePrincipal, name,
                                        app, "unusable", 0, std::nullopt})
                      .ok());
    }
    ASSERT_TRUE(store_->directory()
                    .CreatePrincipal({kTenant, kUser, PrincipalKind::kUser, "ada@contoso.example",
                                      std::nullopt, "unusable", 0, std::nullopt})
                    .ok());
    ASSERT_TRUE(store_->managed_identities()
                    .AddManagedIdentity({kTenant, kIdentity}, identity::Sha256Hex(kHeader))
                    .ok());
    ASSERT_TRUE(store_->managed_identities()
                    .AddManagedIdentity({kTenant, kOther}, identity::Sha256Hex(kOtherHeader))
                    .ok());
    endpoint_.emplace(
        *store_, issuer_,
        ManagedIdentityEndpointOptions{.base_urls = {kBase}, .audiences = {kResource}});
  }

  HttpResponse Get(const std::string& query, std::optional<std::string> header = kHeader,
                   const std::string& address = "127.0.0.1", const std::string& method = "GET") {
    HttpRequest request;
    request.method = method;
    request.path = "/msi/token";
    request.query = query;
    request.target = request.path + "?" + query;
    if (header) request.headers.emplace_back("x-identity-header", *header);
    request.base_url = kBase;
    request.client_address = address;
    std::optional<HttpResponse> answer;
    EXPECT_TRUE(endpoint_->TryHandle(request, [&](HttpResponse r) { answer = std::move(r); }));
    return answer.value_or(HttpResponse{});
  }

  static nlohmann::json Body(const HttpResponse& r) { return nlohmann::json::parse(r.body); }

  FixedClock clock_{1'800'000'000 * kMicrosPerSecond};
  identity::TokenIssuer issuer_{Key(), clock_};
  store::TestStore store_;
  std::optional<ManagedIdentityEndpoint> endpoint_;
};

constexpr char kQuery[] = "api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com%2F";

TEST_F(ManagedIdentityEndpointTest, TheHeaderGivesItsIdentitysTokenWhichArmAccepts) {
  auto r = Get(kQuery);
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = Body(r);
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(body["resource"], kResource);
  EXPECT_EQ(body["client_id"], kIdentityApp.ToString());
  EXPECT_EQ(body["expires_on"], std::to_string(1'800'000'000 + 3599));
  identity::JwtTokenVerifier verifier(Key(), clock_, {kResource}, {kBase});
  auto caller = verifier.Verify("Bearer " + body["access_token"].get<std::string>());
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->tenant_id, kTenant);
  EXPECT_EQ(caller->object_id, kIdentity);
  EXPECT_EQ(caller->app_id, kIdentityApp);
  EXPECT_EQ(caller->idtyp, "app");
  // The other identity's header gives the other's token; naming the identity itself is fine.
  EXPECT_EQ(Body(Get(kQuery, kOtherHeader))["client_id"], kOtherApp.ToString());
  EXPECT_EQ(Get(std::string(kQuery) + "&client_id=" + kIdentityApp.ToString()).status, 200);
  EXPECT_EQ(Get(std::string(kQuery) + "&principal_id=" + kIdentity.ToString()).status, 200);
  EXPECT_EQ(Get(kQuery, kHeader, "::1").status, 200);
  EXPECT_EQ(Get(kQuery, kHeader, "::ffff:127.0.0.1").status, 200);
}

TEST_F(ManagedIdentityEndpointTest, RefusesWhatAnotherProcessOrIdentityShouldNotGet) {
  struct Case {
    std::string query;
    std::optional<std::string> header;
    std::string address;
    std::string method;
    int status;
  };
  const std::string q = kQuery;
  const std::vector<Case> cases = {
      {q, kHeader, "192.0.2.7", "GET", 403},  // not on this machine
      {q, kHeader, "::ffff:192.0.2.7", "GET", 403},
      {q, std::nullopt, "127.0.0.1", "GET", 401},  // no header
      {q, "", "127.0.0.1", "GET", 401},
      {q, "guessed", "127.0.0.1", "GET", 401},
      {q, identity::Sha256Hex(kHeader), "127.0.0.1", "GET", 401},  // the stored hash itself
      {q, kHeader, "127.0.0.1", "POST", 405},
      {"resource=https%3A%2F%2Fmanagement.azure.com%2F", kHeader, "127.0.0.1", "GET", 400},
      {"api-version=2017-09-01&resource=https%3A%2F%2Fmanagement.azure.com%2F", kHeader,
       "127.0.0.1", "GET", 400},
      {"api-version=2019-08-01&resource=https%3A%2F%2Fvault.azure.net", kHeader, "127.0.0.1", "GET",
       400},
      {"api-version=2019-08-01", kHeader, "127.0.0.1", "GET", 400},
      // Another identity's ids with this identity's header.
      {q + "&client_id=" + kOtherApp.ToString(), kHeader, "127.0.0.1", "GET", 400},
      {q + "&principal_id=" + kOther.ToString(), kHeader, "127.0.0.1", "GET", 400},
      {q + "&object_id=" + kUser.ToString(), kHeader, "127.0.0.1", "GET", 400},
      {q + "&client_id=not-a-guid", kHeader, "127.0.0.1", "GET", 400},
      {q + "&mi_res_id=%2Fsubscriptions%2Fx", kHeader, "127.0.0.1", "GET", 400},
  };
  for (const auto& c : cases) {
    auto r = Get(c.query, c.header, c.address, c.method);
    EXPECT_EQ(r.status, c.status) << c.query << " from " << c.address << ": " << r.body;
    auto body = Body(r);
    EXPECT_FALSE(body.contains("access_token")) << c.query;
    EXPECT_EQ(body["statusCode"], c.status);
    EXPECT_FALSE(body["message"].get<std::string>().empty());
  }
}

TEST_F(ManagedIdentityEndpointTest, OtherPathsAreNotTheEndpoints) {
  HttpRequest request;
  request.method = "GET";
  request.path = request.target = "/msi/token/extra";
  EXPECT_FALSE(endpoint_->TryHandle(request, [](HttpResponse) { FAIL(); }));
}

}  // namespace
}  // namespace pal::api
