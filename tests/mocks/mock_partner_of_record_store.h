#pragma once

#include <gmock/gmock.h>

#include "store/partner_of_record_store.h"

namespace pal::testing {

class MockPartnerOfRecordStore : public store::PartnerOfRecordStore {
 public:
  MOCK_METHOD(Result<std::optional<PartnerOfRecord>>, FindPartnerOfRecord, (const Guid&),
              (override));
  MOCK_METHOD(Result<void>, SetPartnerOfRecord,
              (const Guid&, const std::string&, const PrincipalKey&), (override));
  MOCK_METHOD(Result<void>, EndPartnerOfRecord,
              (const Guid&, const PrincipalKey&, std::string_view), (override));
  MOCK_METHOD(Result<std::vector<PartnerOfRecord>>, ListPartnerOfRecordHistory, (), (override));
};

}  // namespace pal::testing
