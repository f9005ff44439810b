#include "api/pal_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <thread>

#include "api/url_encoding.h"
#include "attribution/insights_engine.h"
#include "identity/secret_hash.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "mocks/mock_token_verifier.h"
#include "mocks/store_of_mocks.h"
#include "server/pal_service_builder.h"
#include "store/test_store.h"

namespace pal::api {
namespace {

using ::testing::_;
using ::testing::Return;

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kAlice = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kBob = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b2");
constexpr char kBase[] = "https://localhost:8443";
constexpr char kPartners[] = "/providers/Microsoft.ManagementPartner/partners";

const identity::SigningKey& Key() {
  static identity::SigningKey key = std::move(identity::SigningKey::Generate()).value();
  return key;
}

identity::CallerIdentity Caller(const Guid& object_id) {
  identity::CallerIdentity caller;
  caller.tenant_id = kTenant;
  caller.object_id = object_id;
  caller.idtyp = "app";
  return caller;
}

// A PalService over a real store (in-memory SQLite, or PostgreSQL under PAL_TEST_POSTGRES),
// with a verifier that maps "Bearer alice" and "Bearer bob" to two principals and refuses
// anything else.
class PalServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_, /*enable_link_writer=*/true));
    ASSERT_TRUE(store_->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
    ASSERT_TRUE(store_->partners()
                    .AddPartner({"719878", "Mekorma", PartnerIdKind::kLocation, std::nullopt,
                                 PartnerStatus::kActive, 0})
                    .ok());
    ASSERT_TRUE(store_->partners()
                    .AddPartner({"1234567", "Northwind", PartnerIdKind::kLocation, std::nullopt,
                                 PartnerStatus::kActive, 0})
                    .ok());
    ON_CALL(verifier_, Verify(_)).WillByDefault([](std::string_view header) {
      if (header == "Bearer alice") return Result<identity::CallerIdentity>(Caller(kAlice));
      if (header == "Bearer bob") return Result<identity::CallerIdentity>(Caller(kBob));
      return Result<identity::CallerIdentity>(
          Error::Unauthenticated("InvalidAuthenticationToken", "bad token"));
    });
    built_ = server::BuildPalService(
        {.store = *store_,
         .signing_key = Key(),
         .issuer = issuer_,
         .verifier = verifier_,
         .clock = clock_,
         .insights_engine = insights_engine_.emplace(*store_, std::vector<std::string>{}, 1)},
        {.tokens = {.base_urls = {kBase}, .audiences = {"https://management.azure.com/", kBase}},
         .run_blocking = [](std::function<void()> work) { work(); }});
  }

  HttpResponse Send(std::string method, std::string target, std::string auth = "Bearer alice",
                    std::string body = "") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = target;
    const size_t q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) request.query = target.substr(q + 1);
    if (!auth.empty()) request.headers.emplace_back("Authorization", auth);
    request.body = std::move(body);
    request.base_url = kBase;
    std::optional<HttpResponse> response;
    built_->service().Handle(request, [&response](HttpResponse r) { response = std::move(r); });
    // Link writes complete on the store's writer thread; wait for them.
    for (int i = 0; i < 2000 && !response; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(response.has_value());
    return response.value_or(HttpResponse{});
  }

  static std::string Code(const HttpResponse& r) {
    auto body = nlohmann::json::parse(r.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
  }

  static std::optional<std::string> Header(const HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return std::nullopt;
  }

  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  ::testing::NiceMock<testing::MockTokenVerifier> verifier_;
  identity::TokenIssuer issuer_{Key(), clock_};
  // The insights over the test store, without usage files.
  std::optional<attribution::InsightsEngine> insights_engine_;
  std::unique_ptr<server::PalServiceObjects> built_;
};

