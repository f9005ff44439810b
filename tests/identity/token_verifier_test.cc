#include "identity/token_verifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/time_format.h"
#include "identity/base64url.h"
#include "identity/jwt.h"
#include "identity/test_key.h"
#include "identity/token_issuer.h"

namespace pal::identity {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kObject = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kApp = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
constexpr char kBase[] = "https://localhost:8443";
constexpr Timestamp kNow = 1'800'000'000LL * kMicrosPerSecond;
constexpr Timestamp kSecond = kMicrosPerSecond;

class TokenVerifierTest : public ::testing::Test {
 protected:
  static AccessTokenClaims AppClaims() {
    AccessTokenClaims c;
    c.tenant_id = kTenant;
    c.object_id = kObject;
    c.app_id = kApp;
    c.name = "build-agent";
    c.idtyp = "app";
    c.audience = "https://management.azure.com/";
    c.issuer = std::string(kBase) + "/" + kTenant.ToString() + "/v2.0";
    return c;
  }
  static AccessTokenClaims UserClaims() {
    AccessTokenClaims c = AppClaims();
    c.app_id.reset();
    c.upn = "alice@contoso.example";
    c.idtyp = "user";
    return c;
  }

  std::string Bearer(const AccessTokenClaims& c) {
    return "Bearer " + issuer_.Issue(c)->access_token;
  }

  // A token with explicit times, in seconds relative to kNow.
  static std::string BearerAt(AccessTokenClaims c, long long nbf, long long exp) {
    c.issued_at = kNow + nbf * kSecond;
    c.not_before = c.issued_at;
    c.expires_at = kNow + exp * kSecond;
    return "Bearer " + *EncodeJwt(TestKey(), ToJwtPayload(c));
  }

  Error Refusal(const std::string& header) {
    auto r = verifier_.Verify(header);
    EXPECT_FALSE(r.ok()) << header;
    if (r.ok()) return Error::Internal("accepted");
    EXPECT_EQ(r.error().kind, ErrorKind::kUnauthenticated);
    return r.error();
  }

  std::string Code(const std::string& header) {
    auto r = verifier_.Verify(header);
    return r.ok() ? "ok" : r.error().code;
  }

