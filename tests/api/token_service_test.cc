#include "api/token_service.h"

#include <gtest/gtest.h>

#include "api/token_service_fixture.h"

namespace pal::api::token_test {
namespace {

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
                           "&client_id=" + kAppId.ToString() + "&scope=" + Scope();
  for (const std::string extra :
       {"&grant_type=client_credentials", "&client_id=y", "&username=eve%40contoso.example",
        "&password=x", "&scope=x", "&refresh_token=x&refresh_token=x",
        "&client_info=1&client_info=1", "&nonce=n&nonce=n"}) {
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

TEST_F(TokenServiceTest, AMissingOrUnsupportedGrantIsRefusedBeforeAnyCheck) {
  auto no_grant = Post("client_id=x&scope=" + Scope());
  EXPECT_EQ(no_grant.status, 400);
  EXPECT_EQ(Body(no_grant)["error"], "invalid_request");
  EXPECT_EQ(Description(no_grant),
            "AADSTS900144: The request body must contain the following parameter: "
            "'grant_type'.");
  auto unsupported = Post("grant_type=implicit&client_id=x&scope=" + Scope());
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(Body(unsupported)["error"], "unsupported_grant_type");
  EXPECT_EQ(Description(unsupported),
            "AADSTS70003: The app requested an unsupported grant type 'implicit'. Supported: "
            "client_credentials, password, refresh_token, authorization_code, "
            "urn:ietf:params:oauth:grant-type:device_code.");
  EXPECT_EQ(Header(unsupported, "Cache-Control"), "no-store, no-cache");
  EXPECT_EQ(Header(unsupported, "Pragma"), "no-cache");
  EXPECT_EQ(checks_, 0);
}

TEST_F(TokenServiceTest, EachGrantNamesTheFirstParameterItLacks) {
  const std::string app = "client_id=" + kAppId.ToString();
  const std::string user = "&username=" + PercentEncode(kUserName);
  const std::string password = "&password=" + PercentEncode(kPassword);
  const std::string scope = "&scope=" + Scope();
  const std::pair<std::string, std::string> cases[] = {
      {"grant_type=password" + user + password + scope, "client_id"},
      {"grant_type=password&" + app + user + password, "scope"},
      {"grant_type=password&" + app + password + scope, "username"},
      {"grant_type=password&" + app + user + scope, "password"},
      {"grant_type=password&" + app + "&username=" + password + scope, "username"},
      {"grant_type=client_credentials&" + app + scope, "client_secret"},
      {"grant_type=client_credentials" + scope, "client_id"},
      {"grant_type=client_credentials&client_secret=s", "client_id"},
  };
  for (const auto& [form, missing] : cases) {
    auto r = Post(form);
    EXPECT_EQ(r.status, 400) << form;
    EXPECT_EQ(Body(r)["error"], "invalid_request") << form;
    EXPECT_EQ(
        Description(r),
        "AADSTS900144: The request body must contain the following parameter: '" + missing + "'.")
        << form;
  }
  EXPECT_EQ(checks_, 0);
}

TEST_F(TokenServiceTest, AnUnknownTenantIsRefusedBeforeAnyCheck) {
  const std::string other = "70c0e000-0000-4000-8000-0000000000ee";
  for (const std::string& tenant : {other, std::string("contoso.example")}) {
    auto r = Password(kUserName, kPassword, "192.0.2.1", tenant);
    EXPECT_EQ(r.status, 400) << tenant;
    EXPECT_EQ(Body(r)["error"], "invalid_request") << tenant;
    EXPECT_EQ(Description(r), "AADSTS90002: Tenant '" + tenant +
                                  "' not found. Check to make sure you have the correct tenant "
                                  "ID and are signing into the correct cloud.")
        << tenant;
  }
  // Applications have no home tenant: "organizations" is no tenant of theirs.
  auto app = Post("grant_type=client_credentials&client_id=" + kAppId.ToString() +
                      "&client_secret=x&scope=" + Scope(),
                  "192.0.2.1", "organizations");
  EXPECT_EQ(Code(app), 90002);
  EXPECT_EQ(checks_, 0);
}

TEST_F(TokenServiceTest, TheScopeMustNameAKnownResource) {
  auto send = [&](const std::string& scope) {
    return Post("grant_type=password&client_id=" + kAppId.ToString() +
                "&username=" + PercentEncode(kUserName) + "&password=" + PercentEncode(kPassword) +
                "&scope=" + PercentEncode(scope));
  };
  auto openid = send("openid profile");
  EXPECT_EQ(openid.status, 400);
  EXPECT_EQ(Body(openid)["error"], "invalid_scope");
  EXPECT_EQ(Description(openid),
            "AADSTS500011: The resource principal named 'openid profile' was not found in the "
            "tenant named " +
                kTenant.ToString() +
                ". Request a scope of the form '<resource>/.default' for one of: "
                "https://management.azure.com/.");
  auto graph = send("openid https://graph.microsoft.com/.default");
  EXPECT_EQ(Code(graph), 500011);
  EXPECT_NE(Description(graph).find("named 'https://graph.microsoft.com' was not found"),
            std::string::npos);
  EXPECT_EQ(checks_, 0);
  // The first .default scope counts, its suffix in any case, its resource with or without
  // the audience's trailing slash; the token's audience is the resource as requested.
  auto ok =
      send("openid https://management.azure.com/.DEFAULT https://graph.microsoft.com/.default");
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(Claims(ok)["aud"], "https://management.azure.com");
  EXPECT_EQ(Claims(send("https://management.azure.com//.default"))["aud"],
            "https://management.azure.com/");
  EXPECT_EQ(Code(send("/.default")), 500011);
}

TEST_F(TokenServiceTest, TokensNameTheirSubjectAndTheBaseTheClientAddressed) {
  auto user = Password(kUserName, kPassword);
  ASSERT_EQ(user.status, 200);
  EXPECT_EQ(Body(user)["token_type"], "Bearer");
  EXPECT_GT(Body(user)["expires_in"].get<int>(), 0);
  EXPECT_EQ(Body(user)["ext_expires_in"], Body(user)["expires_in"]);
  EXPECT_EQ(Header(user, "Cache-Control"), "no-store, no-cache");
  EXPECT_EQ(Header(user, "Pragma"), "no-cache");
  auto claims = Claims(user);
  EXPECT_EQ(claims["idtyp"], "user");
  EXPECT_EQ(claims["upn"], kUserName);
  EXPECT_EQ(claims["oid"], kUser.ToString());
  EXPECT_EQ(claims["tid"], kTenant.ToString());
  EXPECT_EQ(claims["iss"], std::string(kBase) + "/" + kTenant.ToString() + "/v2.0");
  EXPECT_FALSE(claims.contains("appid"));

  auto app = ClientSecret(kAppId.ToString(), kSecret);
  ASSERT_EQ(app.status, 200);
  claims = Claims(app);
  EXPECT_EQ(claims["idtyp"], "app");
  EXPECT_EQ(claims["appid"], kAppId.ToString());
  EXPECT_EQ(claims["oid"], kApp.ToString());
  EXPECT_FALSE(claims.contains("upn"));

  // The issuer keeps the configured spelling of the base the client addressed, and the
  // canonical base when the client addressed another.
  HttpRequest request;
  request.method = "POST";
  request.path = request.target = "/" + kTenant.ToString() + "/oauth2/v2.0/token";
  request.body = "grant_type=client_credentials&client_id=" + kAppId.ToString() +
                 "&client_secret=" + PercentEncode(kSecret) + "&scope=" + Scope();
  request.client_address = "192.0.2.1";
  request.base_url = "HTTPS://LOCALHOST:8443";
  EXPECT_EQ(Claims(Send(request))["iss"], std::string(kBase) + "/" + kTenant.ToString() + "/v2.0");
  request.base_url = "https://pal.example";
  EXPECT_EQ(Claims(Send(request))["iss"], std::string(kBase) + "/" + kTenant.ToString() + "/v2.0");
}

TEST_F(TokenServiceTest, UsersSignInToTheirHomeTenantThroughOrganizationsAndCommon) {
  for (const std::string authority : {"organizations", "Common"}) {
    auto r = Password(kUserName, kPassword, "192.0.2.1", authority);
    ASSERT_EQ(r.status, 200) << authority;
    EXPECT_EQ(Claims(r)["tid"], kTenant.ToString());
    EXPECT_EQ(Claims(r)["iss"], std::string(kBase) + "/" + kTenant.ToString() + "/v2.0");
  }
  EXPECT_EQ(checks_, 2);
}

TEST_F(TokenServiceTest, AGuestSignsInWithItsHomeUsersPassword) {
  const Guid other = *Guid::Parse("70c0e000-0000-4000-8000-000000000002");
  const Guid guest = *Guid::Parse("70c0e000-0000-4000-8000-0000000000b1");
  ASSERT_TRUE(store_->directory().CreateTenant({other, "Fabrikam", 0}).ok());
  ASSERT_TRUE(store_->directory()
                  .CreatePrincipal({other, guest, PrincipalKind::kGuest,
                                    "ada_contoso.example#EXT#@fabrikam.example", std::nullopt, "!",
                                    0, std::nullopt})
                  .ok());
  auto r = Password(kUserName, kPassword, "192.0.2.1", other.ToString());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Claims(r)["oid"], guest.ToString());
  EXPECT_EQ(Claims(r)["tid"], other.ToString());
  EXPECT_EQ(Claims(r)["idtyp"], "user");
  auto wrong = Password(kUserName, "guess", "192.0.2.1", other.ToString());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(Code(wrong), 50126);
  // Without a guest account in that tenant the home user's password gets nowhere.
  const Guid third = *Guid::Parse("70c0e000-0000-4000-8000-000000000003");
  ASSERT_TRUE(store_->directory().CreateTenant({third, "Northwind", 0}).ok());
  EXPECT_EQ(Code(Password(kUserName, kPassword, "192.0.2.4", third.ToString())), 50126);
  EXPECT_EQ(checks_, 3);
}

TEST_F(TokenServiceTest, AnExpiredSecretIsRefusedOnlyWhenItMatches) {
  const Guid user = *Guid::Parse("70c0e000-0000-4000-8000-0000000000c1");
  const Guid app = *Guid::Parse("70c0e000-0000-4000-8000-0000000000c2");
  const Guid app_id = *Guid::Parse("70c0e000-0000-4000-8000-0000000000c3");
  const Timestamp expired = clock_.Now();  // expires at this instant
  auto password = identity::HashSecret(kPassword);
  auto secret = identity::HashSecret(kSecret);
  ASSERT_TRUE(password.ok() && secret.ok());
  ASSERT_TRUE(store_->directory()
                  .CreatePrincipal({kTenant, user, PrincipalKind::kUser, "old@contoso.example",
                                    std::nullopt, *password, 0, expired})
                  .ok());
  ASSERT_TRUE(store_->directory()
                  .CreatePrincipal({kTenant, app, PrincipalKind::kServicePrincipal, "old app",
                                    app_id, *secret, 0, expired})
                  .ok());
  auto old_password = Password("old@contoso.example", kPassword);
  EXPECT_EQ(old_password.status, 400);
  EXPECT_EQ(Body(old_password)["error"], "invalid_grant");
  EXPECT_EQ(Description(old_password), "AADSTS50055: The password is expired.");
  EXPECT_EQ(Code(Password("old@contoso.example", "guess")), 50126);
  auto old_secret = ClientSecret(app_id.ToString(), kSecret);
  EXPECT_EQ(old_secret.status, 401);
  EXPECT_EQ(Body(old_secret)["error"], "invalid_client");
  EXPECT_EQ(Description(old_secret),
            "AADSTS7000222: The provided client secret keys for app '" + app_id.ToString() +
                "' are expired. Visit the Azure portal to create new keys for your app: "
                "https://aka.ms/NewClientSecret, or consider using certificate credentials for "
                "added security: https://aka.ms/certCreds.");
  EXPECT_EQ(Code(ClientSecret(app_id.ToString(), "guess")), 7000215);
  EXPECT_EQ(checks_, 4);
  // A matching expired secret is no failed sign-in: it does not lock the account.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Code(Password("old@contoso.example", kPassword)), 50055);
}

TEST_F(TokenServiceTest, ErrorsQuoteTheClientRequestIdAsCorrelationId) {
  HttpRequest request;
  request.method = "POST";
  request.path = "/" + kTenant.ToString() + "/oauth2/v2.0/token";
  request.query = "client-request-id=trace%2042";
  request.target = request.path + "?" + request.query;
  request.body = "grant_type=implicit";
  request.base_url = kBase;
  auto r = Send(request);
  EXPECT_EQ(Body(r)["correlation_id"], "trace 42");
  EXPECT_NE(Body(r)["trace_id"], "trace 42");
  EXPECT_NE(Body(r)["error_description"].get<std::string>().find("Correlation ID: trace 42"),
            std::string::npos);
  request.query.clear();
  r = Send(request);
  EXPECT_EQ(Body(r)["correlation_id"], Body(r)["trace_id"]);
}

TEST_F(TokenServiceTest, EachEndpointAnswersOnlyItsMethod) {
  HttpRequest request;
  request.base_url = kBase;
  request.method = "GET";
  request.path = "/" + kTenant.ToString() + "/oauth2/v2.0/token";
  auto get_token = Send(request);
  EXPECT_EQ(get_token.status, 405);
  EXPECT_EQ(Description(get_token),
            "AADSTS900561: The endpoint only accepts POST, OPTIONS requests. Received a GET "
            "request.");
  request.method = "POST";
  for (const std::string path :
       {"/v2.0/.well-known/openid-configuration", "/discovery/v2.0/keys"}) {
    request.path = "/" + kTenant.ToString() + path;
    auto r = Send(request);
    EXPECT_EQ(r.status, 405) << path;
    EXPECT_EQ(Description(r), "AADSTS900561: The endpoint only accepts GET requests.") << path;
  }
  EXPECT_EQ(checks_, 0);
}

TEST_F(TokenServiceTest, UserGrantsNeedAnApplicationIdAsClientId) {
  // The client id names the ID token's audience and the refresh token's holder.
  for (const std::string client : {"x", "https://management.azure.com/"}) {
    auto r = Post("grant_type=password&client_id=" + PercentEncode(client) +
                  "&username=" + PercentEncode(kUserName) +
                  "&password=" + PercentEncode(kPassword) + "&scope=" + Scope() + "%20openid");
    EXPECT_EQ(r.status, 400) << client;
    EXPECT_EQ(Body(r)["error"], "unauthorized_client") << client;
    EXPECT_EQ(Code(r), 700016) << client;
    EXPECT_FALSE(Body(r).contains("id_token"));
  }
  EXPECT_EQ(checks_, 0);
}

}  // namespace
}  // namespace pal::api::token_test

