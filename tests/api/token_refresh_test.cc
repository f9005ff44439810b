// The token service's refresh_token grant: rotation, revocation by a secret reset, and each
// refusal with Entra's code and nothing issued.
#include <gtest/gtest.h>

#include "api/token_service_fixture.h"
#include "identity/refresh_token.h"

namespace pal::api::token_test {
namespace {

constexpr char kAdfsToken[] = "/adfs/oauth2/token";

class TokenRefreshTest : public TokenServiceTest {
 protected:
  // A refresh token of the user, from a password sign-in at `path`.
  std::string SignIn(const std::string& path = kAdfsToken,
                     const std::string& password = kPassword) {
    auto r = MsalPassword(path, kUserName, password);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Body(r)["refresh_token"].get<std::string>() : std::string();
  }
  // Sets the user's password (a new argon2id hash, as `pal admin principal reset-secret`).
  void ResetPassword(const Guid& tenant, const Guid& user, const std::string& password) {
    auto hash = identity::HashSecret(password);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(
        store_->directory().SetPrincipalSecretHash({tenant, user}, *hash, std::nullopt).ok());
  }
  // The refusal of `r`: its status, error and code, and that it carries no token.
  static void ExpectRefused(const HttpResponse& r, int code,
                            const std::string& error = "invalid_grant") {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(Body(r)["error"], error) << r.body;
    EXPECT_EQ(Code(r), code) << r.body;
    EXPECT_TRUE(IssuedNothing(r)) << r.body;
    EXPECT_EQ(Header(r, "Cache-Control"), "no-store, no-cache");
  }
};

TEST_F(TokenRefreshTest, EachUseAnswersNewTokensAndANewRefreshToken) {
  const std::string first = SignIn();
  const auto first_claims = identity::DecodeJwt(first)->payload;
  clock_.Advance(3600 * kSecond);
  auto r = MsalRefresh(kAdfsToken, first);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(ArmVerdict(r), "ok");
  EXPECT_EQ(Claims(r)["tid"], kTenant.ToString());
  EXPECT_EQ(Claims(r)["oid"], kUser.ToString());
  EXPECT_EQ(Claims(r)["iss"], std::string(kBase) + "/adfs");
  EXPECT_EQ(JwtPayload(r, "id_token")["aud"], kCliClient);
  EXPECT_TRUE(Body(r).contains("client_info"));
  const std::string second = Body(r)["refresh_token"];
  EXPECT_NE(second, first);
  const auto second_claims = identity::DecodeJwt(second)->payload;
  EXPECT_EQ(second_claims["auth_time"], first_claims["auth_time"]) << "the sign-in's time";
  EXPECT_EQ(second_claims["iat"].get<long long>(), first_claims["iat"].get<long long>() + 3600);
  EXPECT_EQ(MsalRefresh(kAdfsToken, second).status, 200);
  // As Entra's, a used refresh token stays valid until it lapses or is revoked.
  EXPECT_EQ(MsalRefresh(kAdfsToken, first).status, 200);
  EXPECT_EQ(checks_, 1 + 3) << "one secret check, three runs off the network threads";
}

TEST_F(TokenRefreshTest, TheTenantIsThePathsOrTheAccountsOwn) {
  const std::string token = SignIn("/organizations/oauth2/v2.0/token");
  for (const std::string& path : {std::string(kAdfsToken), std::string("/common/oauth2/v2.0/token"),
                                  "/" + kTenant.ToString() + "/oauth2/v2.0/token"}) {
    auto r = MsalRefresh(path, token);
    ASSERT_EQ(r.status, 200) << path << r.body;
    EXPECT_EQ(Claims(r)["tid"], kTenant.ToString()) << path;
    EXPECT_EQ(ArmVerdict(r), "ok") << path;
  }
  // Another tenant: the user's guest account there, or nothing.
  const Guid other = *Guid::Parse("70c0e000-0000-4000-8000-000000000002");
  const Guid third = *Guid::Parse("70c0e000-0000-4000-8000-000000000003");
  const Guid guest = *Guid::Parse("70c0e000-0000-4000-8000-0000000000b1");
  ASSERT_TRUE(store_->directory().CreateTenant({other, "Fabrikam", 0}).ok());
  ASSERT_TRUE(store_->directory().CreateTenant({third, "Northwind", 0}).ok());
  ASSERT_TRUE(store_->directory()
                  .CreatePrincipal({other, guest, PrincipalKind::kGuest,
                                    "ada_contoso.example#EXT#@fabrikam.example", std::nullopt, "!",
                                    0, std::nullopt})
                  .ok());
  auto as_guest = MsalRefresh("/" + other.ToString() + "/oauth2/v2.0/token", token);
  ASSERT_EQ(as_guest.status, 200) << as_guest.body;
  EXPECT_EQ(Claims(as_guest)["tid"], other.ToString());
  EXPECT_EQ(Claims(as_guest)["oid"], guest.ToString());
  EXPECT_EQ(ArmVerdict(as_guest), "ok");
  ExpectRefused(MsalRefresh("/" + third.ToString() + "/oauth2/v2.0/token", token), 50020);
  ExpectRefused(MsalRefresh("/70c0e000-0000-4000-8000-0000000000ee/oauth2/v2.0/token", token),
                90002, "invalid_request");
}

TEST_F(TokenRefreshTest, APasswordResetRevokesEveryRefreshTokenIssuedBefore) {
  const std::string adfs = SignIn();
  const std::string entra = SignIn("/" + kTenant.ToString() + "/oauth2/v2.0/token");
  ResetPassword(kTenant, kUser, "new horse");
  for (const std::string& token : {adfs, entra}) {
    auto r = MsalRefresh(kAdfsToken, token);
    ExpectRefused(r, 50173);
    EXPECT_NE(Description(r).find("The user might have changed or reset their password."),
              std::string::npos);
  }
  // Even a reset to the same password: it is a new credential.
  const std::string fresh = SignIn(kAdfsToken, "new horse");
  EXPECT_EQ(MsalRefresh(kAdfsToken, fresh).status, 200);
  ResetPassword(kTenant, kUser, "new horse");
  ExpectRefused(MsalRefresh(kAdfsToken, fresh), 50173);
}

TEST_F(TokenRefreshTest, AHomeUsersResetRevokesItsGuestSessions) {
  const Guid other = *Guid::Parse("70c0e000-0000-4000-8000-000000000002");
  ASSERT_TRUE(store_->directory().CreateTenant({other, "Fabrikam", 0}).ok());
  ASSERT_TRUE(
      store_->directory()
          .CreatePrincipal({other, *Guid::Parse("70c0e000-0000-4000-8000-0000000000b1"),
                            PrincipalKind::kGuest, "ada_contoso.example#EXT#@fabrikam.example",
                            std::nullopt, "!", 0, std::nullopt})
          .ok());
  const std::string path = "/" + other.ToString() + "/oauth2/v2.0/token";
  const std::string token = SignIn(path);
  EXPECT_EQ(MsalRefresh(path, token).status, 200);
  ResetPassword(kTenant, kUser, "new horse");
  ExpectRefused(MsalRefresh(path, token), 50173);
}

TEST_F(TokenRefreshTest, AnAccountThatNoLongerExistsIsRefused) {
  const std::string token = SignIn();
  // The same server key over a directory where the user is gone.
  store::TestStore emptied;
  ASSERT_TRUE(emptied.Open(clock_));
  ASSERT_TRUE(emptied->directory().CreateTenant({kTenant, "Contoso", 0}).ok());
  TokenService tokens(*emptied, Key(), issuer_, clock_,
                      {.base_urls = {kBase}, .audiences = {"https://management.azure.com/"}},
                      [](std::function<void()> work) { work(); });
  HttpRequest request;
  request.method = "POST";
  request.path = request.target = kAdfsToken;
  request.base_url = kBase;
  request.body = "grant_type=refresh_token&client_id=" + std::string(kCliClient) +
                 "&refresh_token=" + token + "&scope=" + PercentEncode(kMsalScope);
  std::optional<HttpResponse> answer;
  ASSERT_TRUE(tokens.TryHandle(request, [&answer](HttpResponse r) { answer = std::move(r); }));
  ASSERT_TRUE(answer);
  ExpectRefused(*answer, 50034);
}

TEST_F(TokenRefreshTest, ARefreshTokenLapsesAfterNinetyDaysUnused) {
  const std::string token = SignIn();
  clock_.Advance(identity::RefreshTokenCodec::kLifetime - kSecond);
  auto r = MsalRefresh(kAdfsToken, token);
  ASSERT_EQ(r.status, 200);
  const std::string renewed = Body(r)["refresh_token"];
  clock_.Advance(2 * kSecond);
  auto lapsed = MsalRefresh(kAdfsToken, token);
  ExpectRefused(lapsed, 700082);
  EXPECT_NE(Description(lapsed).find("expired due to inactivity"), std::string::npos);
  EXPECT_EQ(MsalRefresh(kAdfsToken, renewed).status, 200) << "each use starts a new 90 days";
}

TEST_F(TokenRefreshTest, OnlyTheClientItWasIssuedToRedeemsIt) {
  const std::string token = SignIn();
  ExpectRefused(MsalRefresh(kAdfsToken, token, kAppId.ToString()), 70000);
  // The same application id in capitals is the same client.
  EXPECT_EQ(MsalRefresh(kAdfsToken, token, "04B07795-8DDB-461A-BBEE-02F9E1BF7B46").status, 200);
}

TEST_F(TokenRefreshTest, AnythingButThisServersRefreshTokenIsMalformed) {
  const std::string token = SignIn();
  auto access = Body(MsalPassword(kAdfsToken, kUserName, kPassword))["access_token"];
  auto other_key = identity::SigningKey::Generate();
  ASSERT_TRUE(other_key.ok());
  const std::string foreign = *identity::RefreshTokenCodec(*other_key, clock_)
                                   .Issue({.tenant_id = kTenant,
                                           .object_id = kUser,
                                           .client_id = kCliClient,
                                           .credential_stamp = "x"});
  for (const std::string& bad : {std::string("garbage"), token.substr(0, token.size() - 2),
                                 access.get<std::string>(), foreign}) {
    auto r = MsalRefresh(kAdfsToken, bad);
    ExpectRefused(r, 9002313);
    EXPECT_NE(Description(r).find("malformed or was not issued by this server"), std::string::npos);
  }
  auto missing = Call("POST", kAdfsToken,
                      "grant_type=refresh_token&client_id=" + std::string(kCliClient) +
                          "&scope=" + PercentEncode(kMsalScope));
  ExpectRefused(missing, 900144, "invalid_request");
  EXPECT_EQ(Description(missing),
            "AADSTS900144: The request body must contain the following parameter: "
            "'refresh_token'.");
  ExpectRefused(Call("POST", kAdfsToken,
                     "grant_type=refresh_token&client_id=" + std::string(kCliClient) +
                         "&refresh_token=" + token + "&refresh_token=" + token +
                         "&scope=" + PercentEncode(kMsalScope)),
                9002313, "invalid_request");
  ExpectRefused(MsalRefresh(kAdfsToken, token, "not-a-guid"), 700016, "unauthorized_client");
}

TEST_F(TokenRefreshTest, AnExpiredPasswordStopsRefreshing) {
  const std::string token = SignIn();
  auto user = store_->directory().FindPrincipal({kTenant, kUser});
  ASSERT_TRUE(user.ok() && *user);
  // The same credential, now with an expiry that has passed.
  ASSERT_TRUE(store_->directory()
                  .SetPrincipalSecretHash({kTenant, kUser}, (*user)->secret_hash, clock_.Now())
                  .ok());
  ExpectRefused(MsalRefresh(kAdfsToken, token), 50055);
}

}  // namespace
}  // namespace pal::api::token_test
