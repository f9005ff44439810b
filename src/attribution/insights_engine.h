#pragma once

#include <string>
#include <vector>

#include "attribution/attribution_month.h"
#include "attribution/attribution_report.h"
#include "attribution/power_platform_attribution.h"
#include "core/result.h"
#include "store/store.h"

namespace pal::attribution {

// One month of attribution: every partner's rows (rules A1-A9 and B1-B5).
struct InsightsMonth {
  std::vector<AttributionRow> rows;
  std::vector<PowerPlatformRow> power_platform;
};

// The engine behind the insights API of `pal serve`: each call exports the store's state and
// Power Platform tables as they are now and attributes them over the usage files given at
// start-up (`pal serve --usage FILE ...`). Thread-safe (calls share nothing but the store).
class InsightsEngine {
 public:
  InsightsEngine(store::Store& store, std::vector<std::string> usage, unsigned threads)
      : store_(store), usage_(std::move(usage)), threads_(threads) {}

  // The months' attribution, in the order given. Error NoUsageConfigured (409) when the server
  // has no usage files; the engine's errors otherwise.
  Result<std::vector<InsightsMonth>> Attribute(const std::vector<AttributionMonth>& months);
  // `pal explain -o json` for `tenant` and `partner` in `month` as the partner may see it
  // (attribution/partner_view.h), as JSON text, without costs unless `revenue_visible`. Error
  // 404 TenantNotFound, the same for a tenant that does not exist and for one the partner has
  // no part in; NoUsageConfigured as Attribute.
  Result<std::string> PartnerExplainJson(const std::string& tenant, const std::string& partner,
                                         const AttributionMonth& month, bool revenue_visible);

 private:
  store::Store& store_;
  std::vector<std::string> usage_;
  unsigned threads_;
};

}  // namespace pal::attribution
