#pragma once

#include <string_view>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "core/clock.h"
#include "service/scope_authorizer.h"
#include "store/store.h"

namespace pal::api {

// pal's own provider: Azure has no public REST surface for the Digital Partner of Record.
inline constexpr std::string_view kPartnerOfRecordApiVersion = "2026-11-01";
inline constexpr std::string_view kPartnerOfRecordMarker = "/providers/pal.partnerofrecord/";
// The partner's side: the subscriptions where the caller's partner is the partner of record.
inline constexpr std::string_view kPartnerCustomersPath =
    "/providers/pal.partnerofrecord/customers";

// The Digital Partner of Record of a subscription, ARM style:
//   GET | PUT | DELETE /subscriptions/{s}/providers/Pal.PartnerOfRecord/partnerOfRecord/default
//   POST /subscriptions/{s}/providers/Pal.PartnerOfRecord/validatePartnerId
//   GET /providers/Pal.PartnerOfRecord/customers[?partnerId=P] (the partner's view: for the people
//       of a partner organisation holding one of its roles, api/partner_organisations.h)
//   GET /subscriptions/{s}/providers/Pal.PartnerOfRecord/eligibility (EA? Owner?)
// Reads need read on the subscription; set, remove and validate need the customer's Owner
// (service::ScopeAuthorizer::AuthorizeOwner). Only EnterpriseAgreement subscriptions take a DPOR.
// See docs/api.md. Thread-safe.
class PartnerOfRecordApi final : public BlockingArmApi {
 public:
  PartnerOfRecordApi(store::Store& store, service::ScopeAuthorizer& authorizer,
                     BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)), store_(store), authorizer_(authorizer) {}

 private:
  HttpResponse Customers(const HttpRequest& request, const identity::CallerIdentity& caller);
  // GET .../Pal.PartnerOfRecord/eligibility: whether the subscription takes a DPOR (EA only) and
  // whether the caller may set it (its Owner), with the reason when not.
  HttpResponse Eligibility(const HttpRequest& request, const identity::CallerIdentity& caller,
                           std::string_view subscription_path);
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;

  store::Store& store_;
  service::ScopeAuthorizer& authorizer_;
};

}  // namespace pal::api
