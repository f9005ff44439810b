#include "identity/refresh_token.h"

#include <gtest/gtest.h>

#include <string>

#include "identity/access_token.h"
#include "identity/base64url.h"
#include "identity/jwt.h"
#include "identity/secret_hash.h"
#include "identity/test_key.h"
#include "identity/token_issuer.h"

namespace pal::identity {
namespace {

const Guid kTenant = *Guid::Parse("4e7e5400-0000-4000-8000-000000000001");
const Guid kUser = *Guid::Parse("4e7e5400-0000-4000-8000-0000000000a1");
constexpr char kClient[] = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
constexpr Timestamp kNow = 1'800'000'000LL * kMicrosPerSecond;

class RefreshTokenTest : public ::testing::Test {
 protected:
  RefreshTokenClaims Claims(const std::string& stamp = "stamp") const {
    return {
        .tenant_id = kTenant, .object_id = kUser, .client_id = kClient, .credential_stamp = stamp};
  }
  std::string Issued(const RefreshTokenClaims& claims) const {
    auto token = codec_.Issue(claims);
    EXPECT_TRUE(token.ok());
    return token.ok() ? *token : std::string();
  }
  std::string ReadCode(std::string_view token) const {
    auto read = codec_.Read(token);
    return read.ok() ? "ok" : read.error().code;
  }

  FixedClock clock_{kNow + 123'456};
  RefreshTokenCodec codec_{TestKey(), clock_};
};

TEST_F(RefreshTokenTest, ReadsBackWhatItIssuedWithItsTimes) {
  const std::string token = Issued(Claims());
  auto read = codec_.Read(token);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->tenant_id, kTenant);
  EXPECT_EQ(read->object_id, kUser);
  EXPECT_EQ(read->client_id, kClient);
  EXPECT_EQ(read->credential_stamp, "stamp");
  EXPECT_EQ(read->issued_at, kNow) << "whole seconds";
  EXPECT_EQ(read->auth_time, kNow) << "a first sign-in is now";
  EXPECT_EQ(read->expires_at, kNow + RefreshTokenCodec::kLifetime);
  EXPECT_EQ(RefreshTokenCodec::kLifetime, 90LL * 86400 * kMicrosPerSecond);
  auto decoded = DecodeJwt(token);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->header["typ"], "pal-rt+jwt");
  EXPECT_EQ(decoded->header["alg"], "RS256");
  EXPECT_FALSE(decoded->payload.contains("aud")) << "no audience: it is no access token";
  EXPECT_FALSE(decoded->payload.contains("iss"));

  // A refreshed token keeps the time the credential was given.
  RefreshTokenClaims later = Claims();
  later.auth_time = kNow - 3600 * kMicrosPerSecond;
  EXPECT_EQ(codec_.Read(Issued(later))->auth_time, later.auth_time);
  // Each issue is a new token, even within one second.
  EXPECT_NE(Issued(Claims()), Issued(Claims()));
}

TEST_F(RefreshTokenTest, TheStampFollowsTheCredentialAndTheKey) {
  auto hash = HashSecret("correct horse");
  auto reset = HashSecret("correct horse");  // the same password, set again: a new salt
  ASSERT_TRUE(hash.ok() && reset.ok());
  const std::string stamp = codec_.CredentialStamp(*hash);
  EXPECT_EQ(stamp.size(), 43u);
  EXPECT_EQ(codec_.CredentialStamp(*hash), stamp);
  EXPECT_NE(codec_.CredentialStamp(*reset), stamp);
  EXPECT_EQ(stamp.find(*hash), std::string::npos);
  auto other_key = SigningKey::Generate();
  ASSERT_TRUE(other_key.ok());
  EXPECT_NE(RefreshTokenCodec(*other_key, clock_).CredentialStamp(*hash), stamp);
}

TEST_F(RefreshTokenTest, RefusesWhatItDidNotIssue) {
  EXPECT_EQ(ReadCode(""), "MalformedRefreshToken");
  EXPECT_EQ(ReadCode("not a token"), "MalformedRefreshToken");
  EXPECT_EQ(ReadCode("a.b.c"), "MalformedRefreshToken");

  // Another server's key.
  auto other_key = SigningKey::Generate();
  ASSERT_TRUE(other_key.ok());
  EXPECT_EQ(ReadCode(*RefreshTokenCodec(*other_key, clock_).Issue(Claims())),
            "MalformedRefreshToken");

  // An access token of this server.
  AccessTokenClaims access;
  access.tenant_id = kTenant;
  access.object_id = kUser;
  access.idtyp = "user";
  access.audience = "https://management.azure.com/";
  access.issuer = "https://localhost:8443/" + kTenant.ToString() + "/v2.0";
  EXPECT_EQ(ReadCode(TokenIssuer(TestKey(), clock_).Issue(access)->access_token),
            "MalformedRefreshToken");

  // A tampered payload (the signature no longer matches).
  const std::string token = Issued(Claims());
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  auto payload = DecodeJwt(token)->payload;
  payload["oid"] = "4e7e5400-0000-4000-8000-0000000000ff";
  const std::string tampered =
      token.substr(0, first + 1) + Base64UrlEncode(payload.dump()) + token.substr(second);
  EXPECT_EQ(ReadCode(tampered), "MalformedRefreshToken");

  // Signed by this key and typed so, but not of this shape.
  for (const char* missing : {"ver", "tid", "oid", "azp", "cst", "auth_time", "iat", "exp"}) {
    auto claims = DecodeJwt(token)->payload;
    claims.erase(missing);
    EXPECT_EQ(ReadCode(*EncodeJwt(TestKey(), claims, RefreshTokenCodec::kType)),
              "MalformedRefreshToken")
        << missing;
  }
  auto other_version = DecodeJwt(token)->payload;
  other_version["ver"] = "pal-rt/2";
  EXPECT_EQ(ReadCode(*EncodeJwt(TestKey(), other_version, RefreshTokenCodec::kType)),
            "MalformedRefreshToken");
  EXPECT_EQ(ReadCode(*EncodeJwt(TestKey(), DecodeJwt(token)->payload)), "MalformedRefreshToken")
      << "typ JWT";
  EXPECT_EQ(ReadCode(Issued(Claims(""))), "MalformedRefreshToken") << "no stamp";
  EXPECT_EQ(ReadCode(token), "ok");
}

TEST_F(RefreshTokenTest, ReadingLeavesExpiryToTheCaller) {
  const std::string token = Issued(Claims());
  clock_.Advance(RefreshTokenCodec::kLifetime + kMicrosPerSecond);
  auto read = codec_.Read(token);
  ASSERT_TRUE(read.ok());
  EXPECT_LT(read->expires_at, clock_.Now());
}

}  // namespace
}  // namespace pal::identity
