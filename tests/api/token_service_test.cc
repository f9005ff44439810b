#include "api/token_service.h"

#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/hashing_pool.h"
#include "api/sign_in_throttle.h"
#include "api/url_encoding.h"
#include "identity/secret_hash.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "store/test_store.h"

namespace pal::api {
namespace {

const Guid kTenant = *Guid::Parse("70c0e000-0000-4000-8000-000000000001");
const Guid kUser = *Guid::Parse("70c0e000-0000-4000-8000-0000000000a1");
const Guid kApp = *Guid::Parse("70c0e000-0000-4000-8000-0000000000a2");
const Guid kAppId = *Guid::Parse("70c0e000-0000-4000-8000-0000000000a3");
constexpr char kBase[] = "https://localhost:8443";
constexpr char kUserName[] = "ada@contoso.example";
constexpr char kPassword[] = "correct horse";
constexpr char kSecret[] = "app secret";
constexpr Timestamp kSecond = kMicrosPerSecond;

const identity::SigningKey& Key() {
  static identity::SigningKey key = std::move(identity::SigningKey::Generate()).value();
  return key;
}

std::string Scope() { return PercentEncode("https://management.azure.com/.default"); }

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

  static nlohmann::json Body(const HttpResponse& r) { return nlohmann::json::parse(r.body); }
  static int Code(const HttpResponse& r) { return Body(r)["error_codes"][0].get<int>(); }
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

TEST_F(TokenServiceTest, WrongPasswordsLockTheUserWithoutCheckingFurtherPasswords) {
  for (int i = 0; i < 3; ++i) {
    auto wrong = Password(kUserName, "guess" + std::to_string(i));
    EXPECT_EQ(wrong.status, 400);
    EXPECT_EQ(Code(wrong), 50126);
  }
  EXPECT_EQ(checks_, 3);
  auto locked = Password(kUserName, kPassword);
  EXPECT_EQ(locked.status, 400);
  auto body = Body(locked);
  EXPECT_EQ(body["error"], "invalid_grant");
  EXPECT_EQ(body["error_codes"][0], 50053);
  EXPECT_NE(body["error_description"].get<std::string>().find("AADSTS50053: The account is locked"),
            std::string::npos);
  EXPECT_EQ(Header(locked, "Retry-After"), "60");
  EXPECT_EQ(checks_, 3) << "a locked account's password is not checked";
  // The sign-in name is the key, in any case and through any authority.
  EXPECT_EQ(Code(Password("ADA@contoso.example", kPassword)), 50053);
  EXPECT_EQ(Code(Password(kUserName, kPassword, "192.0.2.9", "organizations")), 50053);
  // After the lockout the right password works, and resets the count.
  clock_.Advance(60 * kSecond);
  EXPECT_EQ(Password(kUserName, kPassword).status, 200);
  EXPECT_EQ(Code(Password(kUserName, "again1", "192.0.2.2")), 50126);
  EXPECT_EQ(Code(Password(kUserName, "again2", "192.0.2.2")), 50126);
  EXPECT_EQ(Password(kUserName, kPassword, "192.0.2.2").status, 200);
}

TEST_F(TokenServiceTest, UnknownUsersCostACheckAndAnswerAsAWrongPassword) {
  auto wrong = Password(kUserName, "nope");
  auto unknown = Password("nobody@contoso.example", "nope");
  auto unknown_anywhere = Password("nobody@contoso.example", "nope", "192.0.2.1", "organizations");
  EXPECT_EQ(checks_, 3) << "every attempt costs one secret check";
  for (const auto* r : {&wrong, &unknown, &unknown_anywhere}) {
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(Body(*r)["error"], "invalid_grant");
    EXPECT_EQ(Code(*r), 50126);
  }
  auto text = [](const HttpResponse& r) {
    const std::string d = Body(r)["error_description"];
    return d.substr(0, d.find(" Trace ID"));
  };
  EXPECT_EQ(text(unknown), text(wrong));
  EXPECT_EQ(text(unknown_anywhere), text(wrong));
  // Names that do not exist lock like real ones: the lockout tells nothing either.
  EXPECT_EQ(Code(Password("nobody@contoso.example", "nope", "192.0.2.2")), 50126);
  EXPECT_EQ(Code(Password("nobody@contoso.example", "nope", "192.0.2.2")), 50053);
  EXPECT_EQ(checks_, 4);
}

TEST_F(TokenServiceTest, WrongClientSecretsLockTheApplication) {
  for (int i = 0; i < 3; ++i) {
    auto wrong = ClientSecret(kAppId.ToString(), "guess");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(Code(wrong), 7000215);
  }
  auto locked = ClientSecret(kAppId.ToString(), kSecret);
  EXPECT_EQ(locked.status, 400);
  EXPECT_EQ(Code(locked), 50053);
  EXPECT_TRUE(Header(locked, "Retry-After").has_value());
  EXPECT_EQ(checks_, 3);
  // An unknown application costs a check too, and keeps Entra's answer.
  auto unknown = ClientSecret("70c0e000-0000-4000-8000-0000000000ff", "guess");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Body(unknown)["error"], "unauthorized_client");
  EXPECT_EQ(checks_, 4);
  // The user of the tenant is not locked by its application's failures (from an address
  // that has not failed five times).
  EXPECT_EQ(Password(kUserName, kPassword, "192.0.2.3").status, 200);
}

TEST_F(TokenServiceTest, AnAddressWithTooManyFailuresWaitsWith429) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Code(Password("spray" + std::to_string(i) + "@contoso.example", "Summer2026!")),
              50126);
  }
  auto throttled = Password(kUserName, kPassword);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(Body(throttled)["error"], "temporarily_unavailable");
  EXPECT_EQ(Header(throttled, "Retry-After"), "60");
  EXPECT_EQ(checks_, 5);
  // Another address is not throttled; the first may try again after the wait.
  EXPECT_EQ(Password(kUserName, kPassword, "192.0.2.77").status, 200);
  clock_.Advance(60 * kSecond);
  EXPECT_EQ(Password(kUserName, kPassword).status, 200);
}

