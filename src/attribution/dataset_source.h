#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/power_platform_usage.h"
#include "core/result.h"
#include "dataset/dataset.h"

namespace pal::attribution {

// The data set files present in folder `dir` (name -> contents). Error DatasetNotFound when
// `dir` is not a folder.
Result<std::map<std::string, std::string>> ReadDatasetFiles(const std::string& dir);

// The data set in folder `dir`, parsed and checked.
Result<Dataset> LoadDatasetDirectory(const std::string& dir);

// The state and history of the store in data directory `data_dir`, as a data set.
Result<Dataset> LoadStoreDataset(const std::string& data_dir);

// The Power Platform part of the store in data directory `data_dir`.
Result<PowerPlatformUsage> LoadStorePowerPlatform(const std::string& data_dir);

// The Power Platform files of the data set in folder `dir` (empty when it has none).
Result<PowerPlatformUsage> LoadPowerPlatformUsage(const std::string& dir);

// What `pal attribute` and `pal explain` read: the state tables and the Power Platform part
// (empty when there is none) of exactly one of a data set folder or a data directory (one open
// store). Fills in `usage` with DIR/usage.csv when empty; with a data directory and no usage
// files that is an error unless `usage_optional`.
struct AttributionInputs {
  Dataset state;
  PowerPlatformUsage power_platform;
};
Result<AttributionInputs> LoadAttributionInputs(const std::string& dataset_dir,
                                                const std::string& data_dir,
                                                std::vector<std::string>& usage,
                                                bool usage_optional = false);

}  // namespace pal::attribution