TEST_F(PalServiceTest, CreateReturnsThePartnerResource) {
  auto r = Send("PUT", std::string(kPartners) + "/719878?api-version=2018-02-01");
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["id"], "/providers/microsoft.managementpartner/partners/719878");
  EXPECT_EQ(body["type"], "Microsoft.ManagementPartner/partners");
  EXPECT_EQ(body["etag"], 1);
  EXPECT_EQ(body["properties"]["version"], 1);
  EXPECT_EQ(body["properties"]["partnerName"], "Mekorma");
  EXPECT_EQ(body["properties"]["objectId"], kAlice.ToString());
  EXPECT_EQ(body["properties"]["createdTime"], "2027-01-15T08:00:00.0000000Z");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json; charset=utf-8");
  EXPECT_TRUE(Header(r, "x-ms-request-id").has_value());
}

TEST_F(PalServiceTest, LinksArePerPrincipal) {
  ASSERT_EQ(Send("PUT", std::string(kPartners) + "/719878?api-version=2018-02-01").status, 200);
  EXPECT_EQ(Send("GET", std::string(kPartners) + "?api-version=2018-02-01", "Bearer bob").status,
            404);
  EXPECT_EQ(Send("DELETE", std::string(kPartners) + "/719878?api-version=2018-02-01", "Bearer bob")
                .status,
            404);
  EXPECT_EQ(Send("GET", std::string(kPartners) + "/?api-version=2018-02-01").status, 200);
}

TEST_F(PalServiceTest, PathsAreCaseInsensitive) {
  ASSERT_EQ(
      Send("PUT", "/PROVIDERS/microsoft.MANAGEMENTPARTNER/Partners/719878?api-version=2018-02-01")
          .status,
      200);
  EXPECT_EQ(
      Send("GET", "/providers/microsoft.managementpartner/partners?api-version=2018-02-01").status,
      200);
}

TEST_F(PalServiceTest, ArmErrorsForBadRequests) {
  EXPECT_EQ(Code(Send("GET", std::string(kPartners))), "MissingApiVersionParameter");
  EXPECT_EQ(Code(Send("GET", std::string(kPartners) + "?api-version=2015-01-01")),
            "InvalidApiVersionParameter");
  auto unknown = Send("PUT", std::string(kPartners) + "/5555555?api-version=2018-02-01");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Code(unknown), "BadRequest");
  auto post = Send("POST", std::string(kPartners) + "/719878?api-version=2018-02-01");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(Header(post, "Allow"), "GET, PUT, PATCH, DELETE");
  EXPECT_EQ(Send("PUT", std::string(kPartners) + "?api-version=2018-02-01").status, 405);
  EXPECT_EQ(
      Code(Send("GET", "/providers/Microsoft.ManagementPartner/things?api-version=2018-02-01")),
      "InvalidResourceType");
  EXPECT_EQ(Code(Send("GET", "/subscriptions?api-version=2018-02-01")),
            "InvalidApiVersionParameter");
  EXPECT_EQ(Code(Send("GET", "/providers/Microsoft.Compute?api-version=2018-02-01")), "NotFound");
  EXPECT_EQ(Code(Send("PUT", std::string(kPartners) + "/%ZZ?api-version=2018-02-01")),
            "BadRequest");
}

TEST_F(PalServiceTest, UnauthenticatedRequestsGetAChallenge) {
  auto r = Send("GET", std::string(kPartners) + "?api-version=2018-02-01", "Bearer mallory");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Code(r), "InvalidAuthenticationToken");
  ASSERT_TRUE(Header(r, "WWW-Authenticate").has_value());
  EXPECT_EQ(Header(r, "WWW-Authenticate")->rfind("Bearer ", 0), 0u);
  // Health needs no token.
  EXPECT_EQ(Send("GET", "/_pal/health", "").status, 200);
  EXPECT_EQ(Send("GET", "/_pal/ready", "").status, 503);
  built_->service().SetReady(true);
  EXPECT_EQ(Send("GET", "/_pal/ready", "").status, 200);
}

