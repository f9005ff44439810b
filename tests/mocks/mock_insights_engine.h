#pragma once

#include <gmock/gmock.h>

#include "api/insights_api.h"

namespace pal::api {

class MockInsightsEngine : public InsightsEngine {
 public:
  MOCK_METHOD(Result<std::vector<InsightsMonth>>, Attribute, (const std::vector<AttributionMonth>&),
              (override));
  MOCK_METHOD(Result<std::string>, PartnerExplainJson,
              (const std::string&, const std::string&, const AttributionMonth&, bool), (override));
};

}  // namespace pal::api
