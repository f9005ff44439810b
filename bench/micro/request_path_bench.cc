// What one ARM request costs apart from the network: token verification (first sight and
// cached), the link lookup and the response JSON.
#include <benchmark/benchmark.h>

#include "api/management_partner_api.h"
#include "identity/jwt.h"
#include "identity/token_issuer.h"
#include "identity/token_verifier.h"

namespace pal {
namespace {

const Guid kTenant = *Guid::Parse("c0a70500-0000-4000-8000-000000000001");
const Guid kObject = *Guid::Parse("c0a70500-0000-4000-8000-0000000000b1");
constexpr char kBase[] = "https://localhost:8443";

struct Fixture {
  SystemClock clock;
  identity::SigningKey key = std::move(identity::SigningKey::Generate()).value();
  identity::TokenIssuer issuer{key, clock};

  std::string Token() {
    identity::AccessTokenClaims c;
    c.tenant_id = kTenant;
    c.object_id = kObject;
    c.idtyp = "app";
    c.audience = "https://management.azure.com/";
    c.issuer = std::string(kBase) + "/" + kTenant.ToString() + "/v2.0";
    return "Bearer " + issuer.Issue(c)->access_token;
  }
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_VerifyTokenUncached(benchmark::State& state) {
  auto& f = Shared();
  const std::string header = f.Token();
  for (auto _ : state) {
    // A fresh verifier has an empty cache: the full RS256 check every time.
    identity::JwtTokenVerifier verifier(f.key, f.clock, {"https://management.azure.com/"}, {kBase});
    benchmark::DoNotOptimize(verifier.Verify(header));
  }
}
BENCHMARK(BM_VerifyTokenUncached);

void BM_VerifyTokenCached(benchmark::State& state) {
  auto& f = Shared();
  const std::string header = f.Token();
  identity::JwtTokenVerifier verifier(f.key, f.clock, {"https://management.azure.com/"}, {kBase});
  (void)verifier.Verify(header);
  for (auto _ : state) benchmark::DoNotOptimize(verifier.Verify(header));
}
BENCHMARK(BM_VerifyTokenCached)->ThreadRange(1, 2);

void BM_PartnerResponseJson(benchmark::State& state) {
  ManagementPartnerLink link;
  link.owner = {kTenant, kObject};
  link.partner_id = "719878";
  link.partner_name = "Mekorma";
  link.version = 42;
  link.created_at = 1'800'000'000LL * kMicrosPerSecond;
  link.updated_at = link.created_at + 5;
  for (auto _ : state) benchmark::DoNotOptimize(api::PartnerResponseJson(link));
}
BENCHMARK(BM_PartnerResponseJson);

}  // namespace
}  // namespace pal
