#include "identity/federated_assertion.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "identity/client_assertion.h"

namespace pal::identity {
namespace {

constexpr std::string_view kFederationDocs =
    "Check your federated identity credential Subject, Audience and Issuer against the presented "
    "assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation";

std::string StringClaim(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> Audiences(const nlohmann::json& payload) {
  std::vector<std::string> out;
  auto aud = payload.find("aud");
  if (aud == payload.end()) return out;
  if (aud->is_string()) out.push_back(aud->get<std::string>());
  if (aud->is_array()) {
    for (const auto& value : *aud) {
      if (value.is_string()) out.push_back(value.get<std::string>());
    }
  }
  return out;
}

Result<void> VerifySignature(const JwsParts& jws, const std::string& issuer,
                             IssuerKeySource& keys) {
  const std::string kid = StringClaim(jws.decoded.header, "kid");
  auto found = keys.KeysOf(issuer, kid);
  if (!found.ok()) {
    return AssertionRefused(
        50166, fmt::format("Request to External OIDC endpoint failed. {}", found.error().message));
  }
  const std::string alg = StringClaim(jws.decoded.header, "alg");
  bool named = false;
  for (const auto& key : *found) named = named || (!kid.empty() && key.KeyId() == kid);
  for (const auto& key : *found) {
    if (named && key.KeyId() != kid) continue;
    if (key.Verify(alg, jws.signing_input, jws.signature)) return {};
  }
  return AssertionRefused(
      50027, fmt::format("Invalid JWT token. External ID token from issuer '{}' failed signature "
                         "verification.",
                         issuer));
}

}  // namespace

Result<const FederatedCredential*> VerifyFederatedAssertion(
    const JwsParts& jws, std::string_view client_id,
    std::span<const FederatedCredential> credentials, IssuerKeySource& keys, Timestamp now) {
  const nlohmann::json& payload = jws.decoded.payload;
  const std::string alg = StringClaim(jws.decoded.header, "alg");
  if (alg != "RS256" && alg != "PS256") {
    return AssertionRefused(5002738, fmt::format("Invalid JWT token. '{}' is not a supported "
                                                 "signature algorithm. Supported signing "
                                                 "algorithms are: 'RS256, PS256'.",
                                                 alg));
  }
  const std::string issuer = StringClaim(payload, "iss");
  const std::string subject = StringClaim(payload, "sub");
  const std::vector<std::string> audiences = Audiences(payload);
  if (credentials.empty()) {
    return AssertionRefused(
        70021, fmt::format("No matching federated identity record found for presented assertion. "
                           "Assertion Issuer: '{}'. Assertion Subject: '{}'. Assertion Audience: "
                           "'{}'. Application '{}' has no federated identity credential. {}",
                           issuer, subject, fmt::join(audiences, ","), client_id, kFederationDocs));
  }
  std::vector<const FederatedCredential*> of_issuer;
  for (const auto& credential : credentials) {
    if (credential.issuer == issuer) of_issuer.push_back(&credential);
  }
  if (issuer.empty() || of_issuer.empty()) {
    return AssertionRefused(700211, fmt::format("No matching federated identity record found for "
                                                "presented assertion issuer '{}'. {}",
                                                issuer, kFederationDocs));
  }
  PAL_TRY(VerifySignature(jws, issuer, keys));
  PAL_TRY(CheckAssertionTimes(payload, now));
  std::vector<const FederatedCredential*> of_subject;
  for (const auto* credential : of_issuer) {
    if (credential->subject == subject) of_subject.push_back(credential);
  }
  if (subject.empty() || of_subject.empty()) {
    return AssertionRefused(700213, fmt::format("No matching federated identity record found for "
                                                "presented assertion subject '{}'. {}",
                                                subject, kFederationDocs));
  }
  for (const auto* credential : of_subject) {
    for (const auto& audience : audiences) {
      if (std::find(credential->audiences.begin(), credential->audiences.end(), audience) !=
          credential->audiences.end()) {
        return credential;
      }
    }
  }
  return AssertionRefused(700212, fmt::format("No matching federated identity record found for "
                                              "presented assertion audience '{}'. {}",
                                              fmt::join(audiences, ","), kFederationDocs));
}

}  // namespace pal::identity
