#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/arm_router.h"
#include "api/http_message.h"
#include "api/partner_organisations.h"
#include "attribution/insights_engine.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kInsightsApiVersion = "2026-12-01";

// The partner side, for the people of a partner organisation who hold one of its Partner
// Center roles (api/partner_organisations.h; a PAL link gives none):
//   GET /providers/Pal.Insights/attribution?from=YYYY-MM&to=YYYY-MM[&partnerId=P] (at most 12
//       months; costs only for Admin and Executive report viewer)
//   GET /providers/Pal.Insights/explain?tenant=T&month=YYYY-MM[&partnerId=P]
//       (attribution/partner_view.h)
// (.../organizations and below: PartnerOrganisationsApi, api/partner_organisations_api.h)
// See docs/api.md. Thread-safe.
class InsightsApi final {
 public:
  InsightsApi(store::Store& store, attribution::InsightsEngine& engine)
      : store_(store), engine_(engine) {}

  // Registers attribution and explain, and the 404 InvalidResourceType for any other type under
  // Pal.Insights: add it after PartnerOrganisationsApi, whose .../organizations it leaves alone.
  void AddRoutes(ArmRouter& router);

 private:
  Result<CallerOrganisation> Organisation(const ArmCall& call);
  Result<HttpResponse> Attribution(const ArmCall& call);
  Result<HttpResponse> Explain(const ArmCall& call);

  store::Store& store_;
  attribution::InsightsEngine& engine_;
};

}  // namespace pal::api
