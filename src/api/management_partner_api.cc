#include "api/management_partner_api.h"

#include <fmt/format.h>

#include <array>
#include <memory>

#include "api/arm_response.h"
#include "api/link_precondition_headers.h"
#include "api/resource_type_not_found.h"
#include "api/url_encoding.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal::api {
namespace {

struct OperationInfo {
  std::string_view name;
  std::string_view operation;
  std::string_view description;
};

constexpr std::array<OperationInfo, 4> kOperations = {{
    {"Microsoft.ManagementPartner/partners/read", "Get ManagementPartner",
     "Read All ManagementPartner"},
    {"Microsoft.ManagementPartner/partners/write", "Create ManagementPartner",
     "Create any ManagementPartner"},
    {"Microsoft.ManagementPartner/partners/action", "Update ManagementPartner",
     "Update any ManagementPartner"},
    {"Microsoft.ManagementPartner/partners/delete", "Delete ManagementPartner",
     "Delete any ManagementPartner"},
}};

// The partner id of a `partners/{partnerId*}` path, percent-decoded ("" for `partners`: the
// caller's link, whatever its id).
Result<std::string> PartnerIdOf(const ArmCall& call) {
  for (const auto& [name, value] : call.params) {
    if (name != "partnerId") continue;
    const std::string_view raw = std::string_view(value).substr(1);  // after the greedy's '/'
    auto decoded = PercentDecode(raw);
    if (!decoded) {
      return Error::InvalidArgument(
          "BadRequest", fmt::format("The partner ID '{}' is not correctly percent-encoded.", raw));
    }
    return std::move(*decoded);
  }
  return std::string();
}

// 200 with the link and its ETag header, so a client can send it back as If-Match.
HttpResponse LinkResponse(const ManagementPartnerLink& link, const HttpRequest& request) {
  HttpResponse response = ArmJson(200, PartnerResponseJson(link), request);
  response.SetHeader("ETag", LinkEtagHeader(link.version));
  return response;
}

}  // namespace

std::string PartnerResponseJson(const ManagementPartnerLink& link) {
  const std::string id = JsonEscape(link.partner_id);
  return fmt::format(R"({{"id":"/providers/microsoft.managementpartner/partners/{0}","name":"{0}",)"
                     R"("type":"Microsoft.ManagementPartner/partners","etag":{1},"properties":{{)"
                     R"("partnerId":"{0}","partnerName":"{2}","tenantId":"{3}","objectId":"{4}",)"
                     R"("version":{1},"updatedTime":"{5}","createdTime":"{6}","state":"{7}"}}}})",
                     id, link.version, JsonEscape(link.partner_name),
                     link.owner.tenant_id.ToString(), link.owner.object_id.ToString(),
                     FormatIso8601(link.updated_at), FormatIso8601(link.created_at),
                     LinkStateName(link.state));
}

ManagementPartnerApi::ManagementPartnerApi(store::Store& store, size_t operations_page_size)
    : store_(store), operations_page_size_(operations_page_size ? operations_page_size : 1) {}

void ManagementPartnerApi::AddRoutes(ArmRouter& router) {
  constexpr RouteFamily kFamily = RouteFamily::kManagementPartner;
  router
      .Add("/providers/Microsoft.ManagementPartner/operations", kFamily,
           kManagementPartnerApiVersion, "The operations list is read with GET.")
      .OnInPlace("GET", [this](const ArmCall& call) { return ListOperations(call); });
  router
      .Add("/providers/Microsoft.ManagementPartner/partners", kFamily, kManagementPartnerApiVersion,
           "Your link is read here with GET; write it at partners/{partnerId}.")
      .OnInPlace("GET", [this](const ArmCall& call) { return GetLink(call); });
  const auto write = [this](LinkAction action) {
    return [this, action](const ArmCall& call, Respond respond) {
      Write(action, call, std::move(respond));
    };
  };
  // Greedy, so that an id with a '/' (or none that decodes) is refused as a partner id.
  router
      .Add("/providers/Microsoft.ManagementPartner/partners/{partnerId*}", kFamily,
           kManagementPartnerApiVersion,
           "A link is read (GET), created (PUT), updated (PATCH) or deleted (DELETE).")
      .OnInPlace("GET", [this](const ArmCall& call) { return GetLink(call); })
      .OnAsync("PUT", write(LinkAction::kCreate))
      .OnAsync("PATCH", write(LinkAction::kUpdate))
      .OnAsync("DELETE", write(LinkAction::kDelete));
  const auto unknown_type = [](const ArmCall& call) {
    return Error::NotFound("InvalidResourceType",
                           fmt::format("The resource type '{}' could not be found in the namespace "
                                       "'Microsoft.ManagementPartner' for api version '{}'.",
                                       call.Param("type"), kManagementPartnerApiVersion));
  };
  AddResourceTypeNotFound(router, "/providers/Microsoft.ManagementPartner/{type}", kFamily, "",
                          unknown_type);
  AddResourceTypeNotFound(router, "/providers/Microsoft.ManagementPartner/{type}/{rest*}", kFamily,
                          "", unknown_type);
}

