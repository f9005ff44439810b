#include "api/partner_of_record_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "api/arm_response.h"
#include "api/partner_organisations.h"
#include "api/resource_type_not_found.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pal::api {
namespace {

constexpr std::string_view kRead = "Pal.PartnerOfRecord/partnerOfRecord/read";
constexpr std::string_view kWrite = "Pal.PartnerOfRecord/partnerOfRecord/write";
constexpr std::string_view kDelete = "Pal.PartnerOfRecord/partnerOfRecord/delete";
constexpr std::string_view kValidate = "Pal.PartnerOfRecord/validatePartnerId/action";
constexpr std::string_view kRecordScope =
    "The partner of record belongs to a subscription: "
    "/subscriptions/{id}/providers/Pal.PartnerOfRecord/...";

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

// The scope of a route: its {scope*}, or "" for the namespace at the root (no scope).
std::string ScopeOf(const ArmCall& call) {
  for (const auto& [name, value] : call.params) {
    if (name == "scope") return value;
  }
  return "";
}

// Why a subscription of `offer` takes no partner of record, or "" when it does.
std::string IneligibleReason(SubscriptionOffer offer) {
  std::string_view kind;
  switch (offer) {
    case SubscriptionOffer::kEnterpriseAgreement:
      return "";
    case SubscriptionOffer::kAzurePlan:
      kind = "an Azure plan";
      break;
    case SubscriptionOffer::kCsp:
      kind = "a Cloud Solution Provider (CSP)";
      break;
    case SubscriptionOffer::kPayAsYouGo:
      kind = "a pay-as-you-go";
      break;
  }
  return fmt::format(
      "This is {} subscription: a partner of record applies to Enterprise Agreement "
      "subscriptions "
      "only. The partner links its own account instead (Partner Admin Link).",
      kind);
}

// The partner id of a PUT or validatePartnerId body: {"properties":{"partnerId"}} or
// {"partnerId"}; "" when it names none.
std::string PartnerIdOfBody(std::string_view text) {
  auto body = nlohmann::json::parse(text, nullptr, false);
  if (!body.is_object()) return "";
  const auto& source =
      body.contains("properties") && body["properties"].is_object() ? body["properties"] : body;
  if (source.contains("partnerId") && source["partnerId"].is_string()) return source["partnerId"];
  return "";
}

}  // namespace

void PartnerOfRecordApi::AddRoutes(ArmRouter& router) {
  constexpr RouteFamily kFamily = RouteFamily::kPartnerOfRecord;
  const auto bind = [this](auto operation) {
    return [this, operation](const ArmCall& call) { return (this->*operation)(call); };
  };
  router
      .Add("/providers/Pal.PartnerOfRecord/customers", kFamily, kPartnerOfRecordApiVersion,
           "The customer list is read-only.")
      .On("GET", bind(&PartnerOfRecordApi::Customers));
  // With a scope, and at the root (no scope), which every operation refuses as InvalidScope.
  for (const std::string scope : {"{scope*}", ""}) {
    const std::string at = scope + "/providers/Pal.PartnerOfRecord";
    router
        .Add(at + "/partnerOfRecord/default", kFamily, kPartnerOfRecordApiVersion,
             "The partner of record is read (GET), set (PUT) or removed (DELETE).")
        .On("GET", bind(&PartnerOfRecordApi::Get))
        .On("PUT", bind(&PartnerOfRecordApi::Set))
        .On("DELETE", bind(&PartnerOfRecordApi::Remove));
    router
        .Add(at + "/validatePartnerId", kFamily, kPartnerOfRecordApiVersion,
             "Validate a partner id with POST.")
        .On("POST", bind(&PartnerOfRecordApi::Validate));
    router
        .Add(at + "/eligibility", kFamily, kPartnerOfRecordApiVersion,
             "Eligibility is read with GET.")
        .On("GET", bind(&PartnerOfRecordApi::Eligibility));
  }
  const auto unknown_type = [](const ArmCall& call) {
    return Error::NotFound("InvalidResourceType",
                           fmt::format("The resource type could not be found in the "
                                       "namespace 'Pal.PartnerOfRecord' for path '{}'; "
                                       "use .../partnerOfRecord/default or "
                                       ".../validatePartnerId.",
                                       call.request.path));
  };
  for (const std::string scope : {"{scope*}", ""}) {
    const std::string at = scope + "/providers/Pal.PartnerOfRecord";
    AddResourceTypeNotFound(router, at + "/{type}", kFamily, "", unknown_type);
    AddResourceTypeNotFound(router, at + "/{type}/{name}", kFamily, "", unknown_type);
  }
}

