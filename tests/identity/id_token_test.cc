#include "identity/id_token.h"

#include <gtest/gtest.h>

#include "identity/base64url.h"
#include "identity/jwt.h"
#include "identity/test_key.h"
#include "identity/token_issuer.h"

namespace pal::identity {
namespace {

const Guid kTenant = *Guid::Parse("1d70ce00-0000-4000-8000-000000000001");
const Guid kUser = *Guid::Parse("1d70ce00-0000-4000-8000-0000000000a1");
constexpr Timestamp kNow = 1'800'000'000LL * kMicrosPerSecond;

IdTokenClaims Claims() {
  IdTokenClaims c;
  c.issuer = "https://localhost:8443/adfs";
  c.audience = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
  c.tenant_id = kTenant;
  c.object_id = kUser;
  c.name = "ada@contoso.example";
  c.preferred_username = "ada@contoso.example";
  return c;
}

TEST(IdTokenTest, CarriesWhoSignedInForTheClient) {
  FixedClock clock(kNow + 999);
  auto token = TokenIssuer(TestKey(), clock, 600 * kMicrosPerSecond).IssueIdToken(Claims());
  ASSERT_TRUE(token.ok());
  auto jwt = VerifyJwtSignature(TestKey(), *token);
  ASSERT_TRUE(jwt.ok());
  EXPECT_EQ(jwt->header["typ"], "JWT");
  const nlohmann::json expected = {
      {"aud", "04b07795-8ddb-461a-bbee-02f9e1bf7b46"},
      {"iss", "https://localhost:8443/adfs"},
      {"iat", kNow / kMicrosPerSecond},
      {"nbf", kNow / kMicrosPerSecond},
      {"exp", kNow / kMicrosPerSecond + 600},
      {"tid", kTenant.ToString()},
      {"oid", kUser.ToString()},
      {"sub", kUser.ToString()},
      {"name", "ada@contoso.example"},
      {"preferred_username", "ada@contoso.example"},
      {"ver", "2.0"},
  };
  EXPECT_EQ(jwt->payload, expected);
}

TEST(IdTokenTest, NonceAndUpnOnlyWhenAskedFor) {
  IdTokenClaims c = Claims();
  c.nonce = "n-0S6_WzA2Mj";
  c.with_upn = true;
  const auto payload = ToIdTokenPayload(c);
  EXPECT_EQ(payload["nonce"], "n-0S6_WzA2Mj");
  EXPECT_EQ(payload["upn"], "ada@contoso.example");
  EXPECT_FALSE(ToIdTokenPayload(Claims()).contains("nonce"));
  EXPECT_FALSE(ToIdTokenPayload(Claims()).contains("upn"));
  for (const char* access_only : {"idtyp", "scp", "appid", "azp"}) {
    EXPECT_FALSE(payload.contains(access_only)) << access_only;
  }
}

TEST(IdTokenTest, ClientInfoIsTheHomeAccountAsBase64UrlJson) {
  const std::string info = ClientInfo(kUser, kTenant);
  EXPECT_EQ(info.find('='), std::string::npos);
  auto decoded = Base64UrlDecode(info);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(nlohmann::json::parse(*decoded),
            nlohmann::json({{"uid", kUser.ToString()}, {"utid", kTenant.ToString()}}));
}

}  // namespace
}  // namespace pal::identity
