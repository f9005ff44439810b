// Client assertions: certificate assertions (RS256/x5t, PS256/x5t#S256) and external issuers'
// tokens for federated credentials, each refusal with Entra's AADSTS code.
#include "identity/client_assertion.h"

#include <gtest/gtest.h>

#include "core/application_credential.h"
#include "identity/base64url.h"
#include "identity/federated_assertion.h"
#include "identity/federated_issuer_keys.h"
#include "identity/test_key.h"

namespace pal::identity {
namespace {

// Now, whole seconds (the generated certificates are valid from an hour ago).
const Timestamp kNow = SystemClock().Now() / kMicrosPerSecond * kMicrosPerSecond;
const std::int64_t kNowSeconds = kNow / kMicrosPerSecond;
const std::string kClient = "11111111-2222-3333-4444-555555555555";
const std::string kTokenEndpoint = "https://localhost:8443/tenant-a/oauth2/v2.0/token";

// A certificate with its key, generated once per binary.
struct TestCertificate {
  SigningKey key;
  ClientCertificate certificate;
};

TestCertificate MakeCertificate() {
  auto generated = GenerateSelfSignedCertificate("pal-test", 30).value();
  auto key = SigningKey::FromPrivateKeyPem(generated.private_key_pem).value();
  auto certificate = ClientCertificate::FromPem(generated.certificate_pem).value();
  return {std::move(key), std::move(certificate)};
}

const TestCertificate& Registered() {
  static const TestCertificate c = MakeCertificate();
  return c;
}
const TestCertificate& Unregistered() {
  static const TestCertificate c = MakeCertificate();
  return c;
}

nlohmann::json Claims() {
  return {{"iss", kClient},           {"sub", kClient},          {"aud", kTokenEndpoint},
          {"exp", kNowSeconds + 600}, {"nbf", kNowSeconds - 10}, {"jti", "jti-1"}};
}

std::string Sign(const TestCertificate& c, nlohmann::json claims, std::string alg = "RS256") {
  nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}};
  if (alg == "PS256") {
    header["x5t#S256"] = c.certificate.X5tS256();
  } else {
    header["x5t"] = c.certificate.X5t();
  }
  return EncodeJws(c.key, header, claims).value();
}

// The AADSTS code of a refusal, 0 when the assertion is accepted.
int Check(const std::string& assertion, AssertionReplayCache& replay) {
  ClientAssertionContext context{kClient, {kTokenEndpoint}, kNow};
  std::vector<ClientCertificate> certificates = {Registered().certificate};
  auto jws = SplitJws(assertion);
  if (!jws.ok()) return -1;
  auto verified = VerifyCertificateAssertion(*jws, context, certificates, replay);
  if (verified.ok()) return 0;
  return std::stoi(verified.error().code.substr(6));
}

int Check(const std::string& assertion) {
  AssertionReplayCache replay;
  return Check(assertion, replay);
}

TEST(CertificateAssertion, AcceptsRs256WithX5tAndPs256WithX5tS256) {
  EXPECT_EQ(Check(Sign(Registered(), Claims())), 0);
  EXPECT_EQ(Check(Sign(Registered(), Claims(), "PS256")), 0);
  auto jws = SplitJws(Sign(Registered(), Claims()));
  EXPECT_TRUE(IsCertificateAssertion(*jws, "11111111-2222-3333-4444-555555555555"));
}

TEST(CertificateAssertion, AcceptsAPaddedThumbprintAsMsalForPythonSendsIt) {
  nlohmann::json header = {{"alg", "RS256"}, {"x5t", Registered().certificate.X5t() + "="}};
  EXPECT_EQ(Check(EncodeJws(Registered().key, header, Claims()).value()), 0);
}

TEST(CertificateAssertion, AudienceComparesAsEntraDoes) {
  auto claims = Claims();
  claims["aud"] = "HTTPS://LOCALHOST:8443/tenant-a/oauth2/v2.0/token/";
  EXPECT_EQ(Check(Sign(Registered(), claims)), 0);
  claims["aud"] = nlohmann::json::array({"https://elsewhere.example/token", kTokenEndpoint});
  EXPECT_EQ(Check(Sign(Registered(), claims)), 0);
}

