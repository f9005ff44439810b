#pragma once

#include <span>
#include <string_view>

#include "core/application_credential.h"
#include "core/result.h"
#include "identity/federated_issuer_keys.h"
#include "identity/jwt.h"

namespace pal::identity {

// Checks an external issuer's token presented as the client assertion of application
// `client_id` against its federated credentials and returns the one it matches. Refusals are
// Errors with code "AADSTS<number>" (client_assertion.h), in this order: alg RS256 or PS256 —
// AADSTS5002738; the app has no federated credential — AADSTS70021; none with the token's
// "iss" (exact, case-sensitive) — AADSTS700211; the issuer's keys cannot be had — AADSTS50166;
// no key of it verifies the signature — AADSTS50027; "exp"/"nbf" — AADSTS700024; none of that
// issuer with the token's "sub" (exact, case-sensitive) — AADSTS700213; none of those whose
// audience is in the token's "aud" — AADSTS700212. Keys are asked for only once the issuer is
// one a credential trusts. Thread-safe.
Result<const FederatedCredential*> VerifyFederatedAssertion(
    const JwsParts& jws, std::string_view client_id,
    std::span<const FederatedCredential> credentials, IssuerKeySource& keys, Timestamp now);

}  // namespace pal::identity