#include "identity/client_assertion.h"
#include "identity/client_certificate.h"

namespace pal::api::token_test {
namespace {

// The client_credentials grant with a client assertion: a certificate the application
// registered, or a federated credential's issuer.
class ClientAssertionTest : public TokenServiceTest {
 protected:
  void SetUp() override {
    TokenServiceTest::SetUp();
    auto generated = identity::GenerateSelfSignedCertificate("app", 3650);
    ASSERT_TRUE(generated.ok());
    key_.emplace(
        std::move(identity::SigningKey::FromPrivateKeyPem(generated->private_key_pem)).value());
    certificate_.emplace(
        std::move(identity::ClientCertificate::FromPem(generated->certificate_pem)).value());
    ASSERT_TRUE(store_->credentials()
                    .AddCertificate({.principal = {kTenant, kApp},
                                     .key_id = kUser,
                                     .thumbprint_sha1 = certificate_->Sha1Thumbprint(),
                                     .thumbprint_sha256 = certificate_->Sha256Thumbprint(),
                                     .subject = certificate_->Subject(),
                                     .not_before = certificate_->NotBefore(),
                                     .not_after = certificate_->NotAfter(),
                                     .certificate_pem = certificate_->Pem()})
                    .ok());
  }

  std::string Assertion(const std::string& jti, const std::string& aud = "") const {
    const std::int64_t now = clock_.Now() / kSecond;
    return identity::EncodeJws(*key_, {{"alg", "RS256"}, {"x5t", certificate_->X5t()}},
                               {{"iss", kAppId.ToString()},
                                {"sub", kAppId.ToString()},
                                {"aud", aud.empty() ? std::string(kBase) + "/" +
                                                          kTenant.ToString() + "/oauth2/v2.0/token"
                                                    : aud},
                                {"exp", now + 600},
                                {"jti", jti}})
        .value();
  }