TEST_F(PalServiceTest, TheCloudMetadataAndTheAdfsAuthorityNeedNoToken) {
  // As the Azure CLI asks for them when pal is registered as a cloud by its URL.
  auto metadata = Send("GET", "//metadata/endpoints?api-version=2015-01-01", "");
  ASSERT_EQ(metadata.status, 200) << metadata.body;
  const auto cloud = nlohmann::json::parse(metadata.body);
  EXPECT_EQ(cloud["authentication"]["loginEndpoint"], std::string(kBase) + "/adfs");
  EXPECT_EQ(cloud["authentication"]["audiences"][0], std::string(kBase) + "/");
  auto discovery = Send("GET", "/adfs/.well-known/openid-configuration", "Bearer mallory");
  ASSERT_EQ(discovery.status, 200);
  EXPECT_EQ(nlohmann::json::parse(discovery.body)["token_endpoint"],
            std::string(kBase) + "/adfs/oauth2/token");
  EXPECT_EQ(Send("GET", "/common/userrealm/alice%40contoso.example?api-version=1.0", "").status,
            200);
  // Other ARM paths still need one.
  EXPECT_EQ(Send("GET", "/metadata/other?api-version=2015-01-01", "").status, 401);
}

TEST_F(PalServiceTest, OperationsArePaged) {
  auto first = nlohmann::json::parse(
      Send("GET", "/providers/Microsoft.ManagementPartner/operations?api-version=2018-02-01").body);
  ASSERT_EQ(first["value"].size(), 2u);
  const std::string next = first["nextLink"];
  EXPECT_EQ(
      next.rfind(std::string(kBase) + "/providers/Microsoft.ManagementPartner/operations?", 0), 0u);
  auto second = nlohmann::json::parse(Send("GET", next.substr(std::string(kBase).size())).body);
  ASSERT_EQ(second["value"].size(), 2u);
  EXPECT_FALSE(second.contains("nextLink"));
  EXPECT_EQ(second["value"][1]["name"], "Microsoft.ManagementPartner/partners/delete");
  EXPECT_EQ(
      Code(Send(
          "GET",
          "/providers/Microsoft.ManagementPartner/operations?api-version=2018-02-01&$skipToken=9")),
      "InvalidSkipToken");
}

TEST_F(PalServiceTest, ExpiredClientSecretsAreRefusedWithEntrasCode) {
  const Guid app_id = *Guid::Parse("a99a0000-0000-4000-8000-000000000001");
  auto hash = identity::HashSecret("s3cret");
  ASSERT_TRUE(hash.ok());
  Principal sp{kTenant,
               *Guid::Parse("a99a0000-0000-4000-8000-000000000002"),
               PrincipalKind::kServicePrincipal,
               "expiring",
               app_id,
               *hash,
               0,
               clock_.Now() + kMicrosPerSecond};
  ASSERT_TRUE(store_->directory().CreatePrincipal(sp).ok());
  const std::string path = "/" + kTenant.ToString() + "/oauth2/v2.0/token";
  const std::string form =
      "grant_type=client_credentials&client_id=" + app_id.ToString() +
      "&client_secret=s3cret&scope=" + PercentEncode("https://management.azure.com/.default");
  EXPECT_EQ(Send("POST", path, "", form).status, 200);
  clock_.Advance(kMicrosPerSecond);  // the expiry instant itself no longer works
  auto expired = Send("POST", path, "", form);
  EXPECT_EQ(expired.status, 401);
  auto body = nlohmann::json::parse(expired.body);
  EXPECT_EQ(body["error"], "invalid_client");
  EXPECT_EQ(body["error_codes"][0], 7000222);
  EXPECT_NE(body["error_description"].get<std::string>().find(app_id.ToString()),
            std::string::npos);
  // A wrong secret is still the wrong-secret error, not a hint that the app's secret expired.
  auto wrong = Send(
      "POST", path, "",
      "grant_type=client_credentials&client_id=" + app_id.ToString() +
          "&client_secret=nope&scope=" + PercentEncode("https://management.azure.com/.default"));
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["error_codes"][0], 7000215);
}