Result<Subscription> PartnerOfRecordApi::Admit(const ArmCall& call, std::string_view action,
                                               std::string_view invalid_scope) {
  auto scope = ResourceId::Parse(ScopeOf(call));
  if (!scope.ok() || scope->level() != ScopeLevel::kSubscription) {
    return Error::InvalidArgument("InvalidScope", std::string(invalid_scope));
  }
  if (action == kRead) {
    PAL_TRY(authorizer_.Authorize(call.caller, action, *scope));
  } else {
    PAL_TRY(authorizer_.AuthorizeOwner(call.caller, action, *scope));
  }
  const Guid subscription_id = *Guid::Parse(*scope->subscription_id());
  PAL_ASSIGN_OR_RETURN(auto subscription, store_.scopes().FindSubscription(subscription_id));
  if (!subscription) {
    return Error::NotFound(
        "SubscriptionNotFound",
        fmt::format("The subscription '{}' could not be found.", subscription_id.ToString()));
  }
  return *subscription;
}

Result<HttpResponse> PartnerOfRecordApi::Customers(const ArmCall& call) {
  const auto asked = call.request.QueryParam("partnerId");
  PAL_ASSIGN_OR_RETURN(auto organisation,
                       ResolveCallerOrganisation(store_, call.caller, asked,
                                                 "the customer list shows the subscriptions where "
                                                 "the partner is the partner of record"));
  // The whole organisation, or the one location asked for.
  std::set<std::string> partner_ids(organisation.partner_ids.begin(),
                                    organisation.partner_ids.end());
  if (asked && *asked != organisation.organisation_id) partner_ids = {*asked};
  PAL_ASSIGN_OR_RETURN(auto history, store_.partners_of_record().ListPartnerOfRecordHistory());
  nlohmann::json value = nlohmann::json::array();
  for (const auto& p : history) {
    if (p.removed_at || !partner_ids.count(p.partner_id)) continue;
    PAL_ASSIGN_OR_RETURN(auto subscription, store_.scopes().FindSubscription(p.subscription_id));
    if (!subscription) continue;
    PAL_ASSIGN_OR_RETURN(auto tenant, store_.directory().FindTenant(subscription->tenant_id));
    value.push_back({{"customerTenantId", subscription->tenant_id.ToString()},
                     {"customerName", tenant ? tenant->name : ""},
                     {"subscriptionId", p.subscription_id.ToString()},
                     {"subscriptionName", subscription->display_name},
                     {"subscriptionState", subscription->state},
                     {"subscriptionStartDate", FormatIso8601(subscription->created_at)},
                     {"partnerId", p.partner_id},
                     {"dporAssignedOn", FormatIso8601(p.assigned_at)}});
  }
  return ArmJson(200, nlohmann::json{{"value", value}}.dump(), call.request);
}

Result<HttpResponse> PartnerOfRecordApi::Eligibility(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Subscription subscription,
                       Admit(call, kRead,
                             "Eligibility belongs to a subscription: "
                             "/subscriptions/{id}/providers/Pal.PartnerOfRecord/eligibility"));
  const ResourceId scope =
      *ResourceId::Parse("/subscriptions/" + subscription.subscription_id.ToString());
  const bool owner = authorizer_.AuthorizeOwner(call.caller, kWrite, scope).ok();
  std::string reason = IneligibleReason(subscription.offer);
  const bool eligible = reason.empty();
  if (eligible && !owner) {
    reason = "Only the subscription's Owner can set or remove its partner of record.";
  }
  return ArmJson(200,
                 nlohmann::json{{"subscriptionId", subscription.subscription_id.ToString()},
                                {"offer", SubscriptionOfferName(subscription.offer)},
                                {"eligible", eligible},
                                {"canManage", owner},
                                {"reason", reason}}
                     .dump(),
                 call.request);
}

