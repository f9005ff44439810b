#include "api/pal_service.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>

#include "api/arm_response.h"
#include "api/json_body.h"
#include "api/security_headers.h"
#include "api/url_encoding.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal::api {
namespace {

HttpResponse PlainJson(int status, std::string body) {
  HttpResponse response = JsonResponse(status, std::move(body));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

PalService::PalService(TokenService& tokens, const CloudMetadata& metadata,
                       const ManagedIdentityEndpoint& managed_identity,
                       const identity::TokenVerifier& verifier, const ArmRouter& router,
                       SubscriptionStateGuard& state_guard, const StaticFiles* portal,
                       ServiceOperations operations)
    : tokens_(tokens),
      metadata_(metadata),
      managed_identity_(managed_identity),
      verifier_(verifier),
      router_(router),
      state_guard_(state_guard),
      portal_(portal),
      operations_(std::move(operations)) {
  if (!operations_.log_sink) {
    operations_.log_sink = [](std::string_view line) {
      std::fwrite(line.data(), 1, line.size(), stderr);
    };
  }
}

// What the metrics and the log line of one request need, filled in as it is routed.
struct PalService::RequestRecord {
  std::chrono::steady_clock::time_point start;
  std::string method;
  std::string path;
  RouteFamily route = RouteFamily::kOther;
  std::optional<PrincipalKey> caller;  // once the token is verified
};

namespace {

constexpr std::size_t kMaxLoggedPath = 512;
constexpr std::string_view kRequestIdHeader = "x-ms-request-id";

const std::string* FindHeader(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace

void PalService::Handle(const HttpRequest& request, Respond respond_once) {
  // Handlers take copies of `respond`; whichever answer comes first is the only one sent, so
  // the exception boundary below can still answer after a handler took it and threw.
  auto target = std::make_shared<Respond>(std::move(respond_once));
  auto answered = std::make_shared<std::atomic<bool>>(false);
  auto record = std::make_shared<RequestRecord>();
  record->start = std::chrono::steady_clock::now();
  record->method = request.method;
  record->path = request.path.substr(0, kMaxLoggedPath);
  Respond respond = [this, target, answered, record](HttpResponse response) {
    if (answered->exchange(true)) return;
    Finish(*record, response);
    (*target)(std::move(response));
  };
  try {
    Dispatch(request, respond, *record);
  } catch (const std::exception& e) {
    // Third-party code (JSON, allocation) may throw; answer once, here, at the boundary.
    respond(ArmError(
        Error::Internal(fmt::format("The server could not process the request: {}", e.what())),
        request));
  }
}

void PalService::Dispatch(const HttpRequest& request, const Respond& respond,
                          RequestRecord& record) {
  // A parameter given twice would leave it to each reader which copy counts.
  if (auto repeated = RepeatedName(request.query)) {
    return respond(ArmError(
        Error::InvalidArgument("InvalidQueryParameter",
                               fmt::format("The query parameter '{}' is given more than once; "
                                           "give each parameter once.",
                                           *repeated)),
        request));
  }
  if (EqualsIgnoreCase(request.path, "/_pal/health")) {
    record.route = RouteFamily::kHealth;
    return respond(PlainJson(200, R"({"status":"ok"})"));
  }
  if (EqualsIgnoreCase(request.path, "/_pal/ready")) {
    record.route = RouteFamily::kReady;
    return respond(ready_.load() ? PlainJson(200, R"({"status":"ready"})")
                                 : PlainJson(503, R"({"status":"starting"})"));
  }
  if (operations_.metrics && EqualsIgnoreCase(request.path, "/_pal/metrics")) {
    record.route = RouteFamily::kMetrics;
    HttpResponse response;
    response.status = 200;
    response.body = operations_.metrics->Render();
    response.SetHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    response.SetHeader("Cache-Control", "no-store");
    return respond(std::move(response));
  }
  if (portal_ && portal_->Serves(request.path)) {
    record.route = RouteFamily::kPortal;
    return respond(portal_->Answer(request));
  }
  // Sign-in: the cloud's metadata (which names the authority) and the token service.
  record.route = RouteFamily::kToken;
  if (metadata_.TryHandle(request, respond)) return;
  if (tokens_.TryHandle(request, respond)) return;
  if (managed_identity_.TryHandle(request, respond)) return;
  record.route = router_.FamilyOf(request.path).value_or(RouteFamily::kOther);
  // Every ARM API takes JSON: its type and shape are checked once, here.
  if (auto refused = RefuseJsonBody(request)) return respond(std::move(*refused));
  HandleArm(request, respond, record);
}

void PalService::HandleArm(const HttpRequest& request, Respond respond, RequestRecord& record) {
  auto caller = verifier_.Verify(request.Header("Authorization").value_or(""));
  if (!caller.ok()) return respond(Unauthorized(caller.error(), request));
  const PrincipalKey principal{caller->tenant_id, caller->object_id};
  record.caller = principal;
  if (operations_.rate_limiter && operations_.rate_limiter->enabled()) {
    if (auto wait = operations_.rate_limiter->Acquire(principal, operations_.clock->Now())) {
      if (operations_.metrics) operations_.metrics->RecordRateLimited();
      HttpResponse response = ArmError(
          Error{ErrorKind::kUnavailable, "TooManyRequests",
                fmt::format("Too many requests from this principal; retry after {} second(s).",
                            *wait)},
          request);
      response.status = 429;
      response.SetHeader("Retry-After", std::to_string(*wait));
      return respond(std::move(response));
    }
  }
  // Every request addressed to a subscription passes its state first (not found, read-only).
  state_guard_.Admit(request, *caller, std::move(respond),
                     [this, caller = *caller](const HttpRequest& admitted, Respond next) {
                       router_.Dispatch(admitted, caller, std::move(next));
                     });
}

void PalService::Finish(const RequestRecord& record, HttpResponse& response) const {
  AddSecurityHeaders(response);
  if (record.route != RouteFamily::kPortal) DefaultToNoStore(response);
  const std::string* id = FindHeader(response, kRequestIdHeader);
  if (!id) {
    response.SetHeader(std::string(kRequestIdHeader), NewRequestId());
    id = FindHeader(response, kRequestIdHeader);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - record.start).count();
  if (operations_.metrics) {
    operations_.metrics->RecordRequest(record.route, response.status, seconds);
  }
  if (operations_.log_format == RequestLogFormat::kNone || !operations_.clock) return;
  const std::string time = FormatIso8601(operations_.clock->Now());
  const double millis = seconds * 1000;
  std::string line;
  if (operations_.log_format == RequestLogFormat::kJson) {
    line = fmt::format(R"({{"time":"{}","requestId":"{}","method":"{}","path":"{}","route":"{}",)"
                       R"("status":{},"durationMs":{:.3f})",
                       time, JsonEscape(*id), JsonEscape(record.method), JsonEscape(record.path),
                       RouteFamilyName(record.route), response.status, millis);
    if (record.caller) {
      line += fmt::format(R"(,"tenantId":"{}","objectId":"{}")",
                          record.caller->tenant_id.ToString(), record.caller->object_id.ToString());
    }
    line += "}\n";
  } else {
    line = fmt::format("{} {} {} {} {} {:.3f}ms route={}", time, *id, JsonEscape(record.method),
                       JsonEscape(record.path), response.status, millis,
                       RouteFamilyName(record.route));
    if (record.caller) {
      line += fmt::format(" caller={}/{}", record.caller->tenant_id.ToString(),
                          record.caller->object_id.ToString());
    }
    line += "\n";
  }
  operations_.log_sink(line);
}

HttpResponse PalService::Unauthorized(const Error& error, const HttpRequest& request) const {
  HttpResponse response = ArmError(error, request);
  response.status = 401;
  response.SetHeader(
      "WWW-Authenticate",
      fmt::format(
          R"(Bearer authorization_uri="{}/common/oauth2/authorize", error="invalid_token", error_description="{}")",
          tokens_.BaseUrlFor(request), error.code));
  return response;
}

}  // namespace pal::api