  HttpResponse WithAssertion(const std::string& assertion) {
    return Post("grant_type=client_credentials&client_id=" + kAppId.ToString() +
                "&client_assertion_type=" + PercentEncode(identity::kJwtBearerAssertionType) +
                "&client_assertion=" + assertion + "&scope=" + Scope());
  }

  std::optional<identity::SigningKey> key_;
  std::optional<identity::ClientCertificate> certificate_;
};

TEST_F(ClientAssertionTest, ARegisteredCertificateSignsInOncePerAssertion) {
  const std::string assertion = Assertion("one");
  auto ok = WithAssertion(assertion);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Claims(ok)["appid"], kAppId.ToString());
  EXPECT_EQ(ArmVerdict(ok), "ok");
  EXPECT_EQ(checks_, 1) << "checked off the network threads, without a secret check";
  auto replayed = WithAssertion(assertion);
  EXPECT_EQ(replayed.status, 401);
  EXPECT_EQ(Body(replayed)["error"], "invalid_client");
  EXPECT_EQ(Code(replayed), 50013);
  EXPECT_TRUE(IssuedNothing(replayed));
}

TEST_F(ClientAssertionTest, RefusalsCountTowardTheApplicationsLockout) {
  for (int i = 0; i < 3; ++i) {
    auto foreign = WithAssertion(Assertion("f" + std::to_string(i), "https://elsewhere/token"));
    EXPECT_EQ(Code(foreign), 700023);
    EXPECT_TRUE(IssuedNothing(foreign));
  }
  EXPECT_EQ(Code(WithAssertion(Assertion("good"))), 50053);
  // An assertion with a secret, or of another type, is malformed.
  auto both = Post(
      "grant_type=client_credentials&client_id=" + kAppId.ToString() +
      "&client_secret=x&client_assertion_type=" + PercentEncode(identity::kJwtBearerAssertionType) +
      "&client_assertion=" + Assertion("x") + "&scope=" + Scope());
  EXPECT_EQ(Code(both), 9002313);
}

}  // namespace
}  // namespace pal::api::token_test
