#pragma once

#include <string_view>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "core/result.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// pal's own provider: Azure has no public REST surface for the Digital Partner of Record.
inline constexpr std::string_view kPartnerOfRecordApiVersion = "2026-11-01";

// The Digital Partner of Record of a subscription, ARM style:
//   GET | PUT | DELETE /subscriptions/{s}/providers/Pal.PartnerOfRecord/partnerOfRecord/default
//   POST /subscriptions/{s}/providers/Pal.PartnerOfRecord/validatePartnerId
//   GET /providers/Pal.PartnerOfRecord/customers[?partnerId=P] (the partner's view: for the people
//       of a partner organisation holding one of its roles, api/partner_organisations.h)
//   GET /subscriptions/{s}/providers/Pal.PartnerOfRecord/eligibility (EA? Owner?)
// Reads need read on the subscription; set, remove and validate need the customer's Owner
// (service::ScopeAuthorizer::AuthorizeOwner). Only EnterpriseAgreement subscriptions take a DPOR.
// See docs/api.md. Thread-safe.
class PartnerOfRecordApi final {
 public:
  PartnerOfRecordApi(store::Store& store, service::ScopeAuthorizer& authorizer)
      : store_(store), authorizer_(authorizer) {}

  // Registers the resources above (a scope other than a subscription, or none, is refused as
  // InvalidScope) and the 404 InvalidResourceType of any other type under the namespace (family
  // kPartnerOfRecord).
  void AddRoutes(ArmRouter& router);

 private:
  // The subscription of the route's scope, once the caller may do `action` there (reads: any
  // role; writes: its Owner). 400 InvalidScope with `invalid_scope` unless it is a subscription.
  Result<Subscription> Admit(const ArmCall& call, std::string_view action,
                             std::string_view invalid_scope);

  Result<HttpResponse> Customers(const ArmCall& call);
  // Whether the subscription takes a DPOR (EA only) and whether the caller may set it (its
  // Owner), with the reason when not.
  Result<HttpResponse> Eligibility(const ArmCall& call);
  Result<HttpResponse> Get(const ArmCall& call);
  Result<HttpResponse> Remove(const ArmCall& call);
  Result<HttpResponse> Set(const ArmCall& call);
  Result<HttpResponse> Validate(const ArmCall& call);
  // The partner a PUT or validatePartnerId body names, checked: linkable, and the subscription
  // an Enterprise Agreement one.
  Result<Partner> PartnerFromBody(const ArmCall& call, const Subscription& subscription);

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
};

}  // namespace pal::api
