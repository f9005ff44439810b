#include "api/partner_of_record_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/arm_response.h"
#include "api/partner_organisations.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal::api {
namespace {

constexpr std::string_view kRead = "Pal.PartnerOfRecord/partnerOfRecord/read";
constexpr std::string_view kWrite = "Pal.PartnerOfRecord/partnerOfRecord/write";
constexpr std::string_view kDelete = "Pal.PartnerOfRecord/partnerOfRecord/delete";
constexpr std::string_view kValidate = "Pal.PartnerOfRecord/validatePartnerId/action";

nlohmann::json RecordJson(const Guid& subscription, const PartnerOfRecord& p,
                          const std::string& partner_name) {
  return {
      {"id", fmt::format("/subscriptions/{}/providers/Pal.PartnerOfRecord/partnerOfRecord/default",
                         subscription.ToString())},
      {"type", "Pal.PartnerOfRecord/partnerOfRecord"},
      {"name", "default"},
      {"properties",
       {{"partnerId", p.partner_id},
        {"partnerName", partner_name},
        {"assignedOn", FormatIso8601(p.assigned_at)},
        {"assignedBy", p.assigned_by.object_id.ToString()}}}};
}

}  // namespace

HttpResponse PartnerOfRecordApi::Customers(const HttpRequest& request,
                                           const identity::CallerIdentity& caller) {
  if (request.method != "GET")
    return MethodNotAllowed(request, "GET", "The customer list is read-only.");
  if (auto version = CheckApiVersion(request, kPartnerOfRecordApiVersion); !version.ok()) {
    return ArmError(version.error(), request);
  }
  auto organisation = ResolveCallerOrganisation(
      store_, caller, request.QueryParam("partnerId"),
      "the customer list shows the subscriptions where the partner is the "
      "partner of record");
  if (!organisation.ok()) return ArmError(organisation.error(), request);
  // The whole organisation, or the one location asked for.
  std::set<std::string> partner_ids(organisation->partner_ids.begin(),
                                    organisation->partner_ids.end());
  if (auto asked = request.QueryParam("partnerId");
      asked && *asked != organisation->organisation_id) {
    partner_ids = {*asked};
  }
  auto history = store_.partners_of_record().ListPartnerOfRecordHistory();
  if (!history.ok()) return ArmError(history.error(), request);
  nlohmann::json value = nlohmann::json::array();
  for (const auto& p : *history) {
    if (p.removed_at || !partner_ids.count(p.partner_id)) continue;
    auto subscription = store_.scopes().FindSubscription(p.subscription_id);
    if (!subscription.ok()) return ArmError(subscription.error(), request);
    if (!*subscription) continue;
    auto tenant = store_.directory().FindTenant((*subscription)->tenant_id);
    if (!tenant.ok()) return ArmError(tenant.error(), request);
    value.push_back({{"customerTenantId", (*subscription)->tenant_id.ToString()},
                     {"customerName", *tenant ? (*tenant)->name : ""},
                     {"subscriptionId", p.subscription_id.ToString()},
                     {"subscriptionName", (*subscription)->display_name},
                     {"subscriptionState", (*subscription)->state},
                     {"subscriptionStartDate", FormatIso8601((*subscription)->created_at)},
                     {"partnerId", p.partner_id},
                     {"dporAssignedOn", FormatIso8601(p.assigned_at)}});
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), request);
}

