#pragma once

#include <gmock/gmock.h>

#include "store/partner_store.h"

namespace pal::testing {

class MockPartnerStore : public store::PartnerStore {
 public:
  MOCK_METHOD(Result<void>, AddPartner, (const Partner&), (override));
  MOCK_METHOD(Result<std::optional<Partner>>, FindPartner, (const std::string&), (override));
  MOCK_METHOD(Result<std::vector<Partner>>, ListPartners, (), (override));
  MOCK_METHOD(Result<void>, RetirePartner, (const std::string&), (override));
  MOCK_METHOD(Result<std::optional<Timestamp>>, FindPartnerRetirement, (const std::string&),
              (override));
};

}  // namespace pal::testing
