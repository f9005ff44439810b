#pragma once

#include <map>
#include <string>

#include "core/dataset.h"
#include "core/result.h"

namespace pal::app {

// The data set files present in folder `dir` (name -> contents). Error DatasetNotFound when
// `dir` is not a folder.
Result<std::map<std::string, std::string>> ReadDatasetFiles(const std::string& dir);

// The data set in folder `dir`, parsed and checked.
Result<Dataset> LoadDatasetDirectory(const std::string& dir);

// The state and history of the store in data directory `data_dir`, as a data set.
Result<Dataset> LoadStoreDataset(const std::string& data_dir);

}  // namespace pal::app
