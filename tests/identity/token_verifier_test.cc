#include "identity/token_verifier.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "identity/jwt.h"
#include "identity/token_issuer.h"

namespace pal::identity {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kObject = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kApp = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
constexpr char kBase[] = "https://localhost:8443";
constexpr Timestamp kNow = 1'800'000'000LL * kMicrosPerSecond;

const SigningKey& Key() {
  static SigningKey key = std::move(SigningKey::Generate()).value();
  return key;
}

class TokenVerifierTest : public ::testing::Test {
 protected:
  AccessTokenClaims AppClaims() const {
    AccessTokenClaims c;
    c.tenant_id = kTenant;
    c.object_id = kObject;
    c.app_id = kApp;
    c.idtyp = "app";
    c.audience = "https://management.azure.com/";
    c.issuer = std::string(kBase) + "/" + kTenant.ToString() + "/v2.0";
    return c;
  }

  std::string Issue(const AccessTokenClaims& c) { return issuer_.Issue(c)->access_token; }

  // A token with explicit times (seconds relative to kNow).
  std::string IssueAt(AccessTokenClaims c, long long nbf, long long exp) {
    c.issued_at = kNow + nbf * kMicrosPerSecond;
    c.not_before = c.issued_at;
    c.expires_at = kNow + exp * kMicrosPerSecond;
    return *EncodeJwt(Key(), ToJwtPayload(c));
  }

  std::string ErrorCode(const std::string& header) {
    auto r = verifier_.Verify(header);
    return r.ok() ? "ok" : r.error().code;
  }

  FixedClock clock_{kNow};
  TokenIssuer issuer_{Key(), clock_};
  JwtTokenVerifier verifier_{Key(), clock_,
                             {"https://management.azure.com/", "https://localhost:8443"},
                             {kBase, "https://127.0.0.1:8443"}};
};

TEST_F(TokenVerifierTest, AcceptsAppAndUserTokens) {
  auto app = verifier_.Verify("Bearer " + Issue(AppClaims()));
  ASSERT_TRUE(app.ok()) << app.error().message;
  EXPECT_EQ(app->tenant_id, kTenant);
  EXPECT_EQ(app->object_id, kObject);
  EXPECT_EQ(app->app_id, kApp);
  EXPECT_EQ(app->idtyp, "app");

  AccessTokenClaims user = AppClaims();
  user.app_id.reset();
  user.upn = "alice@contoso.example";
  user.idtyp = "user";
  user.audience = "https://localhost:8443/";  // the server's own base URL, trailing slash
  auto verified = verifier_.Verify("bearer " + Issue(user));
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->upn, "alice@contoso.example");
  EXPECT_FALSE(verified->app_id.has_value());
}

TEST_F(TokenVerifierTest, CachedTokensStillExpire) {
  const std::string header = "Bearer " + Issue(AppClaims());
  EXPECT_EQ(ErrorCode(header), "ok");
  EXPECT_EQ(ErrorCode(header), "ok");  // from the cache
  clock_.Advance(3599 * kMicrosPerSecond + 299 * kMicrosPerSecond);
  EXPECT_EQ(ErrorCode(header), "ok") << "within the 5-minute skew";
  clock_.Advance(2 * kMicrosPerSecond);
  EXPECT_EQ(ErrorCode(header), "ExpiredAuthenticationToken");
}

TEST_F(TokenVerifierTest, RejectsMissingOrMalformedHeaders) {
  EXPECT_EQ(ErrorCode(""), "AuthenticationFailed");
  EXPECT_EQ(ErrorCode("Basic dXNlcjpwYXNz"), "AuthenticationFailed");
  EXPECT_EQ(ErrorCode("Bearer"), "AuthenticationFailed");
  EXPECT_EQ(ErrorCode("Bearer not-a-jwt"), "InvalidAuthenticationToken");
}

TEST_F(TokenVerifierTest, RejectsForeignKeys) {
  auto other = SigningKey::Generate();
  TokenIssuer foreign(*other, clock_);
  EXPECT_EQ(ErrorCode("Bearer " + foreign.Issue(AppClaims())->access_token),
            "InvalidAuthenticationToken");
}

TEST_F(TokenVerifierTest, RejectsOtherAudiencesAndIssuers) {
  AccessTokenClaims graph = AppClaims();
  graph.audience = "https://graph.microsoft.com";
  auto refused = verifier_.Verify("Bearer " + Issue(graph));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "InvalidAuthenticationTokenAudience");
  EXPECT_NE(refused.error().message.find("wrong audience or resource 'https://graph.microsoft.com'"),
            std::string::npos);

  AccessTokenClaims stranger = AppClaims();
  stranger.issuer = "https://login.microsoftonline.com/" + kTenant.ToString() + "/v2.0";
  EXPECT_EQ(ErrorCode("Bearer " + Issue(stranger)), "InvalidAuthenticationTokenIssuer");
  AccessTokenClaims other_tenant_path = AppClaims();
  other_tenant_path.issuer = std::string(kBase) + "/fab71ca0-0000-4000-8000-000000000002/v2.0";
  EXPECT_EQ(ErrorCode("Bearer " + Issue(other_tenant_path)), "InvalidAuthenticationTokenIssuer");
  AccessTokenClaims other_host = AppClaims();
  other_host.issuer = "https://127.0.0.1:8443/" + kTenant.ToString() + "/v2.0";
  EXPECT_EQ(ErrorCode("Bearer " + Issue(other_host)), "ok");
}

TEST_F(TokenVerifierTest, ChecksExpiryAndNotBeforeWithSkew) {
  EXPECT_EQ(ErrorCode("Bearer " + IssueAt(AppClaims(), -7200, -301)), "ExpiredAuthenticationToken");
  EXPECT_EQ(ErrorCode("Bearer " + IssueAt(AppClaims(), -7200, -299)), "ok");
  EXPECT_EQ(ErrorCode("Bearer " + IssueAt(AppClaims(), 301, 3600)), "InvalidAuthenticationToken");
  EXPECT_EQ(ErrorCode("Bearer " + IssueAt(AppClaims(), 299, 3600)), "ok");
}

TEST_F(TokenVerifierTest, RequiresIdentityClaims) {
  nlohmann::json payload = ToJwtPayload(AppClaims());
  payload["exp"] = kNow / kMicrosPerSecond + 60;
  payload["nbf"] = kNow / kMicrosPerSecond;
  for (const char* claim : {"tid", "oid", "aud", "iss", "exp", "nbf"}) {
    nlohmann::json without = payload;
    without.erase(claim);
    EXPECT_EQ(ErrorCode("Bearer " + *EncodeJwt(Key(), without)), "InvalidAuthenticationToken")
        << claim;
  }
  EXPECT_EQ(ErrorCode("Bearer " + *EncodeJwt(Key(), payload)), "ok");
}

TEST(SigningKeyFileTest, CreatesWithMode0600AndRefusesOpenPermissions) {
  char pattern[] = "/tmp/pal-key-test-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  const std::string path = dir + "/signing-key.pem";
  auto created = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(created.ok()) << created.error().message;
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto loaded = SigningKey::LoadOrCreate(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->KeyId(), created->KeyId());
  ::chmod(path.c_str(), 0644);
  auto refused = SigningKey::LoadOrCreate(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("chmod 600"), std::string::npos);
  ::unlink(path.c_str());
  ::rmdir(dir.c_str());
}

}  // namespace
}  // namespace pal::identity