TEST(CertificateAssertion, RefusesAnUnregisteredCertificate) {
  EXPECT_EQ(Check(Sign(Unregistered(), Claims())), 700027);
  EXPECT_EQ(Check(Sign(Unregistered(), Claims(), "PS256")), 700027);
}

TEST(CertificateAssertion, RefusesASignatureByAnotherKeyUnderTheRegisteredThumbprint) {
  nlohmann::json header = {{"alg", "RS256"}, {"x5t", Registered().certificate.X5t()}};
  EXPECT_EQ(Check(EncodeJws(Unregistered().key, header, Claims()).value()), 700027);
  // PS256 needs x5t#S256: the SHA-1 thumbprint alone is not enough.
  header = {{"alg", "PS256"}, {"x5t", Registered().certificate.X5t()}};
  EXPECT_EQ(Check(EncodeJws(Registered().key, header, Claims()).value()), 700027);
}

TEST(CertificateAssertion, RefusesAForeignAudience) {
  auto claims = Claims();
  claims["aud"] = "https://login.microsoftonline.com/tenant-a/oauth2/v2.0/token";
  EXPECT_EQ(Check(Sign(Registered(), claims)), 700023);
  claims.erase("aud");
  EXPECT_EQ(Check(Sign(Registered(), claims)), 700023);
}

TEST(CertificateAssertion, RefusesOutsideItsTimeRangeBeyondTheSkew) {
  auto claims = Claims();
  claims["exp"] = kNowSeconds - 301;
  EXPECT_EQ(Check(Sign(Registered(), claims)), 700024);
  claims["exp"] = kNowSeconds - 299;  // within the five minutes' skew
  EXPECT_EQ(Check(Sign(Registered(), claims)), 0);
  claims = Claims();
  claims["nbf"] = kNowSeconds + 301;
  EXPECT_EQ(Check(Sign(Registered(), claims)), 700024);
  claims = Claims();
  claims.erase("exp");
  EXPECT_EQ(Check(Sign(Registered(), claims)), 700024);
}

TEST(CertificateAssertion, JtiIsRequiredAndSingleUse) {
  auto claims = Claims();
  claims.erase("jti");
  EXPECT_EQ(Check(Sign(Registered(), claims)), 50027);
  AssertionReplayCache replay;
  const std::string assertion = Sign(Registered(), Claims());
  EXPECT_EQ(Check(assertion, replay), 0);
  EXPECT_EQ(Check(assertion, replay), 50013);
  // A refused assertion does not use up its jti.
  claims = Claims();
  claims["jti"] = "jti-2";
  claims["aud"] = "https://elsewhere.example/token";
  EXPECT_EQ(Check(Sign(Registered(), claims), replay), 700023);
  claims["aud"] = kTokenEndpoint;
  EXPECT_EQ(Check(Sign(Registered(), claims), replay), 0);
}

TEST(CertificateAssertion, IssuerAndSubjectMustBothBeTheClient) {
  auto claims = Claims();
  claims["sub"] = "someone-else";
  EXPECT_EQ(Check(Sign(Registered(), claims)), 700021);
  claims = Claims();
  claims.erase("sub");
  EXPECT_EQ(Check(Sign(Registered(), claims)), 700021);
}

TEST(CertificateAssertion, RefusesAlgNoneAndHs256) {
  const std::string payload = Base64UrlEncode(Claims().dump());
  const std::string none = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".";
  EXPECT_EQ(Check(none), 5002738);
  nlohmann::json header = {{"alg", "HS256"}, {"x5t", Registered().certificate.X5t()}};
  const std::string hs256 =
      Base64UrlEncode(header.dump()) + "." + payload + "." + Base64UrlEncode(std::string(32, 'k'));
  EXPECT_EQ(Check(hs256), 5002738);
}

// The test issuer's key for every issuer, as a JWKS would give it.
class StaticKeys final : public IssuerKeySource {
 public:
  explicit StaticKeys(std::string issuer) : issuer_(std::move(issuer)) {}
  Result<std::vector<RsaPublicKey>> KeysOf(const std::string& issuer, const std::string&) override {
    asked_ = true;
    if (issuer != issuer_) return Error::Unauthenticated("IssuerKeysUnavailable", "unknown");
    return FederatedIssuerKeys::ParseJwks(nlohmann::json{{"keys", {TestKey().PublicJwk()}}}.dump());
  }
  bool asked_ = false;

