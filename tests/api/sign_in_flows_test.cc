// Interactive sign-in: PKCE, the authorization codes and device codes the token service keeps,
// the authorization code flow through the sign-in page and the device code flow through the
// verification page, each refusal with Entra's code and nothing issued.
#include <gtest/gtest.h>

#include "api/authorization_codes.h"
#include "api/device_codes.h"
#include "api/public_clients.h"
#include "api/sign_in_page.h"
#include "api/token_service_fixture.h"
#include "identity/pkce.h"

namespace pal::api::token_test {
namespace {

// RFC 7636 Appendix B.
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
constexpr char kRedirect[] = "http://localhost:8400/";
constexpr char kAuthorize[] = "/organizations/oauth2/v2.0/authorize";
constexpr char kToken[] = "/organizations/oauth2/v2.0/token";
constexpr char kDeviceGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

TEST(Pkce, S256IsRfc7636sExampleAndNothingElse) {
  EXPECT_EQ(identity::S256Challenge(kVerifier), kChallenge);
  EXPECT_TRUE(identity::VerifyS256(kVerifier, kChallenge));
  std::string other = kVerifier;
  other[0] = 'e';
  EXPECT_FALSE(identity::VerifyS256(other, kChallenge));
  // "plain": the verifier as its own challenge.
  EXPECT_FALSE(identity::VerifyS256(kVerifier, kVerifier));
  EXPECT_FALSE(identity::IsValidCodeVerifier(std::string(42, 'a')));
  EXPECT_TRUE(identity::IsValidCodeVerifier(std::string(43, 'a')));
  EXPECT_TRUE(identity::IsValidCodeVerifier(std::string(128, '~')));
  EXPECT_FALSE(identity::IsValidCodeVerifier(std::string(129, 'a')));
  EXPECT_FALSE(identity::IsValidCodeVerifier(std::string(43, '+')));
  EXPECT_FALSE(identity::IsValidS256Challenge(std::string(kChallenge) + "A"));
  EXPECT_FALSE(identity::IsValidS256Challenge(std::string(43, '=')));
}

AuthorizationCodeGrant SomeGrant() {
  return {.client_id = kCliClient, .redirect_uri = kRedirect, .code_challenge = kChallenge};
}

TEST(AuthorizationCodesTest, ACodeIsRedeemedOnceAndNotAfterItLapses) {
  AuthorizationCodes codes;
  const Timestamp t0 = 1'000 * kSecond;
  auto code = codes.Issue(SomeGrant(), t0);
  ASSERT_TRUE(code);
  EXPECT_EQ(code->size(), 43u);
  auto first = codes.Redeem(*code, t0 + kSecond);
  EXPECT_EQ(first.outcome, CodeRedemption::kRedeemed);
  ASSERT_TRUE(first.grant);
  EXPECT_EQ(first.grant->redirect_uri, kRedirect);
  auto second = codes.Redeem(*code, t0 + 2 * kSecond);
  EXPECT_EQ(second.outcome, CodeRedemption::kAlreadyRedeemed);
  EXPECT_FALSE(second.grant);
  EXPECT_EQ(codes.Redeem("no-such-code", t0).outcome, CodeRedemption::kUnknown);

  auto late = codes.Issue(SomeGrant(), t0);
  EXPECT_EQ(codes.Redeem(*late, t0 + AuthorizationCodes::kLifetime).outcome,
            CodeRedemption::kExpired);
  EXPECT_EQ(codes.Redeem(*late, t0 + AuthorizationCodes::kLifetime).outcome,
            CodeRedemption::kUnknown);
}

TEST(AuthorizationCodesTest, OutstandingCodesAreBoundedAndLapsedOnesMakeRoom) {
  AuthorizationCodes codes(1);
  ASSERT_TRUE(codes.Issue(SomeGrant(), 0));
  EXPECT_FALSE(codes.Issue(SomeGrant(), kSecond));
  EXPECT_TRUE(codes.Issue(SomeGrant(), AuthorizationCodes::kLifetime));
  EXPECT_EQ(codes.size(), 1u);
}

class DeviceCodesTest : public ::testing::Test {
 protected:
  DeviceCodes codes_{{.lifetime = 900 * kSecond, .interval = 5 * kSecond}};
  const Timestamp t0_ = 1'000 * kSecond;
  DeviceCodes::Issued Start() {
    auto issued =
        codes_.Start({.client_id = kCliClient, .scope = "s", .tenant = "organizations"}, t0_);
    EXPECT_TRUE(issued);
    return issued ? *issued : DeviceCodes::Issued{};
  }
  DevicePoll Poll(const std::string& device_code, Timestamp at,
                  const std::string& client = kCliClient) {
    return codes_.Poll(device_code, client, at).outcome;
  }
};

TEST_F(DeviceCodesTest, PendingUntilApprovedPollingNoFasterThanTheInterval) {
  auto issued = Start();
  EXPECT_EQ(issued.user_code.size(), 9u);
  EXPECT_EQ(issued.expires_at, t0_ + 900 * kSecond);
  EXPECT_EQ(Poll(issued.device_code, t0_), DevicePoll::kPending);
  EXPECT_EQ(Poll(issued.device_code, t0_ + 1 * kSecond), DevicePoll::kSlowDown);
  EXPECT_EQ(Poll(issued.device_code, t0_ + 6 * kSecond), DevicePoll::kPending);
  // Typed in lower case, with a dash and a space.
  std::string typed = issued.user_code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  typed.insert(4, "- ");
  ASSERT_TRUE(codes_.FindPending(typed, t0_ + 7 * kSecond));
  EXPECT_EQ(codes_.FindPending(typed, t0_ + 7 * kSecond)->client_id, kCliClient);
  ASSERT_TRUE(codes_.Approve(typed, {.subject = {kTenant, kUser}, .auth_time = t0_}, t0_));
  EXPECT_FALSE(codes_.FindPending(typed, t0_ + 8 * kSecond)) << "approved: no longer pending";
  // Another client cannot redeem it.
  EXPECT_EQ(Poll(issued.device_code, t0_ + 11 * kSecond, kAppId.ToString()), DevicePoll::kBadCode);
  auto approved = codes_.Poll(issued.device_code, kCliClient, t0_ + 11 * kSecond);
  ASSERT_EQ(approved.outcome, DevicePoll::kApproved);
  EXPECT_EQ(approved.approval->subject.object_id, kUser);
  EXPECT_EQ(approved.request->scope, "s");
  EXPECT_EQ(Poll(issued.device_code, t0_ + 20 * kSecond), DevicePoll::kBadCode) << "used up";
}

TEST_F(DeviceCodesTest, DeclinedOnceThenUnknown) {
  auto issued = Start();
  EXPECT_TRUE(codes_.Decline(issued.user_code, t0_));
  EXPECT_FALSE(codes_.Approve(issued.user_code, {}, t0_)) << "no longer pending";
  EXPECT_EQ(Poll(issued.device_code, t0_ + kSecond), DevicePoll::kDeclined);
  EXPECT_EQ(Poll(issued.device_code, t0_ + 10 * kSecond), DevicePoll::kBadCode);
}

TEST_F(DeviceCodesTest, ExpiredCodesCanNeitherBeApprovedNorRedeemed) {
  auto issued = Start();
  const Timestamp end = t0_ + 900 * kSecond;
  EXPECT_FALSE(codes_.FindPending(issued.user_code, end));
  EXPECT_FALSE(codes_.Approve(issued.user_code, {}, end));
  EXPECT_FALSE(codes_.Decline(issued.user_code, end));
  EXPECT_EQ(Poll(issued.device_code, end), DevicePoll::kExpired);
  EXPECT_EQ(Poll(issued.device_code, end + 10 * kSecond), DevicePoll::kBadCode);
}

TEST_F(DeviceCodesTest, UserCodesAreNormalisedOrRefused) {
  EXPECT_EQ(DeviceCodes::NormalizeUserCode("bcd-fgh jkm"), "BCDFGHJKM");
  EXPECT_EQ(DeviceCodes::NormalizeUserCode("BCDFGHJK"), "") << "too short";
  EXPECT_EQ(DeviceCodes::NormalizeUserCode("BCDFGHJKO"), "") << "O is not in the alphabet";
  EXPECT_FALSE(codes_.FindPending("BCDFGHJKM", t0_));
}

TEST(PublicClientsTest, RedirectUrisAreTheServersOwnOrLoopback) {
  const std::vector<std::string> bases = {kBase};
  const PublicClient* cli = FindPublicClient("04B07795-8DDB-461A-BBEE-02F9E1BF7B46");
  ASSERT_NE(cli, nullptr);
  EXPECT_TRUE(RedirectUriAllowed(*cli, "http://localhost:8400/", bases));
  EXPECT_TRUE(RedirectUriAllowed(*cli, "http://localhost", bases));
  EXPECT_TRUE(RedirectUriAllowed(*cli, "http://127.0.0.1:50123/callback", bases));
  EXPECT_FALSE(RedirectUriAllowed(*cli, "https://evil.example/", bases));
  EXPECT_FALSE(RedirectUriAllowed(*cli, "http://localhost.evil.example/", bases));
  EXPECT_FALSE(RedirectUriAllowed(*cli, "http://localhost:80@evil.example/", bases));
  EXPECT_FALSE(RedirectUriAllowed(*cli, "http://localhost:8400/?next=x", bases));
  EXPECT_FALSE(RedirectUriAllowed(*cli, std::string(kBase) + "/portal/", bases))
      << "the portal's address is the portal's";
  const PublicClient* portal = FindPublicClient(kPortalClientId);
  ASSERT_NE(portal, nullptr);
  EXPECT_TRUE(RedirectUriAllowed(*portal, std::string(kBase) + "/portal/", bases));
  EXPECT_FALSE(RedirectUriAllowed(*portal, std::string(kBase) + "/portal/x", bases));
  EXPECT_FALSE(RedirectUriAllowed(*portal, "https://localhost:9999/portal/", bases));
  EXPECT_EQ(FindPublicClient(kAppId.ToString()), nullptr);
}

TEST(SignInPageTest, EverythingEchoedIsEscaped) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x">'&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  auto page = RenderPage(200, {.title = "<b>", .paragraphs = {"\"><script>"}, .error = "<i>"});
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  EXPECT_EQ(page.body.find("<b>"), std::string::npos);
  EXPECT_EQ(page.body.find("<i>"), std::string::npos);
}

