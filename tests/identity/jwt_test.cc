#include "identity/jwt.h"

#include <gtest/gtest.h>

#include <string>

#include "identity/base64url.h"
#include "identity/test_key.h"

namespace pal::identity {
namespace {

const nlohmann::json kClaims = {{"sub", "x"}, {"n", 1}};

// header.payload.signature, each part given as plain text and base64url-encoded here.
std::string Compact(const std::string& header, const std::string& payload,
                    const std::string& signature) {
  return Base64UrlEncode(header) + "." + Base64UrlEncode(payload) + "." +
         Base64UrlEncode(signature);
}

// A token with `header` whose signature really is TestKey()'s over header.payload.
std::string SignedWithHeader(const nlohmann::json& header, const std::string& payload) {
  const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(*TestKey().SignRs256(input));
}

std::string Code(const Result<DecodedJwt>& r) { return r.ok() ? "ok" : r.error().code; }
std::string Message(const Result<DecodedJwt>& r) { return r.ok() ? "ok" : r.error().message; }

TEST(JwtTest, EncodesTheExactHeaderAndVerifies) {
  auto token = EncodeJwt(TestKey(), kClaims);
  ASSERT_TRUE(token.ok());
  const std::string header_part = token->substr(0, token->find('.'));
  EXPECT_EQ(Base64UrlDecode(header_part),
            R"({"alg":"RS256","kid":")" + TestKey().KeyId() + R"(","typ":"JWT"})");
  auto decoded = VerifyJwtSignature(TestKey(), *token);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->header["alg"], "RS256");
  EXPECT_EQ(decoded->payload, kClaims);
}

TEST(JwtTest, DecodeDoesNotCheckTheSignature) {
  auto decoded = DecodeJwt(Compact(R"({"alg":"none"})", R"({"sub":"y"})", ""));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->header["alg"], "none");
  EXPECT_EQ(decoded->payload["sub"], "y");
}

TEST(JwtTest, MalformedTokensAreInvalid) {
  const std::string object = Base64UrlEncode("{}");
  for (const std::string& bad :
       {std::string(), std::string("a"), std::string("a.b"), std::string("a.b.c.d"),
        std::string("!!.!!.!!"), object + "." + object, object + ".." + object,
        Base64UrlEncode("[]") + "." + object + ".", object + "." + Base64UrlEncode("3") + ".",
        object + "." + Base64UrlEncode("{\"a\":") + ".", object + "." + object + "==.",
        std::string(kMaxJwtLength + 1, 'a')}) {
    auto result = DecodeJwt(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().kind, ErrorKind::kUnauthenticated);
    EXPECT_EQ(result.error().code, "InvalidAuthenticationToken");
    EXPECT_EQ(result.error().message.rfind("The access token is invalid. ", 0), 0u)
        << result.error().message;
    EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), bad)), "InvalidAuthenticationToken") << bad;
  }
}

TEST(JwtTest, RefusesOtherAlgorithms) {
  const std::string payload = R"({"sub":"x"})";
  for (const char* alg : {"none", "None", "HS256", "RS512", "PS256", "rs256"}) {
    // Even a genuine RSA signature does not help when alg names something else.
    const nlohmann::json header = {{"alg", alg}, {"kid", TestKey().KeyId()}};
    EXPECT_EQ(Message(VerifyJwtSignature(TestKey(), SignedWithHeader(header, payload))),
              "The access token signature is invalid.")
        << alg;
  }
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), Compact(R"({"alg":"none"})", payload, ""))),
            "InvalidAuthenticationToken");
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), SignedWithHeader({{"kid", "x"}}, payload))),
            "InvalidAuthenticationToken")
      << "alg missing";
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), SignedWithHeader({{"alg", 1}}, payload))),
            "InvalidAuthenticationToken");
}

TEST(JwtTest, KidIsOptionalButMustMatch) {
  const std::string payload = R"({"sub":"x"})";
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), SignedWithHeader({{"alg", "RS256"}}, payload))),
            "ok");
  EXPECT_EQ(Code(VerifyJwtSignature(
                TestKey(), SignedWithHeader({{"alg", "RS256"}, {"kid", "other"}}, payload))),
            "InvalidAuthenticationToken");
  EXPECT_EQ(Code(VerifyJwtSignature(
                TestKey(), SignedWithHeader({{"alg", "RS256"}, {"crit", {"exp"}}}, payload))),
            "InvalidAuthenticationToken");
}

TEST(JwtTest, RefusesForgeries) {
  auto other = SigningKey::Generate();
  ASSERT_TRUE(other.ok());
  // Signed by another key, with its own kid.
  EXPECT_EQ(Message(VerifyJwtSignature(TestKey(), *EncodeJwt(*other, kClaims))),
            "The access token signature is invalid.");
  // Signed by another key claiming our kid.
  const std::string input =
      Base64UrlEncode(nlohmann::json{{"alg", "RS256"}, {"kid", TestKey().KeyId()}}.dump()) + "." +
      Base64UrlEncode(kClaims.dump());
  EXPECT_EQ(Message(VerifyJwtSignature(TestKey(),
                                       input + "." + Base64UrlEncode(*other->SignRs256(input)))),
            "The access token signature is invalid.");
  // Our signature on a tampered payload; a truncated or garbled signature.
  const std::string token = *EncodeJwt(TestKey(), kClaims);
  const std::size_t first = token.find('.');
  const std::size_t last = token.rfind('.');
  const std::string tampered =
      token.substr(0, first + 1) + Base64UrlEncode(R"({"sub":"y"})") + token.substr(last);
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), tampered)), "InvalidAuthenticationToken");
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), token.substr(0, token.size() - 4))),
            "InvalidAuthenticationToken");
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), token.substr(0, last + 1))),
            "InvalidAuthenticationToken");
  EXPECT_EQ(Code(VerifyJwtSignature(TestKey(), token + "x")), "InvalidAuthenticationToken");
}

TEST(JwtTest, EncodingNeverThrowsOnInvalidUtf8) {
  const nlohmann::json claims = {{"name", std::string("bad \xff\xfe utf-8")}};
  Result<std::string> token = Error::Internal("not run");
  EXPECT_NO_THROW(token = EncodeJwt(TestKey(), claims));
  ASSERT_TRUE(token.ok());
  auto decoded = VerifyJwtSignature(TestKey(), *token);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->payload["name"], "bad \xEF\xBF\xBD\xEF\xBF\xBD utf-8");
}

}  // namespace
}  // namespace pal::identity
