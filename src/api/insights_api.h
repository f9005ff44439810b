#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
#include "api/partner_organisations.h"
#include "core/attribution_month.h"
#include "core/attribution_report.h"
#include "core/power_platform_attribution.h"
#include "store/store.h"

namespace pal::api {

inline constexpr std::string_view kInsightsApiVersion = "2026-12-01";
inline constexpr std::string_view kInsightsPrefix = "/providers/pal.insights/";

// One month of attribution: every partner's rows (rules A1-A9 and B1-B5).
struct InsightsMonth {
  std::vector<AttributionRow> rows;
  std::vector<PowerPlatformRow> power_platform;
};

// The attribution engine behind the insights API: the store's state with the usage files
// `pal serve --usage` names. Implemented by the app layer. Must be thread-safe.
class InsightsEngine {
 public:
  virtual ~InsightsEngine() = default;
  // The months' attribution, in the order given. Error NoUsageConfigured (409) when the server
  // has no usage files; the engine's errors otherwise.
  virtual Result<std::vector<InsightsMonth>> Attribute(
      const std::vector<AttributionMonth>& months) = 0;
  // `pal explain -o json` for `tenant` and `partner` in `month` as the partner may see it
  // (core/partner_view.h), as JSON text, without costs unless `revenue_visible`. Error 404
  // TenantNotFound, the same for a tenant that does not exist and for one the partner has no
  // part in.
  virtual Result<std::string> PartnerExplainJson(const std::string& tenant,
                                                 const std::string& partner,
                                                 const AttributionMonth& month,
                                                 bool revenue_visible) = 0;
};

// The partner side, for the people of a partner organisation who hold one of its Partner
// Center roles (api/partner_organisations.h; a PAL link gives none):
//   GET /providers/Pal.Insights/attribution?from=YYYY-MM&to=YYYY-MM[&partnerId=P] (at most 12
//       months; costs only for Admin and Executive report viewer)
//   GET /providers/Pal.Insights/explain?tenant=T&month=YYYY-MM[&partnerId=P] (core/partner_view.h)
// (.../organizations and below: PartnerOrganisationsApi, api/partner_organisations_api.h)
// See docs/api.md. Thread-safe.
class InsightsApi final : public BlockingArmApi {
 public:
  InsightsApi(store::Store& store, InsightsEngine& engine, BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)), store_(store), engine_(engine) {}

  static bool Serves(std::string_view path);

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;
  HttpResponse Attribution(const HttpRequest& request, const CallerOrganisation& organisation);
  HttpResponse Explain(const HttpRequest& request, const CallerOrganisation& organisation);

  store::Store& store_;
  InsightsEngine& engine_;
};

}  // namespace pal::api
