#pragma once

#include "core/power_platform_usage.h"
#include "dataset/dataset.h"
#include "store/sql_connection_pool.h"

namespace pal::store {

// Loads a whole data set into an empty store, and reads a store back as a data set, in
// SQLite; the Store methods ImportDataset / ExportDataset forward here. Thread-safe.
class SqlDatasetStore {
 public:
  explicit SqlDatasetStore(SqlConnectionPool& pool) : pool_(pool) {}

  Result<void> Import(const Dataset& dataset, const PowerPlatformUsage& power_platform,
                      Timestamp now);
  Result<Dataset> Export();

 private:
  SqlConnectionPool& pool_;
};

}  // namespace pal::store