Result<HttpResponse> ManagementPartnerApi::GetLink(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(std::string partner_id, PartnerIdOf(call));
  // An id, when given, must at least look like one (none means "my link").
  if (!partner_id.empty()) PAL_TRY(ValidatePartnerIdSyntax(partner_id));
  const PrincipalKey caller{call.caller.tenant_id, call.caller.object_id};
  PAL_ASSIGN_OR_RETURN(auto link, SelectLinkForRead(store_.links().FindLink(caller), partner_id));
  return LinkResponse(link, call.request);
}

Result<LinkCommand> ManagementPartnerApi::WriteCommand(LinkAction action, const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(std::string partner_id, PartnerIdOf(call));
  PAL_TRY(ValidatePartnerIdSyntax(partner_id));
  LinkCommand command{action, partner_id, ""};
  // Parsed here but checked by the store's writer against the link inside the write
  // transaction: checking a read made now would race with concurrent writers.
  PAL_ASSIGN_OR_RETURN(command.precondition, ParseLinkPreconditionHeaders(call.request));
  if (action != LinkAction::kDelete) {
    PAL_ASSIGN_OR_RETURN(auto entry, store_.partners().FindPartner(partner_id));
    PAL_TRY(CheckLinkablePartner(partner_id, entry));
    command.partner_name = entry->name;
  }
  return command;
}

void ManagementPartnerApi::Write(LinkAction action, const ArmCall& call, Respond respond) {
  auto command = WriteCommand(action, call);
  if (!command.ok()) return respond(ArmError(command.error(), call.request));
  const PrincipalKey caller{call.caller.tenant_id, call.caller.object_id};
  // The request outlives this call only through what the completion captures.
  auto context = std::make_shared<HttpRequest>();
  context->headers = call.request.headers;
  store_.links().WriteLink(
      caller, caller, *command,
      [context, action, respond = std::move(respond)](Result<ManagementPartnerLink> written) {
        if (!written.ok()) return respond(ArmError(written.error(), *context));
        if (action == LinkAction::kDelete) return respond(EmptyArmResponse(200, *context));
        respond(LinkResponse(*written, *context));
      });
}

Result<HttpResponse> ManagementPartnerApi::ListOperations(const ArmCall& call) const {
  const HttpRequest& request = call.request;
  size_t skip = 0;
  if (auto token = request.QueryParam("$skipToken")) {
    bool numeric = !token->empty() && token->size() < 6;
    for (char c : *token) numeric = numeric && c >= '0' && c <= '9';
    if (!numeric || std::stoul(*token) >= kOperations.size()) {
      return Error::InvalidArgument(
          "InvalidSkipToken",
          fmt::format("The $skipToken '{}' is not valid for this list.", *token));
    }
    skip = std::stoul(*token);
  }
  std::string body = R"({"value":[)";
  const size_t end = std::min(kOperations.size(), skip + operations_page_size_);
  for (size_t i = skip; i < end; ++i) {
    const auto& op = kOperations[i];
    if (i > skip) body += ',';
    body += fmt::format(R"({{"name":"{}","display":{{"provider":"Microsoft ManagementPartner",)"
                        R"("resource":"ManagementPartner","operation":"{}","description":"{}"}}}})",
                        op.name, op.operation, op.description);
  }
  body += ']';
  if (end < kOperations.size()) {
    body += fmt::format(
        R"(,"nextLink":"{}/providers/Microsoft.ManagementPartner/operations?api-version={}&$skipToken={}")",
        JsonEscape(request.base_url), kManagementPartnerApiVersion, end);
  }
  body += '}';
  return ArmJson(200, std::move(body), request);
}

}  // namespace pal::api