TEST_F(PalServiceTest, TokenEndpointErrorsAreEntraShaped) {
  const std::string path = "/" + kTenant.ToString() + "/oauth2/v2.0/token";
  auto missing = Send("POST", path, "", "scope=x");
  EXPECT_EQ(missing.status, 400);
  auto body = nlohmann::json::parse(missing.body);
  EXPECT_EQ(body["error"], "invalid_request");
  EXPECT_EQ(body["error_codes"][0], 900144);
  EXPECT_EQ(nlohmann::json::parse(Send("POST", path, "", "grant_type=implicit").body)["error"],
            "unsupported_grant_type");
  auto scope = Send("POST", path, "",
                    "grant_type=client_credentials&client_id=x&client_secret=y&scope=" +
                        PercentEncode("https://graph.microsoft.com/.default"));
  EXPECT_EQ(nlohmann::json::parse(scope.body)["error"], "invalid_scope");
  auto app =
      Send("POST", path, "",
           "grant_type=client_credentials&client_id=" + kBob.ToString() +
               "&client_secret=y&scope=" + PercentEncode("https://management.azure.com/.default"));
  EXPECT_EQ(nlohmann::json::parse(app.body)["error"], "unauthorized_client");
  EXPECT_EQ(Send("GET", path, "").status, 405);
  auto discovery =
      Send("GET", "/" + kTenant.ToString() + "/v2.0/.well-known/openid-configuration", "");
  EXPECT_EQ(nlohmann::json::parse(discovery.body)["issuer"],
            std::string(kBase) + "/" + kTenant.ToString() + "/v2.0");
  EXPECT_EQ(
      Send("GET", "/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration", "")
          .status,
      400);
}

// With a mocked store: failures of the storage layer become ARM 500s, never crashes.
TEST(PalServiceStoreFailureTest, StorageErrorsBecomeInternalServerError) {
  FixedClock clock(1);
  testing::StoreOfMocks store;
  ::testing::NiceMock<testing::MockTokenVerifier> verifier;
  ON_CALL(verifier, Verify(_))
      .WillByDefault(Return(Result<identity::CallerIdentity>(Caller(kAlice))));
  EXPECT_CALL(store.partners_mock, FindPartner("719878"))
      .WillOnce(Return(Result<std::optional<Partner>>(Partner{
          "719878", "Mekorma", PartnerIdKind::kLocation, std::nullopt, PartnerStatus::kActive, 0})))
      .WillOnce(Return(Result<std::optional<Partner>>(Error::Internal("disk on fire"))));
  EXPECT_CALL(store.links_mock, WriteLink(_, _, _, _))
      .WillOnce([](auto&&, auto&&, auto&&, store::LinkStore::LinkWriteDone done) {
        done(Error::Internal("commit failed"));
      });
  EXPECT_CALL(store.links_mock, FindLink(_))
      .WillRepeatedly([](const PrincipalKey&) -> std::optional<ManagementPartnerLink> {
        throw std::runtime_error("index corrupted");
      });
  identity::TokenIssuer issuer(Key(), clock);
  attribution::InsightsEngine insights_engine(store, {}, 1);
  auto built = server::BuildPalService({.store = store,
                                        .signing_key = Key(),
                                        .issuer = issuer,
                                        .verifier = verifier,
                                        .clock = clock,
                                        .insights_engine = insights_engine},
                                       {.tokens = {.base_urls = {kBase}, .audiences = {kBase}},
                                        .run_blocking = [](auto work) { work(); }});
  auto send = [&](std::string method, std::string path) {
    HttpRequest request;
    request.method = std::move(method);
    request.path = path;
    request.query = "api-version=2018-02-01";
    HttpResponse out;
    built->service().Handle(request, [&out](HttpResponse r) { out = std::move(r); });
    return out;
  };
  auto commit = send("PUT", std::string(kPartners) + "/719878");
  EXPECT_EQ(commit.status, 500);
  EXPECT_NE(commit.body.find("InternalServerError"), std::string::npos);
  // The cause goes to the server's log, not to the caller, who gets the request id to quote.
  EXPECT_EQ(commit.body.find("commit failed"), std::string::npos) << commit.body;
  EXPECT_NE(commit.body.find("request id"), std::string::npos) << commit.body;
  EXPECT_EQ(send("PUT", std::string(kPartners) + "/719878").status, 500);
  auto thrown = send("GET", std::string(kPartners));
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.body.find("index corrupted"), std::string::npos) << thrown.body;
}

