#include "identity/client_assertion.h"

#include <fmt/format.h>

#include <optional>

#include "core/text.h"
#include "core/time_format.h"
#include "identity/base64url.h"

namespace pal::identity {
namespace {

constexpr std::string_view kCertificateDocs =
    "Review the documentation at https://learn.microsoft.com/entra/identity-platform/"
    "certificate-credentials .";

std::string StringClaim(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Timestamp> TimeClaim(const nlohmann::json& payload, const char* name) {
  auto it = payload.find(name);
  if (it == payload.end() || !it->is_number()) return std::nullopt;
  const double seconds = it->get<double>();
  constexpr double kLimit = 253402300799.0;  // 9999-12-31
  if (!(seconds >= 0 && seconds <= kLimit)) return std::nullopt;
  return static_cast<Timestamp>(seconds) * kMicrosPerSecond;
}

bool SameAudience(std::string_view a, std::string_view b) {
  return EqualsIgnoreCase(TrimTrailingSlashes(a), TrimTrailingSlashes(b));
}

bool AudienceMatches(const nlohmann::json& payload, const std::vector<std::string>& accepted) {
  auto aud = payload.find("aud");
  if (aud == payload.end()) return false;
  auto matches = [&](const nlohmann::json& value) {
    if (!value.is_string()) return false;
    for (const auto& a : accepted) {
      if (SameAudience(value.get<std::string>(), a)) return true;
    }
    return false;
  };
  if (aud->is_array()) {
    for (const auto& value : *aud) {
      if (matches(value)) return true;
    }
    return false;
  }
  return matches(*aud);
}

std::string WithoutPadding(std::string text) {
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string HexOf(std::string_view base64url) {
  auto bytes = Base64UrlDecode(base64url);
  if (!bytes) return std::string(base64url);
  std::string out;
  for (unsigned char c : *bytes) out += fmt::format("{:02X}", c);
  return out;
}

// The registered certificate the header names, or an AADSTS700027 refusal.
Result<const ClientCertificate*> FindCertificate(const nlohmann::json& header,
                                                 const ClientAssertionContext& context,
                                                 std::span<const ClientCertificate> certificates) {
  const std::string alg = StringClaim(header, "alg");
  // MSAL for Python pads its base64url thumbprints with '='.
  const std::string x5t = WithoutPadding(StringClaim(header, "x5t"));
  const std::string x5t_s256 = WithoutPadding(StringClaim(header, "x5t#S256"));
  const bool pss = alg == "PS256";
  if ((pss && x5t_s256.empty()) || (!pss && x5t.empty() && x5t_s256.empty())) {
    return AssertionRefused(
        700027, fmt::format("Client assertion contains an invalid signature. [Reason - The key "
                            "was not found: the header names no {}.]",
                            pss ? "'x5t#S256' thumbprint (required with PS256)"
                                : "'x5t' or 'x5t#S256' thumbprint"));
  }
  const std::string shown = HexOf(x5t_s256.empty() || (!pss && !x5t.empty()) ? x5t : x5t_s256);
  for (const auto& certificate : certificates) {
    const bool named = (!x5t_s256.empty() && certificate.X5tS256() == x5t_s256) ||
                       (!pss && !x5t.empty() && certificate.X5t() == x5t);
    if (!named) continue;
    if (context.now < certificate.NotBefore() || context.now >= certificate.NotAfter()) {
      return AssertionRefused(
          700027, fmt::format("Client assertion contains an invalid signature. [Reason - The key "
                              "used is expired., Thumbprint of key used by client: '{}']",
                              shown));
    }
    return &certificate;
  }
  return AssertionRefused(
      700027,
      fmt::format("Client assertion contains an invalid signature. [Reason - The key was not "
                  "found., Thumbprint of key used by client: '{}', Please see the certificates "
                  "registered for app Id '{}' (pal admin principal credential list).]",
                  shown, context.client_id));
}

}  // namespace

Error AssertionRefused(int code, std::string_view message) {
  return Error::Unauthenticated(fmt::format("AADSTS{}", code), std::string(message));
}

bool IsCertificateAssertion(const JwsParts& jws, std::string_view client_id) {
  return EqualsIgnoreCase(StringClaim(jws.decoded.payload, "iss"), client_id);
}

Result<void> CheckAssertionTimes(const nlohmann::json& payload, Timestamp now) {
  const auto exp = TimeClaim(payload, "exp");
  const auto nbf = TimeClaim(payload, "nbf");
  if (!exp || *exp + kAssertionClockSkew < now || (nbf && *nbf - kAssertionClockSkew > now)) {
    return AssertionRefused(
        700024,
        fmt::format("Client assertion is not within its valid time range. Current time: {}, "
                    "assertion valid from {}, expiry time of assertion {}. {}",
                    FormatIso8601(now), nbf ? FormatIso8601(*nbf) : "(no nbf)",
                    exp ? FormatIso8601(*exp) : "(no exp)", kCertificateDocs));
  }
  return {};
}

Result<void> VerifyCertificateAssertion(const JwsParts& jws, const ClientAssertionContext& context,
                                        std::span<const ClientCertificate> certificates,
                                        AssertionReplayCache& replay) {
  const nlohmann::json& header = jws.decoded.header;
  const nlohmann::json& payload = jws.decoded.payload;
  const std::string alg = StringClaim(header, "alg");
  if (alg != "RS256" && alg != "PS256") {
    return AssertionRefused(5002738, fmt::format("Invalid JWT token. '{}' is not a supported "
                                                 "signature algorithm. Supported signing "
                                                 "algorithms are: 'RS256, PS256'.",
                                                 alg));
  }
  PAL_ASSIGN_OR_RETURN(const ClientCertificate* certificate,
                       FindCertificate(header, context, certificates));
  if (header.contains("crit") ||
      !certificate->PublicKey().Verify(alg, jws.signing_input, jws.signature)) {
    return AssertionRefused(
        700027, fmt::format("Client assertion contains an invalid signature. [Reason - The "
                            "provided signature value did not match the expected signature "
                            "value., Thumbprint of key used by client: '{}']",
                            certificate->Sha1Thumbprint()));
  }
  if (!EqualsIgnoreCase(StringClaim(payload, "iss"), context.client_id) ||
      !EqualsIgnoreCase(StringClaim(payload, "sub"), context.client_id)) {
    return AssertionRefused(700021, fmt::format("Client assertion application identifier doesn't "
                                                "match 'client_id' parameter. {}",
                                                kCertificateDocs));
  }
  if (!AudienceMatches(payload, context.audiences)) {
    return AssertionRefused(700023, fmt::format("Client assertion audience claim does not match "
                                                "Realm issuer. {}",
                                                kCertificateDocs));
  }
  PAL_TRY(CheckAssertionTimes(payload, context.now));
  const std::string jti = StringClaim(payload, "jti");
  if (jti.empty()) {
    return AssertionRefused(50027,
                            "Invalid JWT token. The client assertion has no 'jti' claim; "
                            "each assertion must carry a unique identifier.");
  }
  const Timestamp until = *TimeClaim(payload, "exp") + kAssertionClockSkew;
  if (!replay.TryUse(ToLowerAscii(context.client_id) + "\n" + jti, until, context.now)) {
    return AssertionRefused(
        50013, fmt::format("Assertion is invalid: the client assertion with identifier (jti) "
                           "'{}' was already presented. Sign a new assertion for each request.",
                           jti));
  }
  return {};
}

}  // namespace pal::identity
