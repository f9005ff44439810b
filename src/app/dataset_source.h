#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/dataset.h"
#include "core/power_platform_usage.h"
#include "core/result.h"

namespace pal::app {

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

// The state `pal attribute` and `pal explain` read: exactly one of a data set folder or a data
// directory. Fills in `usage` with DIR/usage.csv when empty (an error with --data).
Result<Dataset> LoadAttributionState(const std::string& dataset_dir, const std::string& data_dir,
                                     std::vector<std::string>& usage);

}  // namespace pal::app
