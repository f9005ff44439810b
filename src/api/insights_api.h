#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/blocking_arm_api.h"
#include "api/http_message.h"
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
  virtual Result<std::vector<InsightsMonth>> Attribute(const std::vector<AttributionMonth>& months) = 0;
  // `pal explain -o json` for `tenant` and `partner` in `month`, as JSON text.
  virtual Result<std::string> ExplainJson(const std::string& tenant, const std::string& partner,
                                          const AttributionMonth& month) = 0;
};

// A partner's own insights, by the partner of the caller's own active PAL link (403
// PartnerLinkRequired without one):
//   GET /providers/Pal.Insights/attribution?from=YYYY-MM&to=YYYY-MM (at most 12 months)
//   GET /providers/Pal.Insights/explain?tenant=T&month=YYYY-MM
// See docs/portal.md. Thread-safe.
class InsightsApi final : public BlockingArmApi {
 public:
  InsightsApi(store::Store& store, InsightsEngine& engine, BlockingRunner run_blocking)
      : BlockingArmApi(std::move(run_blocking)), store_(store), engine_(engine) {}

  static bool Serves(std::string_view path);

 private:
  HttpResponse Answer(const HttpRequest& request, const identity::CallerIdentity& caller) override;
  HttpResponse Attribution(const HttpRequest& request, const std::string& partner_id);
  HttpResponse Explain(const HttpRequest& request, const std::string& partner_id);

  store::Store& store_;
  InsightsEngine& engine_;
};

}  // namespace pal::api