HttpResponse PartnerOfRecordApi::Eligibility(const HttpRequest& request,
                                             const identity::CallerIdentity& caller,
                                             std::string_view subscription_path) {
  if (request.method != "GET")
    return MethodNotAllowed(request, "GET", "Eligibility is read with GET.");
  if (auto version = CheckApiVersion(request, kPartnerOfRecordApiVersion); !version.ok()) {
    return ArmError(version.error(), request);
  }
  auto scope = ResourceId::Parse(subscription_path);
  if (!scope.ok() || scope->level() != ScopeLevel::kSubscription) {
    return ArmError(
        Error::InvalidArgument("InvalidScope",
                               "Eligibility belongs to a subscription: "
                               "/subscriptions/{id}/providers/Pal.PartnerOfRecord/eligibility"),
        request);
  }
  if (auto allowed = authorizer_.Authorize(caller, kRead, *scope); !allowed.ok())
    return ArmError(allowed.error(), request);
  const Guid subscription_id = *Guid::Parse(*scope->subscription_id());
  auto subscription = store_.scopes().FindSubscription(subscription_id);
  if (!subscription.ok()) return ArmError(subscription.error(), request);
  if (!*subscription) {
    return ArmError(Error::NotFound("SubscriptionNotFound",
                                    fmt::format("The subscription '{}' could not be found.",
                                                subscription_id.ToString())),
                    request);
  }
  const bool eligible = (*subscription)->offer == "EnterpriseAgreement";
  const bool owner = authorizer_.AuthorizeOwner(caller, kWrite, *scope).ok();
  std::string reason;
  if (!eligible) {
    const std::string& offer = (*subscription)->offer;
    const std::string_view kind = offer == "AzurePlan"    ? "an Azure plan"
                                  : offer == "CSP"        ? "a Cloud Solution Provider (CSP)"
                                  : offer == "PayAsYouGo" ? "a pay-as-you-go"
                                                          : std::string_view(offer);
    reason = fmt::format(
        "This is {} subscription: a partner of record applies to Enterprise Agreement "
        "subscriptions "
        "only. The partner links its own account instead (Partner Admin Link).",
        kind);
  } else if (!owner) {
    reason = "Only the subscription's Owner can set or remove its partner of record.";
  }
  return ArmJson(200,
                 nlohmann::json{{"subscriptionId", subscription_id.ToString()},
                                {"offer", (*subscription)->offer},
                                {"eligible", eligible},
                                {"canManage", owner},
                                {"reason", reason}}
                     .dump(),
                 request);
}

