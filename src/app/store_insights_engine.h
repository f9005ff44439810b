#pragma once

#include <string>
#include <vector>

#include "api/insights_api.h"
#include "store/store.h"

namespace pal::app {

// The insights API's engine in `pal serve`: each call exports the store's state and Power
// Platform tables as they are now and attributes them over the usage files given at start-up
// (`pal serve --usage FILE ...`). Thread-safe (calls share nothing but the store).
class StoreInsightsEngine final : public api::InsightsEngine {
 public:
  StoreInsightsEngine(store::Store& store, std::vector<std::string> usage, unsigned threads)
      : store_(store), usage_(std::move(usage)), threads_(threads) {}

  Result<std::vector<api::InsightsMonth>> Attribute(
      const std::vector<AttributionMonth>& months) override;
  Result<std::string> PartnerExplainJson(const std::string& tenant, const std::string& partner,
                                         const AttributionMonth& month,
                                         bool revenue_visible) override;

 private:
  store::Store& store_;
  std::vector<std::string> usage_;
  unsigned threads_;
};

}  // namespace pal::app