TEST_F(TokenServiceTest, RepeatedFieldsAreRefusedBeforeAnyCheck) {
  const std::string good = "grant_type=password&username=" + PercentEncode(kUserName) +
                           "&password=" + PercentEncode(kPassword) +
                           "&client_id=x&scope=" + Scope();
  for (const std::string extra : {"&grant_type=client_credentials", "&client_id=y",
                                  "&username=eve%40contoso.example", "&password=x", "&scope=x"}) {
    auto r = Post(good + extra);
    EXPECT_EQ(r.status, 400) << extra;
    EXPECT_EQ(Body(r)["error"], "invalid_request") << extra;
    EXPECT_NE(Body(r)["error_description"].get<std::string>().find("more than once"),
              std::string::npos);
  }
  EXPECT_EQ(checks_, 0);
  EXPECT_EQ(Post(good).status, 200);
}

TEST_F(TokenServiceTest, AFullHashingPoolAnswers503AtOnce) {
  HashingPool pool({.threads = 1, .max_queued = 1});
  MakeService(&pool);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.TrySubmit([&started, released] {
    started.set_value();
    released.wait();
  }));
  started.get_future().wait();
  ASSERT_TRUE(pool.TrySubmit([] {}));  // the queue is full
  auto busy = Password(kUserName, kPassword);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(Body(busy)["error"], "temporarily_unavailable");
  EXPECT_EQ(Header(busy, "Retry-After"), "1");
  release.set_value();
  // Once there is room the check runs on the pool.
  HttpResponse ok;
  for (int i = 0; i < 100; ++i) {
    ok = Password(kUserName, kPassword);
    if (ok.status != 503) break;
  }
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(checks_, 0) << "checks ran on the pool, not the blocking runner";
}

}  // namespace
}  // namespace pal::api
