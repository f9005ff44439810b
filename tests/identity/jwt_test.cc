#include "identity/jwt.h"

#include <gtest/gtest.h>

#include "identity/base64url.h"
#include "identity/random.h"
#include "identity/secret_hash.h"
#include "identity/signing_key.h"

namespace pal::identity {
namespace {

const SigningKey& Key() {
  static SigningKey key = std::move(SigningKey::Generate()).value();
  return key;
}

TEST(Base64UrlTest, RoundTripsAllLengths) {
  std::string bytes;
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
    bytes.push_back(static_cast<char>(i * 37));
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlDecode("-_8="), "\xfb\xff");
}

TEST(Base64UrlTest, RejectsInvalid) {
  EXPECT_FALSE(Base64UrlDecode("a").has_value());
  EXPECT_FALSE(Base64UrlDecode("ab+c").has_value());
  EXPECT_FALSE(Base64UrlDecode("ab/c").has_value());
  EXPECT_FALSE(Base64UrlDecode("a b").has_value());
}

TEST(RandomTest, SecretsAreLongUrlSafeAndDistinct) {
  const std::string a = NewClientSecret();
  const std::string b = NewClientSecret();
  EXPECT_EQ(a.size(), 40u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-"),
            std::string::npos);
  EXPECT_NE(NewGuid(), NewGuid());
  EXPECT_EQ(NewGuid().ToString()[14], '4');
}

TEST(SecretHashTest, Argon2idVerifiesOnlyTheSecret) {
  auto hash = HashSecret("correct horse");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifySecret(*hash, "correct horse"));
  EXPECT_FALSE(VerifySecret(*hash, "correct horsE"));
  EXPECT_FALSE(VerifySecret("not a hash", "correct horse"));
  EXPECT_FALSE(VerifySecret("", ""));
  EXPECT_NE(*HashSecret("correct horse"), *hash) << "salted";
}

TEST(SigningKeyTest, KeyIdIsStableAcrossPemRoundTrip) {
  auto copy = SigningKey::FromPrivateKeyPem(Key().PrivateKeyPem());
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->KeyId(), Key().KeyId());
  EXPECT_EQ(Key().PublicJwk()["kid"], Key().KeyId());
  EXPECT_EQ(Key().PublicJwk()["e"], "AQAB");
  EXPECT_FALSE(SigningKey::FromPrivateKeyPem("garbage").ok());
}

TEST(SigningKeyTest, SignaturesVerifyOnlyForTheSignedData) {
  auto signature = Key().SignRs256("hello");
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(Key().VerifyRs256("hello", *signature));
  EXPECT_FALSE(Key().VerifyRs256("hellO", *signature));
  auto other = SigningKey::Generate();
  EXPECT_FALSE(other->VerifyRs256("hello", *signature));
}

TEST(JwtTest, EncodesAndVerifies) {
  auto token = EncodeJwt(Key(), {{"sub", "x"}, {"n", 1}});
  ASSERT_TRUE(token.ok());
  auto decoded = VerifyJwtSignature(Key(), *token);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->header["alg"], "RS256");
  EXPECT_EQ(decoded->header["kid"], Key().KeyId());
  EXPECT_EQ(decoded->payload["sub"], "x");
}

TEST(JwtTest, RejectsForgeries) {
  auto token = *EncodeJwt(Key(), {{"sub", "x"}});
  auto other = SigningKey::Generate();
  // Signed by another key (its own kid, or ours).
  EXPECT_FALSE(VerifyJwtSignature(Key(), *EncodeJwt(*other, {{"sub", "x"}})).ok());
  const std::string header_kid = Base64UrlEncode(
      nlohmann::json{{"alg", "RS256"}, {"kid", Key().KeyId()}}.dump());
  const std::string payload = Base64UrlEncode(R"({"sub":"x"})");
  auto foreign = other->SignRs256(header_kid + "." + payload);
  EXPECT_FALSE(
      VerifyJwtSignature(Key(), header_kid + "." + payload + "." + Base64UrlEncode(*foreign)).ok());
  // alg none, tampered payload, structural garbage.
  const std::string none = Base64UrlEncode(R"({"alg":"none"})") + "." + payload + ".";
  EXPECT_FALSE(VerifyJwtSignature(Key(), none).ok());
  const size_t dot = token.find('.');
  const std::string tampered =
      token.substr(0, dot + 1) + Base64UrlEncode(R"({"sub":"y"})") + token.substr(token.rfind('.'));
  EXPECT_FALSE(VerifyJwtSignature(Key(), tampered).ok());
  for (const char* bad : {"", "a", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30"}) {
    auto result = VerifyJwtSignature(Key(), bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().code, "InvalidAuthenticationToken");
  }
}

}  // namespace
}  // namespace pal::identity
