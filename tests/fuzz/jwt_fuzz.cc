// Fuzz target for the JWT parser and verifier. The input is token text: DecodeJwt,
// VerifyJwtSignature against a test key and JwtTokenVerifier::Verify (as a Bearer header and
// raw) must never crash, and no input may pass the signature check as it stands (it was not
// signed with this run's key). Then the input's "header.payload" is signed with the key, so
// the checks after the signature (alg, kid, crit, JSON shape, claims, issuer, audience, times)
// see arbitrary headers and payloads: whatever verifies must also decode to the same parts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "identity/base64url.h"
#include "identity/jwt.h"
#include "identity/signing_key.h"
#include "identity/token_verifier.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// 2026-06-01T00:00:00Z: the seed corpus's tokens are valid then.
constexpr pal::Timestamp kNow = 1'780'272'000 * pal::kMicrosPerSecond;

struct Fixture {
  pal::identity::SigningKey key = std::move(pal::identity::SigningKey::Generate()).value();
  pal::FixedClock clock{kNow};
  pal::identity::JwtTokenVerifier verifier{
      key, clock, {"https://management.azure.com/"}, {"https://localhost:8443"}};
};

Fixture& TheFixture() {
  static Fixture* fixture = new Fixture();  // never destroyed: no teardown order at exit
  return *fixture;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Fixture& f = TheFixture();
  const std::string_view token(reinterpret_cast<const char*>(data), size);

  auto decoded = pal::identity::DecodeJwt(token);
  if (decoded.ok()) {
    Check(decoded->header.is_object() && decoded->payload.is_object());
  } else {
    Check(!decoded.error().message.empty());
  }
  Check(!pal::identity::VerifyJwtSignature(f.key, token).ok());
  Check(!f.verifier.Verify(token).ok());
  Check(!f.verifier.Verify("Bearer " + std::string(token)).ok());

  // Sign what precedes the last '.' (or the whole input) with the key.
  const size_t dot = token.rfind('.');
  const std::string_view signing_input =
      dot == std::string_view::npos ? token : token.substr(0, dot);
  auto signature = f.key.SignRs256(signing_input);
  Check(signature.ok());
  const std::string signed_token =
      std::string(signing_input) + "." + pal::identity::Base64UrlEncode(*signature);
  auto verified = pal::identity::VerifyJwtSignature(f.key, signed_token);
  if (verified.ok()) {
    auto plain = pal::identity::DecodeJwt(signed_token);
    Check(plain.ok());
    Check(plain->header == verified->header && plain->payload == verified->payload);
    Check(verified->header.value("alg", "") == "RS256");
  }
  auto caller = f.verifier.Verify("Bearer " + signed_token);
  if (caller.ok()) {
    Check(verified.ok());
    Check(caller->expires_at + pal::identity::JwtTokenVerifier::kClockSkew > kNow);
    // A second look is answered from the cache with the same caller.
    auto again = f.verifier.Verify("bearer " + signed_token);
    Check(again.ok() && again->object_id == caller->object_id &&
          again->tenant_id == caller->tenant_id);
  }
  return 0;
}
