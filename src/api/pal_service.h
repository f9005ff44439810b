#pragma once

#include <atomic>
#include <memory>

#include "api/arm_router.h"
#include "api/cloud_metadata.h"
#include "api/http_message.h"
#include "api/managed_identity_endpoint.h"
#include "api/rate_limiter.h"
#include "api/service_metrics.h"
#include "api/static_files.h"
#include "api/subscription_state_guard.h"
#include "api/token_service.h"
#include "core/clock.h"
#include "identity/token_verifier.h"

namespace pal::api {

enum class RequestLogFormat { kNone, kJson, kText };

// What PalService counts, limits and logs; every pointer may be null (off). Each must
// outlive the service.
struct ServiceOperations {
  ServiceMetrics* metrics = nullptr;    // counts every request; serves /_pal/metrics
  RateLimiter* rate_limiter = nullptr;  // per verified principal; 429 TooManyRequests
  const Clock* clock = nullptr;         // the log lines' time and the limiter's; required
                                        // with a limiter or a log
  RequestLogFormat log_format = RequestLogFormat::kNone;
  // Receives one line (with its newline) per answered request; default: stderr. Called on
  // whatever thread answers; must be thread-safe.
  std::function<void(std::string_view)> log_sink;
};

// The whole HTTP surface of `pal serve`: health, the cloud metadata, the token service and the
// managed identity endpoint (all without a token), the ARM APIs behind bearer-token verification,
// and /_pal/metrics. Never throws; a failure inside a handler becomes an ARM InternalServerError.
// Every answer carries an x-ms-request-id, and with a log format one line per request records it
// with the method, path (never the query), route family, status, duration and the verified caller —
// never headers, tokens or bodies. Thread-safe.
class PalService final : public RequestHandler {
 public:
  // `router` serves the ARM resources, each request after `state_guard` admitted it (both must
  // outlive the service, as `tokens` and `metadata`); `portal` (may be empty) is served without
  // a token under its prefix.
  PalService(TokenService& tokens, const CloudMetadata& metadata,
             const ManagedIdentityEndpoint& managed_identity,
             const identity::TokenVerifier& verifier, const ArmRouter& router,
             SubscriptionStateGuard& state_guard, const StaticFiles* portal = nullptr,
             ServiceOperations operations = {});

  void Handle(const HttpRequest& request, Respond respond) override;

  // /_pal/ready answers 200 only once this is set (after the listener is up).
  void SetReady(bool ready) { ready_.store(ready); }

 private:
  struct RequestRecord;

  void Dispatch(const HttpRequest& request, const Respond& respond, RequestRecord& record);
  void HandleArm(const HttpRequest& request, Respond respond, RequestRecord& record);
  // Gives `response` a request id if it has none, counts it and writes its log line.
  void Finish(const RequestRecord& record, HttpResponse& response) const;
  HttpResponse Unauthorized(const Error& error, const HttpRequest& request) const;

  TokenService& tokens_;
  const CloudMetadata& metadata_;
  const ManagedIdentityEndpoint& managed_identity_;
  const identity::TokenVerifier& verifier_;
  const ArmRouter& router_;
  SubscriptionStateGuard& state_guard_;
  const StaticFiles* portal_;
  ServiceOperations operations_;
  std::atomic<bool> ready_{false};
};

}  // namespace pal::api