 private:
  std::string issuer_;
};

const std::string kIssuer = "https://token.actions.example";
const std::string kSubject = "repo:org/repo:ref:refs/heads/main";

FederatedCredential Credential(std::string subject = kSubject) {
  return {.principal = {},
          .name = "main",
          .issuer = kIssuer,
          .subject = std::move(subject),
          .audiences = {"api://AzureADTokenExchange"}};
}

std::string ExternalToken(nlohmann::json changes = nlohmann::json::object()) {
  nlohmann::json claims = {{"iss", kIssuer},
                           {"sub", kSubject},
                           {"aud", "api://AzureADTokenExchange"},
                           {"exp", kNowSeconds + 600},
                           {"iat", kNowSeconds}};
  claims.update(changes);
  return EncodeJws(TestKey(), {{"alg", "RS256"}, {"kid", TestKey().KeyId()}}, claims).value();
}

int CheckFederated(const std::string& token, const std::vector<FederatedCredential>& credentials,
                   StaticKeys& keys) {
  auto jws = SplitJws(token);
  if (!jws.ok()) return -1;
  auto matched = VerifyFederatedAssertion(*jws, kClient, credentials, keys, kNow);
  if (matched.ok()) return 0;
  return std::stoi(matched.error().code.substr(6));
}

TEST(FederatedAssertion, MatchesIssuerSubjectAndAudienceExactly) {
  StaticKeys keys(kIssuer);
  const std::vector<FederatedCredential> credentials = {Credential("other"), Credential()};
  auto jws = SplitJws(ExternalToken());
  EXPECT_FALSE(IsCertificateAssertion(*jws, kClient));
  auto matched = VerifyFederatedAssertion(*jws, kClient, credentials, keys, kNow);
  ASSERT_TRUE(matched.ok()) << matched.error().message;
  EXPECT_EQ((*matched)->subject, kSubject);
}

TEST(FederatedAssertion, RefusesASubjectWithItsCaseChanged) {
  StaticKeys keys(kIssuer);
  EXPECT_EQ(CheckFederated(ExternalToken({{"sub", "repo:Org/repo:ref:refs/heads/main"}}),
                           {Credential()}, keys),
            700213);
}

TEST(FederatedAssertion, RefusesAnUnknownIssuerWithoutAskingForItsKeys) {
  StaticKeys keys(kIssuer);
  EXPECT_EQ(CheckFederated(ExternalToken({{"iss", "https://evil.example"}}), {Credential()}, keys),
            700211);
  EXPECT_FALSE(keys.asked_);
  EXPECT_EQ(CheckFederated(ExternalToken(), {}, keys), 70021);
}

TEST(FederatedAssertion, RefusesAWrongAudienceABadSignatureAndAnExpiredToken) {
  StaticKeys keys(kIssuer);
  EXPECT_EQ(CheckFederated(ExternalToken({{"aud", "api://Other"}}), {Credential()}, keys), 700212);
  const std::string forged =
      EncodeJws(Registered().key, {{"alg", "RS256"}, {"kid", TestKey().KeyId()}},
                {{"iss", kIssuer},
                 {"sub", kSubject},
                 {"aud", "api://AzureADTokenExchange"},
                 {"exp", kNowSeconds + 600}})
          .value();
  EXPECT_EQ(CheckFederated(forged, {Credential()}, keys), 50027);
  EXPECT_EQ(CheckFederated(ExternalToken({{"exp", kNowSeconds - 400}}), {Credential()}, keys),
            700024);
}

TEST(FederatedCredentialRules, RefusesMoreThanTwentyAudiencesAndBadNames) {
  FederatedCredential credential = Credential();
  EXPECT_TRUE(ValidateFederatedCredential(credential).ok());
  credential.audiences.assign(kMaxFederatedCredentials + 1, "api://a");
  EXPECT_FALSE(ValidateFederatedCredential(credential).ok());
  credential = Credential();
  credential.issuer = "http://insecure.example";
  EXPECT_FALSE(ValidateFederatedCredential(credential).ok());
  credential = Credential();
  credential.name = "a";
  EXPECT_FALSE(ValidateFederatedCredential(credential).ok());
}

}  // namespace
}  // namespace pal::identity