Result<HttpResponse> PartnerOfRecordApi::Get(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Subscription subscription, Admit(call, kRead, kRecordScope));
  const Guid& id = subscription.subscription_id;
  PAL_ASSIGN_OR_RETURN(auto current, store_.partners_of_record().FindPartnerOfRecord(id));
  if (!current) {
    return Error::NotFound(
        "PartnerOfRecordNotFound",
        fmt::format("Subscription '{}' has no partner of record.", id.ToString()));
  }
  PAL_ASSIGN_OR_RETURN(auto partner, store_.partners().FindPartner(current->partner_id));
  return ArmJson(200, RecordJson(id, *current, partner ? partner->name : "").dump(), call.request);
}

Result<HttpResponse> PartnerOfRecordApi::Remove(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Subscription subscription, Admit(call, kDelete, kRecordScope));
  auto ended = store_.partners_of_record().EndPartnerOfRecord(
      subscription.subscription_id, {call.caller.tenant_id, call.caller.object_id}, "removed");
  if (!ended.ok() && ended.error().kind == ErrorKind::kNotFound) {
    return EmptyArmResponse(204, call.request);
  }
  PAL_TRY(ended);
  return EmptyArmResponse(200, call.request);
}

Result<Partner> PartnerOfRecordApi::PartnerFromBody(const ArmCall& call,
                                                    const Subscription& subscription) {
  const std::string partner_id = PartnerIdOfBody(call.request.body);
  PAL_TRY(ValidatePartnerIdSyntax(partner_id));
  PAL_ASSIGN_OR_RETURN(auto partner, store_.partners().FindPartner(partner_id));
  PAL_TRY(CheckLinkablePartner(partner_id, partner));
  if (subscription.offer != SubscriptionOffer::kEnterpriseAgreement) {
    return Error::InvalidArgument(
        "PartnerOfRecordRequiresEnterpriseAgreement",
        fmt::format("Subscription '{}' is a {} subscription; a Digital Partner of "
                    "Record applies to Enterprise Agreement subscriptions only. "
                    "Use Partner Admin Link (PAL): the partner links its own "
                    "credential with 'pal managementpartner create'.",
                    subscription.subscription_id.ToString(),
                    SubscriptionOfferName(subscription.offer)));
  }
  return *partner;
}

Result<HttpResponse> PartnerOfRecordApi::Validate(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Subscription subscription, Admit(call, kValidate, kRecordScope));
  PAL_ASSIGN_OR_RETURN(const Partner partner, PartnerFromBody(call, subscription));
  return ArmJson(
      200,
      nlohmann::json{
          {"partnerId", partner.partner_id}, {"partnerName", partner.name}, {"valid", true}}
          .dump(),
      call.request);
}

Result<HttpResponse> PartnerOfRecordApi::Set(const ArmCall& call) {
  PAL_ASSIGN_OR_RETURN(const Subscription subscription, Admit(call, kWrite, kRecordScope));
  PAL_ASSIGN_OR_RETURN(const Partner partner, PartnerFromBody(call, subscription));
  const Guid& id = subscription.subscription_id;
  PAL_ASSIGN_OR_RETURN(auto current, store_.partners_of_record().FindPartnerOfRecord(id));
  if (current && current->partner_id == partner.partner_id) {  // already the DPOR: no change
    return ArmJson(200, RecordJson(id, *current, partner.name).dump(), call.request);
  }
  PAL_TRY(store_.partners_of_record().SetPartnerOfRecord(
      id, partner.partner_id, {call.caller.tenant_id, call.caller.object_id}));
  PAL_ASSIGN_OR_RETURN(auto stored, store_.partners_of_record().FindPartnerOfRecord(id));
  if (!stored) return Error::Internal("The partner of record was not kept.");
  return ArmJson(200, RecordJson(id, *stored, partner.name).dump(), call.request);
}

}  // namespace pal::api
