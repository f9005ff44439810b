#pragma once

#include <cstddef>
#include <memory>

#include "api/insights_api.h"
#include "api/pal_service.h"
#include "api/static_files.h"
#include "api/token_service.h"
#include "core/clock.h"
#include "identity/signing_key.h"
#include "identity/token_issuer.h"
#include "identity/token_verifier.h"
#include "store/store.h"

namespace pal::server {

// What the service works on; each must outlive it.
struct PalServiceDependencies {
  store::Store& store;
  const identity::SigningKey& signing_key;
  const identity::TokenIssuer& issuer;
  const identity::TokenVerifier& verifier;
  const Clock& clock;
  attribution::InsightsEngine& insights_engine;
};

struct PalServiceSettings {
  // The token service's base URLs, audiences and sign-in throttles.
  api::TokenServiceOptions tokens;
  // Link operations per page of the Microsoft.ManagementPartner operations list.
  std::size_t operations_page_size = 2;
  // Runs the handlers' blocking work (store access, secret checks): the HTTP server's blocking
  // pool under `pal serve`, the calling thread in tests.
  api::BlockingRunner run_blocking;
  // The portal's files (null: no portal) and the operational hooks (metrics, rate limits, the
  // request log).
  const api::StaticFiles* portal = nullptr;
  api::ServiceOperations operations{};
};

// The request handlers of the service and the PalService that routes requests to them, which
// it holds by reference: they live and die together.
class PalServiceObjects {
 public:
  PalServiceObjects(const PalServiceDependencies& dependencies, PalServiceSettings settings);
  ~PalServiceObjects();
  PalServiceObjects(const PalServiceObjects&) = delete;
  PalServiceObjects& operator=(const PalServiceObjects&) = delete;

  api::PalService& service() { return *service_; }

 private:
  struct Handlers;
  std::unique_ptr<Handlers> handlers_;
  std::unique_ptr<api::PalService> service_;
};

// Wires the whole service (token service, ARM providers, Pal.PowerPlatform, directory and
// insights) over one store: what `pal serve` runs and what the service tests exercise.
std::unique_ptr<PalServiceObjects> BuildPalService(const PalServiceDependencies& dependencies,
                                                   PalServiceSettings settings);

}  // namespace pal::server