HttpResponse PartnerOfRecordApi::Answer(const HttpRequest& request,
                                        const identity::CallerIdentity& caller) {
  const std::string lower = ToLowerAscii(request.path);
  if (lower == kPartnerCustomersPath) return Customers(request, caller);
  const size_t marker = lower.find(kPartnerOfRecordMarker);
  const std::string rest = lower.substr(marker + kPartnerOfRecordMarker.size());
  const bool record = rest == "partnerofrecord/default";
  const bool validate = rest == "validatepartnerid";
  if (rest == "eligibility") return Eligibility(request, caller, request.path.substr(0, marker));
  if (!record && !validate) {
    return ArmError(Error::NotFound("InvalidResourceType",
                                    fmt::format("The resource type could not be found in the "
                                                "namespace 'Pal.PartnerOfRecord' for path '{}'; "
                                                "use .../partnerOfRecord/default or "
                                                ".../validatePartnerId.",
                                                request.path)),
                    request);
  }
  if (record && request.method != "GET" && request.method != "PUT" && request.method != "DELETE") {
    return MethodNotAllowed(request, "GET, PUT, DELETE",
                            "The partner of record is read (GET), set (PUT) or removed (DELETE).");
  }
  if (validate && request.method != "POST") {
    return MethodNotAllowed(request, "POST", "Validate a partner id with POST.");
  }
  if (auto version = CheckApiVersion(request, kPartnerOfRecordApiVersion); !version.ok()) {
    return ArmError(version.error(), request);
  }
  auto scope = ResourceId::Parse(request.path.substr(0, marker));
  if (!scope.ok() || scope->level() != ScopeLevel::kSubscription) {
    return ArmError(Error::InvalidArgument("InvalidScope",
                                           "The partner of record belongs to a subscription: "
                                           "/subscriptions/{id}/providers/Pal.PartnerOfRecord/..."),
                    request);
  }
  const Guid subscription_id = *Guid::Parse(*scope->subscription_id());
  const std::string_view action = validate                     ? kValidate
                                  : request.method == "GET"    ? kRead
                                  : request.method == "DELETE" ? kDelete
                                                               : kWrite;
  auto allowed = request.method == "GET" ? authorizer_.Authorize(caller, action, *scope)
                                         : authorizer_.AuthorizeOwner(caller, action, *scope);
  if (!allowed.ok()) return ArmError(allowed.error(), request);
  auto subscription = store_.scopes().FindSubscription(subscription_id);
  if (!subscription.ok()) return ArmError(subscription.error(), request);
  const PrincipalKey actor{caller.tenant_id, caller.object_id};

  if (request.method == "GET") {
    auto current = store_.partners_of_record().FindPartnerOfRecord(subscription_id);
    if (!current.ok()) return ArmError(current.error(), request);
    if (!*current) {
      return ArmError(Error::NotFound("PartnerOfRecordNotFound",
                                      fmt::format("Subscription '{}' has no partner of record.",
                                                  subscription_id.ToString())),
                      request);
    }
    auto partner = store_.partners().FindPartner((*current)->partner_id);
    if (!partner.ok()) return ArmError(partner.error(), request);
    return ArmJson(200,
                   RecordJson(subscription_id, **current, *partner ? (*partner)->name : "").dump(),
                   request);
  }
  if (request.method == "DELETE") {
    auto ended = store_.partners_of_record().EndPartnerOfRecord(subscription_id, actor, "removed");
    if (!ended.ok() && ended.error().kind == ErrorKind::kNotFound) {
      HttpResponse none;
      none.status = 204;
      AddArmHeaders(none, request);
      return none;
    }
    if (!ended.ok()) return ArmError(ended.error(), request);
    HttpResponse done;
    done.status = 200;
    AddArmHeaders(done, request);
    return done;
  }

  // PUT and validate take {"properties":{"partnerId"}} (validate also {"partnerId"}).
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  std::string partner_id;
  if (body.is_object()) {
    const auto& source =
        body.contains("properties") && body["properties"].is_object() ? body["properties"] : body;
    if (source.contains("partnerId") && source["partnerId"].is_string())
      partner_id = source["partnerId"];
  }
  if (auto syntax = ValidatePartnerIdSyntax(partner_id); !syntax.ok()) {
    return ArmError(syntax.error(), request);
  }
  auto partner = store_.partners().FindPartner(partner_id);
  if (!partner.ok()) return ArmError(partner.error(), request);
  if (auto linkable = CheckLinkablePartner(partner_id, *partner); !linkable.ok()) {
    return ArmError(linkable.error(), request);
  }
  if ((*subscription)->offer != "EnterpriseAgreement") {
    return ArmError(Error::InvalidArgument(
                        "PartnerOfRecordRequiresEnterpriseAgreement",
                        fmt::format("Subscription '{}' is a {} subscription; a Digital Partner of "
                                    "Record applies to Enterprise Agreement subscriptions only. "
                                    "Use Partner Admin Link (PAL): the partner links its own "
                                    "credential with 'pal managementpartner create'.",
                                    subscription_id.ToString(), (*subscription)->offer)),
                    request);
  }
  if (validate) {
    return ArmJson(
        200,
        nlohmann::json{
            {"partnerId", partner_id}, {"partnerName", (*partner)->name}, {"valid", true}}
            .dump(),
        request);
  }
  auto current = store_.partners_of_record().FindPartnerOfRecord(subscription_id);
  if (!current.ok()) return ArmError(current.error(), request);
  if (*current && (*current)->partner_id == partner_id) {  // already the DPOR: nothing changes
    return ArmJson(200, RecordJson(subscription_id, **current, (*partner)->name).dump(), request);
  }
  if (auto set = store_.partners_of_record().SetPartnerOfRecord(subscription_id, partner_id, actor);
      !set.ok()) {
    return ArmError(set.error(), request);
  }
  auto stored = store_.partners_of_record().FindPartnerOfRecord(subscription_id);
  if (!stored.ok() || !*stored)
    return ArmError(
        stored.ok() ? Error::Internal("The partner of record was not kept.") : stored.error(),
        request);
  return ArmJson(200, RecordJson(subscription_id, **stored, (*partner)->name).dump(), request);
}

}  // namespace pal::api
