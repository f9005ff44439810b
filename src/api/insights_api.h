#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "api/partner_organisations.h"
#include "attribution/insights_engine.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kInsightsApiVersion = "2026-12-01";
inline constexpr std::string_view kInsightsPrefix = "/providers/pal.insights/";

// The partner side, for the people of a partner organisation who hold one of its Partner
// Center roles (api/partner_organisations.h; a PAL link gives none):
//   GET /providers/Pal.Insights/attribution?from=YYYY-MM&to=YYYY-MM[&partnerId=P] (at most 12
//       months; costs only for Admin and Executive report viewer)
//   GET /providers/Pal.Insights/explain?tenant=T&month=YYYY-MM[&partnerId=P]
//       (attribution/partner_view.h)
//   GET /providers/Pal.Insights/organizations (the caller's organisations and roles)
//   GET /providers/Pal.Insights/organizations/{org}/members (Admin)
//   GET | PUT | DELETE /providers/Pal.Insights/organizations/{org}/members/{objectId} (Admin)
// See docs/api.md. Thread-safe.
class InsightsApi final : public BlockingArmApi {
 public:
  InsightsApi(store::Store& store, attribution::InsightsEngine& engine, BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)), store_(store), engine_(engine) {}

  static bool Serves(std::string_view path);

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;
  HttpResponse Attribution(const HttpRequest& request, const CallerOrganisation& organisation);
  HttpResponse Explain(const HttpRequest& request, const CallerOrganisation& organisation);
  // .../organizations and below (partner_organisations_api.cc); `segments` follow "organizations".
  HttpResponse Organisations(const HttpRequest& request, const identity::CallerIdentity& caller,
                             const std::vector<std::string_view>& segments);
  HttpResponse Members(const HttpRequest& request, const CallerOrganisation& organisation);
  HttpResponse Member(const HttpRequest& request, const identity::CallerIdentity& caller,
                      const CallerOrganisation& organisation, std::string_view object_id);

  store::Store& store_;
  attribution::InsightsEngine& engine_;
};

}  // namespace pal::api
