#include "identity/token_issuer.h"

#include <gtest/gtest.h>

#include "identity/jwt.h"
#include "identity/test_key.h"
#include "identity/token_verifier.h"

namespace pal::identity {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kObject = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
constexpr Timestamp kNow = 1'800'000'000LL * kMicrosPerSecond + 654'321;

AccessTokenClaims UserClaims() {
  AccessTokenClaims c;
  c.tenant_id = kTenant;
  c.object_id = kObject;
  c.upn = "alice@contoso.example";
  c.idtyp = "user";
  c.audience = "https://management.azure.com";
  c.issuer = "https://localhost:8443/" + kTenant.ToString() + "/v2.0";
  c.expires_at = 1;  // overwritten by Issue
  return c;
}

TEST(TokenIssuerTest, FillsTimesAndSigns) {
  FixedClock clock(kNow);
  TokenIssuer issuer(TestKey(), clock);
  auto issued = issuer.Issue(UserClaims());
  ASSERT_TRUE(issued.ok()) << issued.error().message;
  EXPECT_EQ(issued->expires_in_seconds, 3599);
  EXPECT_EQ(issued->expires_at, 1'800'003'599LL * kMicrosPerSecond);

  auto decoded = VerifyJwtSignature(TestKey(), issued->access_token);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->payload["iat"], 1'800'000'000);
  EXPECT_EQ(decoded->payload["nbf"], 1'800'000'000);
  EXPECT_EQ(decoded->payload["exp"], 1'800'003'599);
  EXPECT_EQ(decoded->payload["upn"], "alice@contoso.example");
}

TEST(TokenIssuerTest, IssuedTokensPassTheVerifierUntilTheyExpire) {
  FixedClock clock(kNow);
  TokenIssuer issuer(TestKey(), clock, 600 * kMicrosPerSecond);
  JwtTokenVerifier verifier(TestKey(), clock, {"https://management.azure.com/"},
                            {"https://localhost:8443"});
  auto issued = issuer.Issue(UserClaims());
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->expires_in_seconds, 600);
  auto caller = verifier.Verify("Bearer " + issued->access_token);
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->tenant_id, kTenant);
  EXPECT_EQ(caller->object_id, kObject);
  EXPECT_EQ(caller->upn, "alice@contoso.example");
  EXPECT_EQ(caller->expires_at, issued->expires_at);

  clock.Advance((600 + 300 + 1) * kMicrosPerSecond);
  auto expired = verifier.Verify("Bearer " + issued->access_token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "ExpiredAuthenticationToken");
}

}  // namespace
}  // namespace pal::identity
