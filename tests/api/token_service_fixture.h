#pragma once

#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/hashing_pool.h"
#include "api/sign_in_throttle.h"
#include "api/token_service.h"
#include "api/url_encoding.h"
#include "identity/jwt.h"
#include "identity/secret_hash.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "identity/token_verifier.h"
#include "store/test_store.h"

// The fixture of the token service's tests (token_service_test.cc, token_refresh_test.cc,
// adfs_authority_test.cc), which open this namespace.
namespace pal::api::token_test {

const Guid kTenant = *Guid::Parse("70c0e000-0000-4000-8000-000000000001");
const Guid kUser = *Guid::Parse("70c0e000-0000-4000-8000-0000000000a1");
const Guid kApp = *Guid::Parse("70c0e000-0000-4000-8000-0000000000a2");
const Guid kAppId = *Guid::Parse("70c0e000-0000-4000-8000-0000000000a3");
constexpr char kBase[] = "https://localhost:8443";
constexpr char kUserName[] = "ada@contoso.example";
constexpr char kPassword[] = "correct horse";
constexpr char kSecret[] = "app secret";
constexpr Timestamp kSecond = kMicrosPerSecond;
// The Azure CLI's application id: a public client, as MSAL signs users in for it.
constexpr char kCliClient[] = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
// What MSAL asks for with the .default scope of a resource.
constexpr char kMsalScope[] =
    "https://management.azure.com//.default offline_access openid profile";

inline const identity::SigningKey& Key() {
  static identity::SigningKey key = std::move(identity::SigningKey::Generate()).value();
  return key;
}

inline std::string Scope() { return PercentEncode("https://management.azure.com/.default"); }

// A TokenService over a real store with one user and one application, lockouts after three
// failures (a minute, in a ten-minute window) and after five failures from one address. Secret
// checks run inline and are counted.
class TokenServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Open(clock_));
    ASSERT_TRUE(store_->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
    auto password = identity::HashSecret(kPassword);
    auto secret = identity::HashSecret(kSecret);
    ASSERT_TRUE(password.ok() && secret.ok());
    ASSERT_TRUE(store_->directory()
                    .CreatePrincipal({kTenant, kUser, PrincipalKind::kUser, kUserName, std::nullopt,
                                      *password, 0, std::nullopt})
                    .ok());
    ASSERT_TRUE(store_->directory()
                    .CreatePrincipal({kTenant, kApp, PrincipalKind::kServicePrincipal, "app",
                                      kAppId, *secret, 0, std::nullopt})
                    .ok());
    MakeService(nullptr);
  }

  void MakeService(HashingPool* hashing) {
    tokens_.emplace(*store_, Key(), issuer_, clock_,
                    TokenServiceOptions{.base_urls = {kBase},
                                        .audiences = {"https://management.azure.com/"},
                                        .accounts = &accounts_,
                                        .addresses = &addresses_,
                                        .hashing = hashing},
                    [this](std::function<void()> work) {
                      ++checks_;
                      work();
                    });
  }

  HttpResponse Post(const std::string& form, const std::string& address = "192.0.2.1",
                    const std::string& tenant = kTenant.ToString()) {
    HttpRequest request;
    request.method = "POST";
    request.path = request.target = "/" + tenant + "/oauth2/v2.0/token";
    request.body = form;
    request.base_url = kBase;
    request.client_address = address;
    return Send(request);
  }

  HttpResponse Send(const HttpRequest& request) {
    std::promise<HttpResponse> answer;
    auto future = answer.get_future();
    EXPECT_TRUE(
        tokens_->TryHandle(request, [&answer](HttpResponse r) { answer.set_value(std::move(r)); }));
    return future.get();
  }

  HttpResponse Password(const std::string& user, const std::string& password,
                        const std::string& address = "192.0.2.1",
                        const std::string& tenant = kTenant.ToString()) {
    return Post("grant_type=password&client_id=" + kAppId.ToString() +
                    "&username=" + PercentEncode(user) + "&password=" + PercentEncode(password) +
                    "&scope=" + Scope(),
                address, tenant);
  }

  HttpResponse ClientSecret(const std::string& app_id, const std::string& secret,
                            const std::string& address = "192.0.2.1") {
    return Post("grant_type=client_credentials&client_id=" + app_id +
                    "&client_secret=" + PercentEncode(secret) + "&scope=" + Scope(),
                address);
  }

  // A request of `method` to `path` (with its query) addressed to kBase.
  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    HttpRequest request;
    request.method = method;
    request.target = target;
    const std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    request.body = body;
    request.base_url = kBase;
    request.client_address = "192.0.2.1";
    return Send(request);
  }

  // A password grant as MSAL sends it for the Azure CLI (client_info=1, the OIDC scopes).
  HttpResponse MsalPassword(const std::string& path, const std::string& user,
                            const std::string& password, const std::string& extra = "") {
    return Call("POST", path,
                "grant_type=password&client_id=" + std::string(kCliClient) +
                    "&username=" + PercentEncode(user) + "&password=" + PercentEncode(password) +
                    "&scope=" + PercentEncode(kMsalScope) + "&client_info=1" + extra);
  }
  // A refresh_token grant as MSAL sends it.
  HttpResponse MsalRefresh(const std::string& path, const std::string& refresh_token,
                           const std::string& client = kCliClient) {
    return Call("POST", path,
                "grant_type=refresh_token&client_id=" + client +
                    "&refresh_token=" + PercentEncode(refresh_token) +
                    "&scope=" + PercentEncode(kMsalScope) + "&client_info=1");
  }

  // Whether the ARM API (a verifier configured as pal serve configures it) accepts the access
  // token of a 200 answer: "ok" or the refusal's code.
  std::string ArmVerdict(const HttpResponse& r) const {
    identity::JwtTokenVerifier verifier(
        Key(), clock_, {"https://management.azure.com/", "https://management.core.windows.net/"},
        {kBase});
    auto caller = verifier.Verify("Bearer " + Body(r).value("access_token", ""));
    return caller.ok() ? "ok" : caller.error().code;
  }

  // Nothing a client could use came with a refusal.
  static bool IssuedNothing(const HttpResponse& r) {
    const auto body = Body(r);
    return !body.contains("access_token") && !body.contains("refresh_token") &&
           !body.contains("id_token");
  }

  static nlohmann::json Body(const HttpResponse& r) { return nlohmann::json::parse(r.body); }
  // The payload of a JWT in a 200 answer's field (not verified).
  static nlohmann::json JwtPayload(const HttpResponse& r, const char* field) {
    auto decoded = identity::DecodeJwt(Body(r)[field].get<std::string>());
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? decoded->payload : nlohmann::json();
  }
  static int Code(const HttpResponse& r) { return Body(r)["error_codes"][0].get<int>(); }
  // The error description up to its trace id (which differs on every answer).
  static std::string Description(const HttpResponse& r) {
    const std::string d = Body(r)["error_description"];
    return d.substr(0, d.find(" Trace ID"));
  }
  // The claims of the access token a 200 answer carries.
  static nlohmann::json Claims(const HttpResponse& r) {
    auto decoded = identity::DecodeJwt(Body(r)["access_token"].get<std::string>());
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? decoded->payload : nlohmann::json();
  }
  static std::optional<std::string> Header(const HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return std::nullopt;
  }

  FixedClock clock_{1'800'000'000LL * kMicrosPerSecond};
  store::TestStore store_;
  identity::TokenIssuer issuer_{Key(), clock_};
  SignInThrottle accounts_{{.max_failures = 3,
                            .window = 600 * kSecond,
                            .lockout = 60 * kSecond,
                            .max_lockout = 960 * kSecond}};
  SignInThrottle addresses_{{.max_failures = 5,
                             .window = 60 * kSecond,
                             .lockout = 60 * kSecond,
                             .max_lockout = 960 * kSecond}};
  int checks_ = 0;
  std::optional<TokenService> tokens_;
};

}  // namespace pal::api::token_test
