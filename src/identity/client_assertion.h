#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "identity/assertion_replay_cache.h"
#include "identity/client_certificate.h"
#include "identity/jwt.h"

namespace pal::identity {

// The form value of client_assertion_type for a JWT client assertion (RFC 7523).
inline constexpr std::string_view kJwtBearerAssertionType =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
// How far the clocks of client and server may disagree, as Entra allows.
inline constexpr Timestamp kAssertionClockSkew = 5 * 60 * kMicrosPerSecond;

// What a client assertion is checked against.
struct ClientAssertionContext {
  std::string client_id;  // the form's client_id (an application id)
  // The "aud" values that name this token endpoint (compared case-insensitively, a trailing
  // slash ignored): the URL the request came to and its other spellings.
  std::vector<std::string> audiences;
  Timestamp now = 0;
};

// Refusals are Errors whose code is Entra's "AADSTS<number>" and whose message is Entra's text
// for it (kUnauthenticated). A refused assertion records nothing.

// True when `jws` is the client's own assertion (its "iss" is the client id, compared
// case-insensitively), to be checked against its certificates; else it is an external
// issuer's token for a federated credential.
bool IsCertificateAssertion(const JwsParts& jws, std::string_view client_id);

// Checks a certificate assertion, in Entra's order: alg RS256 (with "x5t" or "x5t#S256") or
// PS256 (with "x5t#S256") — AADSTS5002738 for another alg; a registered certificate of the app
// with that thumbprint, valid now, whose key verifies the signature — AADSTS700027; "iss" and
// "sub" both the client id — AADSTS700021; "aud" one of the context's — AADSTS700023; "exp"
// (required) and "nbf" around now within kAssertionClockSkew — AADSTS700024; a "jti" — AADSTS50027
// — not used before — AADSTS50013. Only an assertion that passes all of these records its jti
// in `replay` (until its exp plus the skew). Thread-safe.
Result<void> VerifyCertificateAssertion(const JwsParts& jws, const ClientAssertionContext& context,
                                        std::span<const ClientCertificate> certificates,
                                        AssertionReplayCache& replay);

// Shared with federated assertions: AADSTS700024 unless `payload` has a numeric "exp" not
// before now - skew, and an "nbf" (if any) not after now + skew.
Result<void> CheckAssertionTimes(const nlohmann::json& payload, Timestamp now);
// The refusal AADSTS<code> with `message`.
Error AssertionRefused(int code, std::string_view message);

}  // namespace pal::identity
