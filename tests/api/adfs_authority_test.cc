// The token service's ADFS-style authority, its discovery documents and the shape of a user's
// tokens (ID token, client_info, refresh token), as MSAL and the Azure CLI read them.
#include <gtest/gtest.h>

#include "api/token_service_fixture.h"
#include "identity/base64url.h"

namespace pal::api::token_test {
namespace {

constexpr char kAdfsToken[] = "/adfs/oauth2/token";

using AdfsAuthorityTest = TokenServiceTest;

TEST_F(AdfsAuthorityTest, PublishesAnAdfsDiscoveryDocumentAndItsKeys) {
  auto r = Call("GET", "/adfs/.well-known/openid-configuration");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Cache-Control"), "max-age=86400, private");
  const auto doc = Body(r);
  const std::string adfs = std::string(kBase) + "/adfs";
  EXPECT_EQ(doc["issuer"], adfs);
  EXPECT_EQ(doc["access_token_issuer"], adfs);
  EXPECT_EQ(doc["token_endpoint"], adfs + "/oauth2/token");
  EXPECT_EQ(doc["authorization_endpoint"], adfs + "/oauth2/authorize");
  EXPECT_EQ(doc["device_authorization_endpoint"], adfs + "/oauth2/devicecode");
  EXPECT_EQ(doc["jwks_uri"], adfs + "/discovery/keys");
  EXPECT_EQ(doc["grant_types_supported"],
            nlohmann::json({"client_credentials", "password", "refresh_token", "authorization_code",
                            "urn:ietf:params:oauth:grant-type:device_code"}));
  EXPECT_EQ(doc["code_challenge_methods_supported"], nlohmann::json({"S256"}));
  // MSAL lower-cases the authority and may double a slash.
  EXPECT_EQ(Body(Call("GET", "//ADFS/.well-known/openid-configuration/"))["issuer"], adfs);
  // `az login --tenant adfs` resolves the tenant at "{login endpoint}/adfs/..." and takes the
  // issuer's fourth segment: "adfs".
  EXPECT_EQ(Body(Call("GET", "/adfs/adfs/.well-known/openid-configuration"))["issuer"], adfs);
  auto keys = Call("GET", "/adfs/discovery/keys");
  ASSERT_EQ(keys.status, 200);
  EXPECT_EQ(Body(keys)["keys"][0]["kid"], Key().KeyId());
  EXPECT_EQ(Call("POST", "/adfs/.well-known/openid-configuration").status, 405);
  EXPECT_EQ(Call("GET", kAdfsToken).status, 405);
}

TEST_F(AdfsAuthorityTest, OrganizationsAndCommonPublishTheirDiscoveryAsEntraDoes) {
  for (const std::string authority : {"organizations", "common"}) {
    auto r = Call("GET", "/" + authority + "/v2.0/.well-known/openid-configuration");
    ASSERT_EQ(r.status, 200) << authority;
    const auto doc = Body(r);
    EXPECT_EQ(doc["issuer"], std::string(kBase) + "/{tenantid}/v2.0");
    EXPECT_EQ(doc["token_endpoint"], std::string(kBase) + "/" + authority + "/oauth2/v2.0/token");
    EXPECT_EQ(doc["jwks_uri"], std::string(kBase) + "/" + authority + "/discovery/v2.0/keys");
  }
  EXPECT_EQ(Body(Call("GET", "/" + kTenant.ToString() +
                                 "/v2.0/.well-known/openid-configuration"))["issuer"],
            std::string(kBase) + "/" + kTenant.ToString() + "/v2.0");
  EXPECT_EQ(Code(Call("GET", "/consumers/v2.0/.well-known/openid-configuration")), 90002);
}

TEST_F(AdfsAuthorityTest, TheUserRealmTellsNothingAboutWhoExists) {
  auto known = Call("GET", "/common/userrealm/ada%40contoso.example?api-version=1.0");
  auto unknown = Call("GET", "/common/UserRealm/nobody%40contoso.example?api-version=1.0");
  ASSERT_EQ(known.status, 200);
  ASSERT_EQ(unknown.status, 200);
  EXPECT_EQ(Body(known)["account_type"], "Managed");
  EXPECT_EQ(Body(known)["domain_name"], "contoso.example");
  EXPECT_EQ(Body(known), Body(unknown));
  EXPECT_EQ(Body(Call("GET", "/common/userrealm/ada?api-version=1.0"))["account_type"], "Unknown");
  EXPECT_EQ(checks_, 0);
}

TEST_F(AdfsAuthorityTest, AnApplicationSignsInToItsOwnTenant) {
  auto r = Call("POST", kAdfsToken,
                "grant_type=client_credentials&client_id=" + kAppId.ToString() + "&client_secret=" +
                    PercentEncode(kSecret) + "&scope=" + Scope() + "&client_info=1");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto claims = Claims(r);
  EXPECT_EQ(claims["iss"], std::string(kBase) + "/adfs");
  EXPECT_EQ(claims["tid"], kTenant.ToString());
  EXPECT_EQ(claims["oid"], kApp.ToString());
  EXPECT_EQ(claims["appid"], kAppId.ToString());
  EXPECT_EQ(ArmVerdict(r), "ok");
  for (const char* user_only : {"scope", "id_token", "client_info", "refresh_token"}) {
    EXPECT_FALSE(Body(r).contains(user_only)) << user_only;
  }
  // A trailing slash, as ADFS publishes its endpoints.
  EXPECT_EQ(Call("POST", "/adfs/oauth2/token/",
                 "grant_type=client_credentials&client_id=" + kAppId.ToString() +
                     "&client_secret=" + PercentEncode(kSecret) + "&scope=" + Scope())
                .status,
            200);

  auto wrong = Call("POST", kAdfsToken,
                    "grant_type=client_credentials&client_id=" + kAppId.ToString() +
                        "&client_secret=guess&scope=" + Scope());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Code(wrong), 7000215);
  EXPECT_TRUE(IssuedNothing(wrong));
  // An application id no tenant knows costs a check, as elsewhere.
  const int before = checks_;
  auto unknown = Call("POST", kAdfsToken,
                      "grant_type=client_credentials&client_id=70c0e000-0000-4000-8000-"
                      "0000000000ff&client_secret=x&scope=" +
                          Scope());
  EXPECT_EQ(Code(unknown), 700016);
  EXPECT_EQ(Description(unknown).find("'adfs'") != std::string::npos, true) << Description(unknown);
  EXPECT_TRUE(IssuedNothing(unknown));
  EXPECT_EQ(checks_, before + 1);
}

TEST_F(AdfsAuthorityTest, AnApplicationIdInTwoTenantsMustSignInAtItsTenant) {
  const Guid other = *Guid::Parse("70c0e000-0000-4000-8000-000000000002");
  ASSERT_TRUE(store_->directory().CreateTenant({other, "Fabrikam", 0}).ok());
  auto secret = identity::HashSecret(kSecret);
  ASSERT_TRUE(secret.ok());
  ASSERT_TRUE(store_->directory()
                  .CreatePrincipal({other, *Guid::Parse("70c0e000-0000-4000-8000-0000000000b2"),
                                    PrincipalKind::kServicePrincipal, "app", kAppId, *secret, 0,
                                    std::nullopt})
                  .ok());
  const std::string form = "grant_type=client_credentials&client_id=" + kAppId.ToString() +
                           "&client_secret=" + PercentEncode(kSecret) + "&scope=" + Scope();
  EXPECT_EQ(Code(Call("POST", kAdfsToken, form)), 700016);
  EXPECT_EQ(Claims(Call("POST", "/" + other.ToString() + "/oauth2/v2.0/token", form))["tid"],
            other.ToString());
}

TEST_F(AdfsAuthorityTest, AUserGetsTheTokensMsalAsksFor) {
  auto r = MsalPassword(kAdfsToken, kUserName, kPassword, "&nonce=n-0S6_WzA2Mj");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = Body(r);
  EXPECT_EQ(body["scope"],
            "https://management.azure.com//user_impersonation "
            "https://management.azure.com//.default");
  const auto access = Claims(r);
  EXPECT_EQ(access["iss"], std::string(kBase) + "/adfs");
  EXPECT_EQ(access["tid"], kTenant.ToString());
  EXPECT_EQ(access["aud"], "https://management.azure.com/");
  EXPECT_EQ(ArmVerdict(r), "ok");

  const auto id = JwtPayload(r, "id_token");
  EXPECT_EQ(id["aud"], kCliClient);
  EXPECT_EQ(id["iss"], std::string(kBase) + "/adfs");
  EXPECT_EQ(id["tid"], kTenant.ToString());
  EXPECT_EQ(id["oid"], kUser.ToString());
  EXPECT_EQ(id["preferred_username"], kUserName);
  EXPECT_EQ(id["upn"], kUserName);
  EXPECT_EQ(id["nonce"], "n-0S6_WzA2Mj");
  auto info = identity::Base64UrlDecode(body["client_info"].get<std::string>());
  ASSERT_TRUE(info);
  EXPECT_EQ(nlohmann::json::parse(*info),
            nlohmann::json({{"uid", kUser.ToString()}, {"utid", kTenant.ToString()}}));
  EXPECT_TRUE(body["refresh_token"].is_string());
  EXPECT_EQ(checks_, 1);

  auto wrong = MsalPassword(kAdfsToken, kUserName, "guess");
  EXPECT_EQ(Code(wrong), 50126);
  EXPECT_TRUE(IssuedNothing(wrong));
  auto unknown = MsalPassword(kAdfsToken, "nobody@contoso.example", kPassword);
  EXPECT_EQ(Code(unknown), 50126);
  EXPECT_EQ(Description(unknown), Description(wrong));
  EXPECT_TRUE(IssuedNothing(unknown));
  EXPECT_EQ(checks_, 3);
}

TEST_F(AdfsAuthorityTest, TheEntraAuthorityGivesTheSameWithItsOwnIssuer) {
  auto r = MsalPassword("/organizations/oauth2/v2.0/token", kUserName, kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string issuer = std::string(kBase) + "/" + kTenant.ToString() + "/v2.0";
  EXPECT_EQ(Claims(r)["iss"], issuer);
  EXPECT_EQ(JwtPayload(r, "id_token")["iss"], issuer);
  EXPECT_FALSE(JwtPayload(r, "id_token").contains("upn"));
  EXPECT_FALSE(JwtPayload(r, "id_token").contains("nonce"));
  EXPECT_EQ(ArmVerdict(r), "ok");
  // Without the OpenID scopes and client_info, the answer is what the SDKs have always had.
  auto plain = Password(kUserName, kPassword);
  ASSERT_EQ(plain.status, 200);
  for (const char* asked : {"id_token", "client_info", "refresh_token"}) {
    EXPECT_FALSE(Body(plain).contains(asked)) << asked;
  }
}

TEST_F(AdfsAuthorityTest, AGuestsTokensNameItsHomeAccountForTheClient) {
  const Guid other = *Guid::Parse("70c0e000-0000-4000-8000-000000000002");
  const Guid guest = *Guid::Parse("70c0e000-0000-4000-8000-0000000000b1");
  ASSERT_TRUE(store_->directory().CreateTenant({other, "Fabrikam", 0}).ok());
  ASSERT_TRUE(store_->directory()
                  .CreatePrincipal({other, guest, PrincipalKind::kGuest,
                                    "ada_contoso.example#EXT#@fabrikam.example", std::nullopt, "!",
                                    0, std::nullopt})
                  .ok());
  auto r = MsalPassword("/" + other.ToString() + "/oauth2/v2.0/token", kUserName, kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Claims(r)["oid"], guest.ToString());
  const auto id = JwtPayload(r, "id_token");
  EXPECT_EQ(id["oid"], guest.ToString());
  EXPECT_EQ(id["tid"], other.ToString());
  EXPECT_EQ(id["preferred_username"], kUserName);
  EXPECT_EQ(nlohmann::json::parse(
                *identity::Base64UrlDecode(Body(r)["client_info"].get<std::string>()))["uid"],
            kUser.ToString());
}

}  // namespace
}  // namespace pal::api::token_test