TEST_F(PalServiceTest, RepeatedQueryParametersAreRefusedEverywhere) {
  for (const std::string& target :
       {std::string(kPartners) + "/719878?api-version=2018-02-01&api-version=2018-02-01",
        std::string(kPartners) + "/719878?api-version=2018-02-01&API-VERSION=2099-01-01",
        std::string("/_pal/health?x=1&x=2"),
        "/" + kTenant.ToString() + "/oauth2/v2.0/token?client-request-id=a&Client-Request-Id=b"}) {
    auto r = Send("PUT", target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(Code(r), "InvalidQueryParameter") << target;
    EXPECT_NE(r.body.find("'"), std::string::npos) << r.body;
  }
  // Nothing was linked by the refused PUTs.
  EXPECT_EQ(Send("GET", std::string(kPartners) + "?api-version=2018-02-01").status, 404);
}

TEST_F(PalServiceTest, ArmBodiesMustBeJsonWithEachKeyOnce) {
  const std::string path =
      "/subscriptions/" + kTenant.ToString() + "/resourcegroups/rg?api-version=2021-04-01";
  auto send = [&](std::optional<std::string> content_type, std::string body) {
    HttpRequest request;
    request.method = "PUT";
    request.target = path;
    request.path = path.substr(0, path.find('?'));
    request.query = path.substr(path.find('?') + 1);
    request.headers.emplace_back("Authorization", "Bearer alice");
    if (content_type) request.headers.emplace_back("Content-Type", *content_type);
    request.body = std::move(body);
    request.base_url = kBase;
    HttpResponse out;
    built_->service().Handle(request, [&out](HttpResponse r) { out = std::move(r); });
    return out;
  };
  auto plain = send("text/plain", R"({"location":"westeurope"})");
  EXPECT_EQ(plain.status, 415);
  EXPECT_EQ(Code(plain), "UnsupportedMediaType");
  EXPECT_EQ(send(std::nullopt, R"({"location":"westeurope"})").status, 415);
  auto twice = send("application/json; charset=utf-8",
                    R"({"location":"westeurope","tags":{"a":"1"},"tags":{"b":"2"}})");
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(Code(twice), "InvalidRequestContent");
  EXPECT_NE(twice.body.find("'tags'"), std::string::npos) << twice.body;
}

TEST_F(PalServiceTest, EveryAnswerCarriesTheSecurityHeaders) {
  const std::vector<HttpResponse> answers = {
      Send("GET", std::string(kPartners) + "?api-version=2018-02-01"),  // 404
      Send("PUT", std::string(kPartners) + "/719878?api-version=2018-02-01"),
      Send("GET", std::string(kPartners) + "?api-version=2018-02-01", "Bearer nobody"),  // 401
      Send("GET", "/_pal/health", ""),
      Send("POST", "/" + kTenant.ToString() + "/oauth2/v2.0/token", "", "scope=x"),
      Send("GET", "/nowhere/\xff\xfe?api-version=2018-02-01"),
  };
  for (const auto& r : answers) {
    EXPECT_EQ(Header(r, "Strict-Transport-Security"), "max-age=31536000") << r.status << r.body;
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff") << r.status;
    EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY") << r.status;
    ASSERT_TRUE(Header(r, "Cache-Control").has_value()) << r.status;
    EXPECT_NE(Header(r, "Cache-Control")->find("no-store"), std::string::npos) << r.status;
  }
  // The path echoed in the 404 had bytes that are not UTF-8: the body is still valid JSON.
  EXPECT_FALSE(nlohmann::json::parse(answers.back().body, nullptr, false).is_discarded())
      << answers.back().body;
}

}  // namespace
}  // namespace pal::api
