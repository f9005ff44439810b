#pragma once

#include "core/clock.h"
#include "core/power_platform_usage.h"
#include "dataset/dataset.h"
#include "store/dataset_store.h"
#include "store/sql_connection_pool.h"
#include "store/sql_link_store.h"

namespace pal::store {

// Loads a whole data set into an empty store, and reads a store back as a data set, in SQL.
// Thread-safe.
class SqlDatasetStore final : public DatasetStore {
 public:
  // `clock` stamps what the import records as of now; `links` reloads its index after an
  // import. All must outlive the store.
  SqlDatasetStore(SqlConnectionPool& pool, const Clock& clock, SqlLinkStore& links)
      : pool_(pool), clock_(clock), links_(links) {}

  Result<void> ImportDataset(const Dataset& dataset,
                             const PowerPlatformUsage& power_platform) override;
  Result<Dataset> ExportDataset() override;

 private:
  Result<void> Import(const Dataset& dataset, const PowerPlatformUsage& power_platform,
                      Timestamp now);
  Result<Dataset> Export();

  SqlConnectionPool& pool_;
  const Clock& clock_;
  SqlLinkStore& links_;
};

}  // namespace pal::store
