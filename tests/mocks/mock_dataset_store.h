#pragma once

#include <gmock/gmock.h>

#include "store/dataset_store.h"

namespace pal::testing {

class MockDatasetStore : public store::DatasetStore {
 public:
  MOCK_METHOD(Result<void>, ImportDataset, (const Dataset&, const PowerPlatformUsage&), (override));
  MOCK_METHOD(Result<Dataset>, ExportDataset, (), (override));
};

}  // namespace pal::testing
