#include "identity/access_token.h"

#include <gtest/gtest.h>

#include <string>

namespace pal::identity {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kObject = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
const Guid kApp = *Guid::Parse("c0a70500-0000-4000-8000-0000000000a1");
constexpr Timestamp kNow = 1'800'000'000LL * kMicrosPerSecond;

AccessTokenClaims AppClaims() {
  AccessTokenClaims c;
  c.tenant_id = kTenant;
  c.object_id = kObject;
  c.app_id = kApp;
  c.name = "build-agent";
  c.idtyp = "app";
  c.audience = "https://management.azure.com/";
  c.issuer = "https://localhost:8443/" + kTenant.ToString() + "/v2.0";
  c.issued_at = kNow + 123'456;  // sub-second parts are dropped
  c.not_before = kNow;
  c.expires_at = kNow + 3599 * kMicrosPerSecond;
  return c;
}

AccessTokenClaims UserClaims() {
  AccessTokenClaims c = AppClaims();
  c.app_id.reset();
  c.upn = "alice@contoso.example";
  c.name = "Alice";
  c.idtyp = "user";
  return c;
}

std::string ErrorMessage(const nlohmann::json& payload) {
  auto claims = ClaimsFromJwtPayload(payload);
  if (claims.ok()) return "ok";
  EXPECT_EQ(claims.error().kind, ErrorKind::kUnauthenticated);
  EXPECT_EQ(claims.error().code, "InvalidAuthenticationToken");
  return claims.error().message;
}

TEST(AccessTokenTest, AppPayloadCarriesAppClaims) {
  const nlohmann::json p = ToJwtPayload(AppClaims());
  EXPECT_EQ(p["aud"], "https://management.azure.com/");
  EXPECT_EQ(p["iss"], "https://localhost:8443/" + kTenant.ToString() + "/v2.0");
  EXPECT_EQ(p["iat"], 1'800'000'000);
  EXPECT_TRUE(p["iat"].is_number_integer());
  EXPECT_EQ(p["nbf"], 1'800'000'000);
  EXPECT_EQ(p["exp"], 1'800'003'599);
  EXPECT_EQ(p["tid"], kTenant.ToString());
  EXPECT_EQ(p["oid"], kObject.ToString());
  EXPECT_EQ(p["sub"], kObject.ToString());
  EXPECT_EQ(p["appid"], kApp.ToString());
  EXPECT_EQ(p["azp"], kApp.ToString());
  EXPECT_EQ(p["idtyp"], "app");
  EXPECT_EQ(p["ver"], "2.0");
  EXPECT_EQ(p["name"], "build-agent");
  EXPECT_EQ(p["uti"].get<std::string>().size(), 22u);
  EXPECT_NE(p["uti"], ToJwtPayload(AppClaims())["uti"]) << "uti is unique per token";
  for (const char* absent : {"upn", "preferred_username", "scp", "roles"}) {
    EXPECT_FALSE(p.contains(absent)) << absent;
  }
}

TEST(AccessTokenTest, UserPayloadCarriesUserClaims) {
  const nlohmann::json p = ToJwtPayload(UserClaims());
  EXPECT_EQ(p["upn"], "alice@contoso.example");
  EXPECT_EQ(p["preferred_username"], "alice@contoso.example");
  EXPECT_EQ(p["scp"], "user_impersonation");
  EXPECT_EQ(p["idtyp"], "user");
  EXPECT_FALSE(p.contains("appid"));
  EXPECT_FALSE(p.contains("azp"));
}

TEST(AccessTokenTest, RoundTrips) {
  for (const AccessTokenClaims& original : {AppClaims(), UserClaims()}) {
    auto parsed = ClaimsFromJwtPayload(ToJwtPayload(original));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->tenant_id, original.tenant_id);
    EXPECT_EQ(parsed->object_id, original.object_id);
    EXPECT_EQ(parsed->app_id, original.app_id);
    EXPECT_EQ(parsed->upn, original.upn);
    EXPECT_EQ(parsed->name, original.name);
    EXPECT_EQ(parsed->idtyp, original.idtyp);
    EXPECT_EQ(parsed->audience, original.audience);
    EXPECT_EQ(parsed->issuer, original.issuer);
    EXPECT_EQ(parsed->issued_at, kNow);
    EXPECT_EQ(parsed->not_before, original.not_before);
    EXPECT_EQ(parsed->expires_at, original.expires_at);
  }
}

TEST(AccessTokenTest, RequiresEachIdentityAndTimeClaim) {
  const nlohmann::json payload = ToJwtPayload(AppClaims());
  for (const char* claim : {"tid", "oid", "aud", "iss", "exp", "nbf", "iat"}) {
    nlohmann::json without = payload;
    without.erase(claim);
    EXPECT_EQ(ErrorMessage(without), "The access token is invalid. The claim '" +
                                         std::string(claim) + "' is missing or malformed.");
  }
  EXPECT_EQ(ErrorMessage(nlohmann::json::array()),
            "The access token is invalid. The claim 'tid' is missing or malformed.");
}

TEST(AccessTokenTest, RefusesMalformedClaims) {
  const nlohmann::json payload = ToJwtPayload(AppClaims());
  const std::pair<const char*, nlohmann::json> bad[] = {
      {"tid", "not-a-guid"},
      {"tid", 7},
      {"oid", nullptr},
      {"aud", 1},
      {"iss", {"a", "b"}},
      {"appid", "x"},
      {"exp", "1800003599"},
      {"exp", -1},
      {"exp", 1e300},
      {"exp", 253402300800},
      {"nbf", true},
      {"iat", 18446744073709551615ULL},
      {"exp", nlohmann::json::object()},
  };
  for (const auto& [claim, value] : bad) {
    nlohmann::json modified = payload;
    modified[claim] = value;
    EXPECT_NE(ErrorMessage(modified).find(std::string("'") + claim + "'"), std::string::npos)
        << claim << " = " << value.dump();
  }
}

TEST(AccessTokenTest, AcceptsFractionalAndLargeValidTimes) {
  nlohmann::json payload = ToJwtPayload(AppClaims());
  payload["exp"] = 1'800'003'599.75;
  payload["nbf"] = 253402300799;  // 9999-12-31T23:59:59Z
  auto claims = ClaimsFromJwtPayload(payload);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->expires_at, 1'800'003'599LL * kMicrosPerSecond);
  EXPECT_EQ(claims->not_before, 253402300799LL * kMicrosPerSecond);
}

}  // namespace
}  // namespace pal::identity
