#include "api/pal_service.h"

#include <fmt/format.h>

#include <atomic>
#include <exception>
#include <memory>

#include "api/arm_response.h"
#include "core/text.h"

namespace pal::api {
namespace {

HttpResponse PlainJson(int status, std::string body) {
  HttpResponse response = JsonResponse(status, std::move(body));
  response.SetHeader("Cache-Control", "no-cache");
  return response;
}

}  // namespace

PalService::PalService(TokenService& tokens, const identity::TokenVerifier& verifier,
                       ArmApis apis, const StaticFiles* portal)
    : tokens_(tokens), verifier_(verifier), apis_(apis), portal_(portal) {}

void PalService::Handle(const HttpRequest& request, Respond respond_once) {
  // Handlers take copies of `respond`; whichever answer comes first is the only one sent, so
  // the exception boundary below can still answer after a handler took it and threw.
  auto target = std::make_shared<Respond>(std::move(respond_once));
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Respond respond = [target, answered](HttpResponse response) {
    if (!answered->exchange(true)) (*target)(std::move(response));
  };
  try {
    if (EqualsIgnoreCase(request.path, "/_pal/health")) {
      return respond(PlainJson(200, R"({"status":"ok"})"));
    }
    if (EqualsIgnoreCase(request.path, "/_pal/ready")) {
      return respond(ready_.load() ? PlainJson(200, R"({"status":"ready"})")
                                   : PlainJson(503, R"({"status":"starting"})"));
    }
    if (portal_ && portal_->Serves(request.path)) return respond(portal_->Answer(request));
    if (tokens_.TryHandle(request, respond)) return;
    HandleArm(request, respond);
  } catch (const std::exception& e) {
    // Third-party code (JSON, allocation) may throw; answer once, here, at the boundary.
    respond(ArmError(Error::Internal(fmt::format("The server could not process the request: {}",
                                                 e.what())),
                     request));
  }
}

void PalService::HandleArm(const HttpRequest& request, Respond respond) {
  auto caller = verifier_.Verify(request.Header("Authorization").value_or(""));
  if (!caller.ok()) return respond(Unauthorized(caller.error(), request));
  if (StartsWithIgnoreCase(request.path, kManagementPartnerPrefix)) {
    return apis_.management_partner.Handle(request, *caller, std::move(respond));
  }
  if (InsightsApi::Serves(request.path)) {
    return apis_.insights.Handle(request, *caller, std::move(respond));
  }
  if (DirectoryApi::Serves(request.path)) {
    return apis_.directory.Handle(request, *caller, std::move(respond));
  }
  if (PowerPlatformApi::Serves(request.path)) {
    return apis_.power_platform.Handle(request, *caller, std::move(respond));
  }
  const std::string lower_path = ToLowerAscii(request.path);
  if (lower_path.find(kRoleDefinitionsMarker) != std::string::npos) {
    return apis_.role_definitions.Handle(request, *caller, std::move(respond));
  }
  if (lower_path.find(kRoleAssignmentsMarker) != std::string::npos) {
    return apis_.role_assignments.Handle(request, *caller, std::move(respond));
  }
  if (lower_path.find(kPartnerOfRecordMarker) != std::string::npos) {
    return apis_.partner_of_record.Handle(request, *caller, std::move(respond));
  }
  if (lower_path.find(kManagedServicesMarker) != std::string::npos) {
    return apis_.managed_services.Handle(request, *caller, std::move(respond));
  }
  if (ManagementGroupsApi::Serves(request.path)) {
    return apis_.management_groups.Handle(request, *caller, std::move(respond));
  }
  if (ResourceGroupsApi::Serves(request.path)) {
    return apis_.resource_groups.Handle(request, *caller, std::move(respond));
  }
  if (SubscriptionsApi::Serves(request.path)) {
    return apis_.subscriptions.Handle(request, *caller, std::move(respond));
  }
  respond(ArmError(Error::NotFound("NotFound", fmt::format("No API is served at '{}'. See "
                                                           "docs/api.md for the supported paths.",
                                                           request.path)),
                   request));
}

HttpResponse PalService::Unauthorized(const Error& error, const HttpRequest& request) const {
  HttpResponse response = ArmError(error, request);
  response.status = 401;
  response.SetHeader(
      "WWW-Authenticate",
      fmt::format(R"(Bearer authorization_uri="{}/common/oauth2/authorize", error="invalid_token", error_description="{}")",
                  tokens_.BaseUrlFor(request), error.code));
  return response;
}

}  // namespace pal::api
