#include "api/management_partner_api.h"

#include <fmt/format.h>

#include <array>
#include <memory>

#include "api/arm_response.h"
#include "api/link_precondition_headers.h"
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

HttpResponse MethodNotAllowed(const HttpRequest& request, std::string_view allowed) {
  return api::MethodNotAllowed(
      request, allowed,
      fmt::format("The HTTP method '{}' is not supported for '{}'. Supported: {}.", request.method,
                  request.path, allowed));
}

HttpResponse UnknownResourceType(const HttpRequest& request, std::string_view type) {
  return ArmError(
      Error::NotFound("InvalidResourceType",
                      fmt::format("The resource type '{}' could not be found in the namespace "
                                  "'Microsoft.ManagementPartner' for api version '{}'.",
                                  type, kManagementPartnerApiVersion)),
      request);
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

void ManagementPartnerApi::Handle(const HttpRequest& request,
                                  const identity::CallerIdentity& caller, Respond respond) {
  // Path after the provider prefix, in its original case: "partners", "partners/", "partners/{id}"
  // or "operations".
  const std::string_view rest =
      std::string_view(request.path).substr(kManagementPartnerPrefix.size());
  const size_t slash = rest.find('/');
  const std::string_view type = rest.substr(0, slash);

  if (EqualsIgnoreCase(type, "operations") && slash == std::string_view::npos) {
    if (request.method != "GET") return respond(MethodNotAllowed(request, "GET"));
    if (auto version = CheckApiVersion(request, kManagementPartnerApiVersion); !version.ok()) {
      return respond(ArmError(version.error(), request));
    }
    return respond(ListOperations(request));
  }
  if (!EqualsIgnoreCase(type, "partners")) {
    return respond(UnknownResourceType(request, type));
  }
  std::string partner_id;
  const bool id_in_path = slash != std::string_view::npos;
  if (id_in_path) {
    const std::string_view raw_id = rest.substr(slash + 1);
    auto decoded = PercentDecode(raw_id);
    if (!decoded) {
      return respond(ArmError(
          Error::InvalidArgument("BadRequest", fmt::format("The partner ID '{}' is not correctly "
                                                           "percent-encoded.",
                                                           raw_id)),
          request));
    }
    partner_id = std::move(*decoded);
  }
  HandlePartner(request, caller, partner_id, id_in_path, std::move(respond));
}

void ManagementPartnerApi::HandlePartner(const HttpRequest& request,
                                         const identity::CallerIdentity& caller,
                                         const std::string& partner_id, bool id_in_path,
                                         Respond respond) {
  const std::string& method = request.method;
  const bool is_get = method == "GET";
  if (!is_get && !(id_in_path && (method == "PUT" || method == "PATCH" || method == "DELETE"))) {
    return respond(MethodNotAllowed(request, id_in_path ? "GET, PUT, PATCH, DELETE" : "GET"));
  }
  if (auto version = CheckApiVersion(request, kManagementPartnerApiVersion); !version.ok()) {
    return respond(ArmError(version.error(), request));
  }
  // An id, when given, must at least look like one (GET with an empty id means "my link").
  if (!partner_id.empty() || !is_get) {
    if (auto syntax = ValidatePartnerIdSyntax(partner_id); !syntax.ok()) {
      return respond(ArmError(syntax.error(), request));
    }
  }
  const PrincipalKey caller_key{caller.tenant_id, caller.object_id};
  if (is_get) {
    auto link = SelectLinkForRead(store_.links().FindLink(caller_key), partner_id);
    if (!link.ok()) return respond(ArmError(link.error(), request));
    return respond(LinkResponse(*link, request));
  }
  const LinkAction action = method == "PUT"     ? LinkAction::kCreate
                            : method == "PATCH" ? LinkAction::kUpdate
                                                : LinkAction::kDelete;
  Write(request, caller, action, partner_id, std::move(respond));
}

void ManagementPartnerApi::Write(const HttpRequest& request, const identity::CallerIdentity& caller,
                                 LinkAction action, const std::string& partner_id,
                                 Respond respond) {
  LinkCommand command{action, partner_id, ""};
  // Parsed here but checked by the store's writer against the link inside the write
  // transaction: checking a read made now would race with concurrent writers.
  auto precondition = ParseLinkPreconditionHeaders(request);
  if (!precondition.ok()) return respond(ArmError(precondition.error(), request));
  command.precondition = *precondition;
  if (action != LinkAction::kDelete) {
    auto entry = store_.partners().FindPartner(partner_id);
    if (!entry.ok()) return respond(ArmError(entry.error(), request));
    if (auto linkable = CheckLinkablePartner(partner_id, *entry); !linkable.ok()) {
      return respond(ArmError(linkable.error(), request));
    }
    command.partner_name = (*entry)->name;
  }
  const PrincipalKey caller_key{caller.tenant_id, caller.object_id};
  // The request outlives this call only through what the completion captures.
  auto context = std::make_shared<HttpRequest>();
  context->headers = request.headers;
  store_.links().WriteLink(
      caller_key, caller_key, command,
      [context, action, respond = std::move(respond)](Result<ManagementPartnerLink> written) {
        if (!written.ok()) return respond(ArmError(written.error(), *context));
        if (action == LinkAction::kDelete) {
          HttpResponse response;
          response.status = 200;
          AddArmHeaders(response, *context);
          return respond(std::move(response));
        }
        respond(LinkResponse(*written, *context));
      });
}

HttpResponse ManagementPartnerApi::ListOperations(const HttpRequest& request) const {
  size_t skip = 0;
  if (auto token = request.QueryParam("$skipToken")) {
    bool numeric = !token->empty() && token->size() < 6;
    for (char c : *token) numeric = numeric && c >= '0' && c <= '9';
    if (!numeric || std::stoul(*token) >= kOperations.size()) {
      return ArmError(Error::InvalidArgument(
                          "InvalidSkipToken",
                          fmt::format("The $skipToken '{}' is not valid for this list.", *token)),
                      request);
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