// The flows through the token service, as a browser and a client drive them.
class SignInFlowTest : public TokenServiceTest {
 protected:
  HttpResponse Request(const std::string& method, const std::string& target,
                       const std::string& body = "", const std::string& cookie = "",
                       const std::string& origin = "") {
    HttpRequest request;
    request.method = method;
    request.target = target;
    const std::size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) request.query = target.substr(question + 1);
    request.body = body;
    request.base_url = kBase;
    request.client_address = "192.0.2.7";
    if (!cookie.empty())
      request.headers.emplace_back("Cookie", "other=1; pal_form_token=" + cookie);
    if (!origin.empty()) request.headers.emplace_back("Origin", origin);
    return Send(request);
  }
  static std::string FormToken(const HttpResponse& r) {
    const std::string cookie = Header(r, "Set-Cookie").value_or("");
    const std::size_t start = cookie.find('=') + 1;
    return cookie.substr(start, cookie.find(';') - start);
  }
  static std::string AuthorizeQuery(const std::string& extra = "") {
    return "client_id=" + std::string(kCliClient) +
           "&response_type=code&redirect_uri=" + PercentEncode(kRedirect) +
           "&scope=" + PercentEncode(kMsalScope) +
           "&state=st8&nonce=n0nce&code_challenge=" + kChallenge + "&code_challenge_method=S256" +
           extra;
  }
  // Shows the sign-in page and posts the password: the answer to the post.
  HttpResponse SignIn(const std::string& password = kPassword, const std::string& extra = "") {
    auto page = Request("GET", std::string(kAuthorize) + "?" + AuthorizeQuery(extra));
    EXPECT_EQ(page.status, 200) << page.body;
    const std::string token = FormToken(page);
    return Request("POST", kAuthorize,
                   AuthorizeQuery(extra) + "&form_token=" + token + "&username=" +
                       PercentEncode(kUserName) + "&password=" + PercentEncode(password),
                   token);
  }
  static std::string QueryOf(const HttpResponse& redirect, const std::string& name) {
    const std::string location = Header(redirect, "Location").value_or("");
    for (auto& [k, v] : ParseFormEncoded(location.substr(location.find('?') + 1))) {
      if (k == name) return v;
    }
    return "";
  }
  HttpResponse Redeem(const std::string& code, const std::string& verifier = kVerifier,
                      const std::string& redirect = kRedirect) {
    return Request("POST", kToken,
                   "grant_type=authorization_code&client_id=" + std::string(kCliClient) +
                       "&code=" + code + "&redirect_uri=" + PercentEncode(redirect) +
                       "&code_verifier=" + verifier + "&scope=" + PercentEncode(kMsalScope) +
                       "&client_info=1");
  }
  static void ExpectRefused(const HttpResponse& r, const std::string& error, int code) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(Body(r)["error"], error) << r.body;
    EXPECT_EQ(Code(r), code) << r.body;
    EXPECT_TRUE(IssuedNothing(r)) << r.body;
  }
};

