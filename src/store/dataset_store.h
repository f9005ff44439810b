#pragma once

#include "core/power_platform_usage.h"
#include "core/result.h"
#include "dataset/dataset.h"

namespace pal::store {

// The data set (docs/dataset.md): the whole store as files, in and out. Thread-safe.
class DatasetStore {
 public:
  virtual ~DatasetStore() = default;

  // Import loads a validated data set (and its Power Platform files) into an empty store in
  // one transaction (kConflict "DataDirectoryNotEmpty" otherwise; nothing is written on any
  // error); principals get no credentials. Export reads every table back, ended role
  // assignments and link intervals included, from the histories.
  virtual Result<void> ImportDataset(const Dataset& dataset,
                                     const PowerPlatformUsage& power_platform) = 0;
  virtual Result<Dataset> ExportDataset() = 0;
};

}  // namespace pal::store