  FixedClock clock_{kNow};
  TokenIssuer issuer_{TestKey(), clock_};
  JwtTokenVerifier verifier_{TestKey(),
                             clock_,
                             {"https://management.azure.com/", "https://localhost:8443"},
                             {kBase, "https://127.0.0.1:8443/"}};
};

TEST_F(TokenVerifierTest, AcceptsAppTokens) {
  auto app = verifier_.Verify(Bearer(AppClaims()));
  ASSERT_TRUE(app.ok()) << app.error().message;
  EXPECT_EQ(app->tenant_id, kTenant);
  EXPECT_EQ(app->object_id, kObject);
  EXPECT_EQ(app->app_id, kApp);
  EXPECT_FALSE(app->upn.has_value());
  EXPECT_EQ(app->name, "build-agent");
  EXPECT_EQ(app->idtyp, "app");
  EXPECT_EQ(app->expires_at, kNow + 3599 * kSecond);
}

TEST_F(TokenVerifierTest, AcceptsUserTokensWithAnyBearerSpelling) {
  const std::string token = issuer_.Issue(UserClaims())->access_token;
  for (const std::string& header :
       {"Bearer " + token, "bearer " + token, "BEARER  " + token, "Bearer\t" + token + " "}) {
    auto user = verifier_.Verify(header);
    ASSERT_TRUE(user.ok()) << header << ": " << user.error().message;
    EXPECT_EQ(user->upn, "alice@contoso.example");
    EXPECT_FALSE(user->app_id.has_value());
    EXPECT_EQ(user->idtyp, "user");
  }
}

TEST_F(TokenVerifierTest, RefusesMissingOrMalformedHeaders) {
  EXPECT_EQ(Refusal("").message, "Authentication failed. The 'Authorization' header is missing.");
  for (const char* header : {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer  ", "Bearerx.y.z",
                             "x.y.z", "Token abc"}) {
    const Error error = Refusal(header);
    EXPECT_EQ(error.code, "AuthenticationFailed") << header;
    EXPECT_EQ(error.message,
              "Authentication failed. The 'Authorization' header is not in the expected "
              "'Bearer <token>' format.")
        << header;
  }
}

TEST_F(TokenVerifierTest, RefusesGarbageAndForgedTokens) {
  EXPECT_EQ(Code("Bearer not-a-jwt"), "InvalidAuthenticationToken");
  EXPECT_EQ(Code("Bearer a.b.c"), "InvalidAuthenticationToken");
  EXPECT_EQ(Code("Bearer " + std::string(100'000, 'a')), "InvalidAuthenticationToken");

  auto other = SigningKey::Generate();
  ASSERT_TRUE(other.ok());
  TokenIssuer foreign(*other, clock_);
  EXPECT_EQ(Refusal("Bearer " + foreign.Issue(AppClaims())->access_token).message,
            "The access token signature is invalid.");

  AccessTokenClaims c = AppClaims();
  c.issued_at = c.not_before = kNow;
  c.expires_at = kNow + 3600 * kSecond;
  const std::string payload = Base64UrlEncode(ToJwtPayload(c).dump());
  const std::string none = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".";
  EXPECT_EQ(Refusal("Bearer " + none).message, "The access token signature is invalid.");
  EXPECT_EQ(verifier_.CacheSize(), 0u) << "failures are not cached";
}

TEST_F(TokenVerifierTest, ChecksTheAudience) {
  AccessTokenClaims graph = AppClaims();
  graph.audience = "https://graph.microsoft.com";
  const Error error = Refusal(Bearer(graph));
  EXPECT_EQ(error.code, "InvalidAuthenticationTokenAudience");
  EXPECT_EQ(error.message,
            "The access token has been obtained for wrong audience or resource "
            "'https://graph.microsoft.com'. It should exactly match with one of the allowed "
            "audiences 'https://management.azure.com/','https://localhost:8443'.");

  AccessTokenClaims slashless = AppClaims();
  slashless.audience = "https://management.azure.com";
  EXPECT_EQ(Code(Bearer(slashless)), "ok");
  AccessTokenClaims own = AppClaims();
  own.audience = "https://localhost:8443/";
  EXPECT_EQ(Code(Bearer(own)), "ok");
  AccessTokenClaims two_slashes = AppClaims();
  two_slashes.audience = "https://management.azure.com//";
  EXPECT_EQ(Code(Bearer(two_slashes)), "InvalidAuthenticationTokenAudience");
  AccessTokenClaims other_case = AppClaims();
  other_case.audience = "https://MANAGEMENT.azure.com/";
  EXPECT_EQ(Code(Bearer(other_case)), "InvalidAuthenticationTokenAudience");
}

TEST_F(TokenVerifierTest, ChecksTheIssuer) {
  AccessTokenClaims stranger = AppClaims();
  stranger.issuer = "https://login.microsoftonline.com/" + kTenant.ToString() + "/v2.0";
  const Error error = Refusal(Bearer(stranger));
  EXPECT_EQ(error.code, "InvalidAuthenticationTokenIssuer");
  EXPECT_EQ(error.message,
            "The access token issuer '" + stranger.issuer + "' is not trusted by this server.");

  const std::string other_tenant = "fab71ca0-0000-4000-8000-000000000002";
  const std::string tid = kTenant.ToString();
  for (const std::string& issuer :
       {std::string(kBase) + "/" + other_tenant + "/v2.0", std::string(kBase) + "/" + tid,
        std::string(kBase) + "/" + tid + "/v2.0/", std::string(kBase) + "/" + tid + "/V2.0",
        std::string(kBase) + "//" + tid + "/v2.0", "https://localhost:9443/" + tid + "/v2.0",
        "http://localhost:8443/" + tid + "/v2.0", std::string(kBase) + "/" + tid + "/v1.0"}) {
    AccessTokenClaims c = AppClaims();
    c.issuer = issuer;
    EXPECT_EQ(Code(Bearer(c)), "InvalidAuthenticationTokenIssuer") << issuer;
  }
  for (const std::string& issuer :
       {"https://127.0.0.1:8443/" + tid + "/v2.0", "HTTPS://LocalHost:8443/" + tid + "/v2.0"}) {
    AccessTokenClaims c = AppClaims();
    c.issuer = issuer;
    EXPECT_EQ(Code(Bearer(c)), "ok") << issuer;
  }
}

TEST_F(TokenVerifierTest, TrustsTheAdfsAuthorityIssuerOfEachBaseAndNothingNearIt) {
  // Tokens from the ADFS-style authority carry "{base}/adfs", whatever their tenant.
  for (const std::string& issuer :
       std::vector<std::string>{std::string(kBase) + "/adfs", "https://127.0.0.1:8443/adfs",
                                "HTTPS://LOCALHOST:8443/adfs"}) {
    AccessTokenClaims c = AppClaims();
    c.issuer = issuer;
    EXPECT_EQ(Code(Bearer(c)), "ok") << issuer;
  }
  for (const std::string& issuer : std::vector<std::string>{
           std::string(kBase) + "/ADFS", std::string(kBase) + "/adfs/",
           std::string(kBase) + "//adfs", std::string(kBase) + "/adfs/services/trust",
           std::string(kBase) + "/adfs/v2.0", std::string(kBase) + "/adfsx",
           "https://localhost:9443/adfs", "http://localhost:8443/adfs",
           "https://adfs.contoso.example/adfs", std::string(kBase)}) {
    AccessTokenClaims c = AppClaims();
    c.issuer = issuer;
    EXPECT_EQ(Code(Bearer(c)), "InvalidAuthenticationTokenIssuer") << issuer;
  }
}

TEST_F(TokenVerifierTest, RefusesSignedJwtsThatAreNotAccessTokens) {
  // Signed by the server's key with an access token's claims, but typed as something else (a
  // refresh token is "pal-rt+jwt") or not typed at all.
  AccessTokenClaims c = AppClaims();
  c.issued_at = c.not_before = kNow;
  c.expires_at = kNow + 3600 * kSecond;
  for (const std::string_view typ : {"pal-rt+jwt", "at+jwt", ""}) {
    const Error error = Refusal("Bearer " + *EncodeJwt(TestKey(), ToJwtPayload(c), typ));
    EXPECT_EQ(error.code, "InvalidAuthenticationToken") << typ;
    EXPECT_EQ(error.message,
              "The access token is invalid. Its header's typ is not 'JWT': it is not an access "
              "token.")
        << typ;
  }
  EXPECT_EQ(Code("Bearer " + *EncodeJwt(TestKey(), ToJwtPayload(c), "jwt")), "ok");
  EXPECT_EQ(verifier_.CacheSize(), 1u);
}

TEST_F(TokenVerifierTest, ChecksExpiryWithFiveMinutesOfSkew) {
  EXPECT_EQ(Code(BearerAt(AppClaims(), -7200, -299)), "ok");
  const Error error = Refusal(BearerAt(AppClaims(), -7200, -301));
  EXPECT_EQ(error.code, "ExpiredAuthenticationToken");
  EXPECT_EQ(error.message, "The access token expiry UTC time '" +
                               FormatIso8601(kNow - 301 * kSecond) +
                               "' is earlier than current UTC time '" + FormatIso8601(kNow) + "'.");
}

TEST_F(TokenVerifierTest, ChecksNotBeforeWithFiveMinutesOfSkew) {
  EXPECT_EQ(Code(BearerAt(AppClaims(), 299, 3600)), "ok");
  const Error error = Refusal(BearerAt(AppClaims(), 301, 3600));
  EXPECT_EQ(error.code, "InvalidAuthenticationToken");
  EXPECT_EQ(error.message, "The access token is not yet valid (nbf '" +
                               FormatIso8601(kNow + 301 * kSecond) +
                               "' is later than current UTC time '" + FormatIso8601(kNow) + "').");
}

TEST_F(TokenVerifierTest, CachedTokensStillExpire) {
  const std::string header = Bearer(AppClaims());
  EXPECT_EQ(Code(header), "ok");
  EXPECT_EQ(verifier_.CacheSize(), 1u);
  EXPECT_EQ(Code(header), "ok");  // from the cache
  EXPECT_EQ(Code("bearer  " + header.substr(7)), "ok");
  EXPECT_EQ(verifier_.CacheSize(), 1u) << "keyed by the token, not the header";
  clock_.Advance((3599 + 299) * kSecond);
  EXPECT_EQ(Code(header), "ok") << "within the 5-minute skew";
  clock_.Advance(2 * kSecond);
  EXPECT_EQ(Code(header), "ExpiredAuthenticationToken");
  EXPECT_EQ(verifier_.CacheSize(), 0u) << "the expired entry is evicted";
  EXPECT_EQ(Code(header), "ExpiredAuthenticationToken");
}

TEST_F(TokenVerifierTest, CacheDoesNotConfuseTokens) {
  const std::string app = Bearer(AppClaims());
  const std::string user = Bearer(UserClaims());
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(verifier_.Verify(app)->idtyp, "app");
    EXPECT_EQ(verifier_.Verify(user)->idtyp, "user");
  }
  EXPECT_EQ(verifier_.CacheSize(), 2u);
  // A cached token with one signature bit flipped is a different token, and a forgery.
  std::string flipped = app;
  flipped[flipped.size() - 10] = flipped[flipped.size() - 10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Code(flipped), "InvalidAuthenticationToken");
}

TEST_F(TokenVerifierTest, ConcurrentVerification) {
  std::vector<std::string> headers;
  for (int i = 0; i < 8; ++i) headers.push_back(Bearer(i % 2 ? AppClaims() : UserClaims()));
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        for (const auto& header : headers) {
          if (!verifier_.Verify(header).ok()) ++failures;
        }
        if (verifier_.Verify("Bearer x.y.z").ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(verifier_.CacheSize(), headers.size());
}

}  // namespace
}  // namespace pal::identity