TEST_F(SignInFlowTest, TheSignInPageRedirectsWithACodeThatRedeemsOnceForTheUsersTokens) {
  auto page = Request("GET", std::string(kAuthorize) + "?" + AuthorizeQuery());
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(Header(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(Header(page, "Cache-Control"), "no-store, no-cache");
  EXPECT_EQ(Header(page, "X-Frame-Options"), "DENY");
  // Under no-referrer a browser would post the form with "Origin: null" (refused).
  EXPECT_EQ(Header(page, "Referrer-Policy"), "same-origin");
  EXPECT_NE(Header(page, "Content-Security-Policy")->find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_NE(
      Header(page, "Content-Security-Policy")->find("form-action 'self' http://localhost:8400"),
      std::string::npos);
  EXPECT_NE(Header(page, "Set-Cookie")->find("HttpOnly; SameSite=Strict; Secure"),
            std::string::npos);
  EXPECT_NE(page.body.find("Microsoft Azure CLI asks you to sign in"), std::string::npos);
  EXPECT_EQ(checks_, 0);

  auto redirect = SignIn();
  ASSERT_EQ(redirect.status, 302) << redirect.body;
  EXPECT_TRUE(Header(redirect, "Location")->starts_with("http://localhost:8400/?code="));
  EXPECT_EQ(QueryOf(redirect, "state"), "st8");
  const std::string code = QueryOf(redirect, "code");
  auto tokens = Redeem(code);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(ArmVerdict(tokens), "ok");
  EXPECT_EQ(Claims(tokens)["oid"], kUser.ToString());
  EXPECT_EQ(JwtPayload(tokens, "id_token")["nonce"], "n0nce");
  EXPECT_EQ(JwtPayload(tokens, "id_token")["aud"], kCliClient);
  EXPECT_TRUE(Body(tokens).contains("refresh_token"));
  EXPECT_TRUE(Body(tokens).contains("client_info"));
  EXPECT_EQ(Body(tokens)["scope"],
            "https://management.azure.com//user_impersonation "
            "https://management.azure.com//.default");
  // Single use.
  ExpectRefused(Redeem(code), "invalid_grant", 54005);
}

TEST_F(SignInFlowTest, AWrongVerifierRedirectOrClientIsRefusedAndUsesTheCodeUp) {
  const std::string code = QueryOf(SignIn(), "code");
  ExpectRefused(Redeem(code, std::string(43, 'x')), "invalid_grant", 501481);
  ExpectRefused(Redeem(code), "invalid_grant", 54005);  // a code is tried once

  ExpectRefused(Redeem(QueryOf(SignIn(), "code"), kVerifier, "http://localhost:8401/"),
                "invalid_grant", 50011);
  auto other_client =
      Request("POST", kToken,
              "grant_type=authorization_code&client_id=1950a258-227b-4e31-a9cf-717495945fc2&code=" +
                  QueryOf(SignIn(), "code") + "&redirect_uri=" + PercentEncode(kRedirect) +
                  "&code_verifier=" + kVerifier);
  ExpectRefused(other_client, "invalid_grant", 70000);
  ExpectRefused(Redeem("made-up"), "invalid_grant", 70000);
  auto no_verifier = Request("POST", kToken,
                             "grant_type=authorization_code&client_id=" + std::string(kCliClient) +
                                 "&code=x&redirect_uri=" + PercentEncode(kRedirect));
  ExpectRefused(no_verifier, "invalid_request", 900144);
}

TEST_F(SignInFlowTest, ACodeLapsesAfterTenMinutes) {
  const std::string code = QueryOf(SignIn(), "code");
  clock_.Advance(AuthorizationCodes::kLifetime);
  ExpectRefused(Redeem(code), "invalid_grant", 70008);
}

TEST_F(SignInFlowTest, AnUnregisteredRedirectOrClientIsShownAnErrorNeverRedirected) {
  for (const std::string& query :
       {"client_id=" + std::string(kCliClient) +
            "&response_type=code&redirect_uri=" + PercentEncode("https://evil.example/cb") +
            "&code_challenge=" + kChallenge + "&code_challenge_method=S256&scope=" + Scope(),
        "client_id=" + kAppId.ToString() +
            "&response_type=code&redirect_uri=" + PercentEncode(kRedirect) + "&scope=" + Scope()}) {
    auto r = Request("GET", std::string(kAuthorize) + "?" + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_FALSE(Header(r, "Location")) << query;
    EXPECT_TRUE(r.body.find("AADSTS50011") != std::string::npos ||
                r.body.find("AADSTS700016") != std::string::npos)
        << r.body;
    EXPECT_EQ(r.body.find("<script"), std::string::npos);
  }
}

TEST_F(SignInFlowTest, PkceIsRequiredAndOnlyS256) {
  const std::string base = "client_id=" + std::string(kCliClient) +
                           "&response_type=code&redirect_uri=" + PercentEncode(kRedirect) +
                           "&scope=" + Scope() + "&state=s";
  auto none = Request("GET", std::string(kAuthorize) + "?" + base);
  ASSERT_EQ(none.status, 302);
  EXPECT_EQ(QueryOf(none, "error"), "invalid_request");
  EXPECT_EQ(QueryOf(none, "error_codes"), "9002325");
  EXPECT_EQ(QueryOf(none, "state"), "s");
  auto plain = Request("GET", std::string(kAuthorize) + "?" + base +
                                  "&code_challenge=" + kVerifier + "&code_challenge_method=plain");
  EXPECT_EQ(QueryOf(plain, "error_codes"), "50149");
  auto token =
      Request("GET", std::string(kAuthorize) + "?" +
                         AuthorizeQuery().replace(AuthorizeQuery().find("code"), 4, "id_token"));
  EXPECT_EQ(QueryOf(token, "error"), "unsupported_response_type");
  auto silent = Request("GET", std::string(kAuthorize) + "?" + AuthorizeQuery("&prompt=none"));
  EXPECT_EQ(QueryOf(silent, "error"), "login_required");
}

TEST_F(SignInFlowTest, APostWithoutTheFormsCookieOrFromAnotherSiteIsRefused) {
  auto page = Request("GET", std::string(kAuthorize) + "?" + AuthorizeQuery());
  const std::string token = FormToken(page);
  const std::string form = AuthorizeQuery() + "&form_token=" + token +
                           "&username=" + PercentEncode(kUserName) +
                           "&password=" + PercentEncode(kPassword);
  for (const auto& [cookie, origin] : std::vector<std::pair<std::string, std::string>>{
           {"", ""}, {"forged", ""}, {token, "https://evil.example"}}) {
    auto r = Request("POST", kAuthorize, form, cookie, origin);
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(Header(r, "Location")) << cookie << " " << origin;
    EXPECT_NE(r.body.find("expired or was sent from another site"), std::string::npos);
  }
  EXPECT_EQ(checks_, 0) << "no password was checked";
  EXPECT_EQ(Request("POST", kAuthorize, form, token, kBase).status, 302);
}

TEST_F(SignInFlowTest, AWrongPasswordIsShownOnThePageAndCountsTowardsTheLockout) {
  for (int i = 0; i < 3; ++i) {
    auto r = SignIn("wrong");
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(Header(r, "Location"));
    EXPECT_NE(r.body.find("AADSTS50126: Your account or password is incorrect."),
              std::string::npos);
    EXPECT_EQ(r.body.find("value=\"wrong\""), std::string::npos) << "the password is not echoed";
  }
  auto locked = SignIn();
  EXPECT_FALSE(Header(locked, "Location"));
  EXPECT_NE(locked.body.find("AADSTS50053"), std::string::npos);
}

TEST_F(SignInFlowTest, TheStateIsEchoedEscapedOnThePage) {
  auto page =
      Request("GET", std::string(kAuthorize) + "?" +
                         AuthorizeQuery("").replace(AuthorizeQuery().find("st8"), 3,
                                                    PercentEncode("\"><script>x</script>")));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  EXPECT_NE(page.body.find("&quot;&gt;&lt;script&gt;"), std::string::npos);
}

class DeviceFlowTest : public SignInFlowTest {
 protected:
  nlohmann::json Start(const std::string& path = "/organizations/oauth2/v2.0/devicecode") {
    auto r =
        Request("POST", path,
                "client_id=" + std::string(kCliClient) + "&scope=" + PercentEncode(kMsalScope));
    EXPECT_EQ(r.status, 200) << r.body;
    return Body(r);
  }
  HttpResponse Poll(const std::string& device_code, const std::string& path = kToken) {
    // As MSAL Python sends it: device_code and code.
    return Request("POST", path,
                   "grant_type=" + PercentEncode(kDeviceGrant) + "&client_id=" + kCliClient +
                       "&device_code=" + device_code + "&code=" + device_code + "&client_info=1");
  }
  // Enters the code on the verification page and signs in: the last page.
  HttpResponse Verify(const std::string& user_code, const std::string& action = "allow",
                      const std::string& password = kPassword) {
    auto first = Request("GET", "/devicelogin");
    EXPECT_EQ(first.status, 200);
    const std::string token = FormToken(first);
    auto second = Request("POST", "/devicelogin",
                          "form_token=" + token + "&step=code&code=" + user_code, token);
    EXPECT_EQ(second.status, 200) << second.body;
    const std::string token2 = FormToken(second);
    return Request("POST", "/devicelogin",
                   "form_token=" + token2 + "&step=signin&code=" + user_code +
                       "&username=" + PercentEncode(kUserName) +
                       "&password=" + PercentEncode(password) + "&action=" + action,
                   token2);
  }
};

TEST_F(DeviceFlowTest, ACodeApprovedOnThePageGivesThePasswordGrantsAnswer) {
  const auto started = Start();
  EXPECT_EQ(started["verification_uri"], std::string(kBase) + "/devicelogin");
  EXPECT_EQ(started["expires_in"], 900);
  EXPECT_EQ(started["interval"], 5);
  const std::string user_code = started["user_code"];
  EXPECT_EQ(started["message"],
            "To sign in, use a web browser to open the page https://localhost:8443/devicelogin "
            "and enter the code " +
                user_code + " to authenticate.");
  const std::string device_code = started["device_code"];
  ExpectRefused(Poll(device_code), "authorization_pending", 70016);

  auto done = Verify(user_code);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("You have signed in to Microsoft Azure CLI"), std::string::npos);
  clock_.Advance(5 * kSecond);
  auto tokens = Poll(device_code);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(ArmVerdict(tokens), "ok");
  EXPECT_EQ(Claims(tokens)["oid"], kUser.ToString());
  EXPECT_TRUE(Body(tokens).contains("id_token"));
  EXPECT_TRUE(Body(tokens).contains("refresh_token"));
  EXPECT_TRUE(Body(tokens).contains("client_info"));
  clock_.Advance(5 * kSecond);
  ExpectRefused(Poll(device_code), "bad_verification_code", 70018);
}

TEST_F(DeviceFlowTest, TheAdfsAuthorityAndMsalNodesGrantTypeWorkToo) {
  const auto started = Start("/adfs/oauth2/devicecode");
  ASSERT_EQ(Verify(started["user_code"]).status, 200);
  auto tokens = Request("POST", "/adfs/oauth2/token",
                        "grant_type=device_code&client_id=" + std::string(kCliClient) +
                            "&device_code=" + started["device_code"].get<std::string>() +
                            "&scope=" + PercentEncode(kMsalScope));
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(Claims(tokens)["iss"], std::string(kBase) + "/adfs");
}

TEST_F(DeviceFlowTest, PollingTooFastDeclinedExpiredAndUnknownCodesAreRefused) {
  const std::string fast = Start()["device_code"];
  ExpectRefused(Poll(fast), "authorization_pending", 70016);
  ExpectRefused(Poll(fast), "slow_down", 70016);

  const auto declined = Start();
  auto page = Verify(declined["user_code"], "deny");
  EXPECT_NE(page.body.find("You declined"), std::string::npos);
  ExpectRefused(Poll(declined["device_code"]), "authorization_declined", 65004);

  const auto wrong = Start();
  auto refused = Verify(wrong["user_code"], "allow", "not the password");
  EXPECT_NE(refused.body.find("AADSTS50126"), std::string::npos);
  clock_.Advance(6 * kSecond);
  ExpectRefused(Poll(wrong["device_code"]), "authorization_pending", 70016);

  const std::string expired = Start()["device_code"];
  clock_.Advance(900 * kSecond);
  ExpectRefused(Poll(expired), "expired_token", 70020);
  ExpectRefused(Poll("made-up"), "bad_verification_code", 70018);

  auto unknown_client = Request("POST", "/organizations/oauth2/v2.0/devicecode",
                                "client_id=" + kAppId.ToString() + "&scope=" + Scope());
  ExpectRefused(unknown_client, "unauthorized_client", 700016);
  auto no_resource = Request("POST", "/organizations/oauth2/v2.0/devicecode",
                             "client_id=" + std::string(kCliClient) + "&scope=openid");
  ExpectRefused(no_resource, "invalid_scope", 500011);
  auto bad_code_page = Request("GET", "/devicelogin");
  const std::string token = FormToken(bad_code_page);
  auto bad =
      Request("POST", "/devicelogin", "form_token=" + token + "&step=code&code=BCDFGHJKM", token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("That code didn"), std::string::npos);
}

}  // namespace
}  // namespace pal::api::token_test
