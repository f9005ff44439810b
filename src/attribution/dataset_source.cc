#include "attribution/dataset_source.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "dataset/power_platform_files.h"
#include "store/data_directory_store.h"
#include "store/sql_store.h"

namespace pal::attribution {

namespace fs = std::filesystem;

namespace {

// The files of `names` present in folder `dir`.
Result<std::map<std::string, std::string>> ReadFiles(const std::string& dir,
                                                     const std::vector<std::string>& names) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error::NotFound("DatasetNotFound", fmt::format("'{}' is not a directory.", dir));
  }
  std::map<std::string, std::string> files;
  for (const auto& name : names) {
    const fs::path path = fs::path(dir) / name;
    if (!fs::exists(path, ec)) continue;
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return Error::InvalidArgument("UnreadableFile",
                                    fmt::format("Cannot read '{}'.", path.string()));
    std::stringstream text;
    text << in.rdbuf();
    files[name] = text.str();
  }
  return files;
}

}  // namespace

Result<std::map<std::string, std::string>> ReadDatasetFiles(const std::string& dir) {
  return ReadFiles(dir, DatasetFileNames());
}

Result<PowerPlatformUsage> LoadPowerPlatformUsage(const std::string& dir) {
  PAL_ASSIGN_OR_RETURN(auto files, ReadFiles(dir, PowerPlatformFileNames()));
  return ParsePowerPlatformUsage(files);
}

Result<Dataset> LoadDatasetDirectory(const std::string& dir) {
  PAL_ASSIGN_OR_RETURN(auto files, ReadDatasetFiles(dir));
  return ParseDataset(files);
}

namespace {

// The store of an existing data directory, opened for reading beside a running server.
Result<std::unique_ptr<store::Store>> OpenExistingStore(const std::string& data_dir,
                                                        const Clock& clock) {
  PAL_ASSIGN_OR_RETURN(auto dir, store::ReadDataDirectoryStore(data_dir));
  if (!store::HasStore(dir)) {
    return Error::NotFound("DataDirectoryNotFound",
                           fmt::format("'{}' holds no pal store (pal.db or store-url).", data_dir));
  }
  return store::OpenDataDirectoryStore(dir, store::StoreOpenOptions{}, clock);
}

}  // namespace

Result<Dataset> LoadStoreDataset(const std::string& data_dir) {
  SystemClock clock;
  PAL_ASSIGN_OR_RETURN(auto store, OpenExistingStore(data_dir, clock));
  return store->dataset().ExportDataset();
}

Result<PowerPlatformUsage> LoadStorePowerPlatform(const std::string& data_dir) {
  SystemClock clock;
  PAL_ASSIGN_OR_RETURN(auto store, OpenExistingStore(data_dir, clock));
  return store->power_platform_resources().ExportPowerPlatform();
}

Result<AttributionInputs> LoadAttributionInputs(const std::string& dataset_dir,
                                                const std::string& data_dir,
                                                std::vector<std::string>& usage,
                                                bool usage_optional) {
  if (dataset_dir.empty() == data_dir.empty()) {
    return Error::InvalidArgument(
        "InvalidArgument", "Name the state with exactly one of --dataset DIR or --data DIR.");
  }
  if (usage.empty()) {
    if (!dataset_dir.empty()) {
      usage.push_back((fs::path(dataset_dir) / "usage.csv").string());
    } else if (!usage_optional) {
      return Error::InvalidArgument("InvalidArgument",
                                    "With --data, name the usage files with --usage FILE.");
    }
  }
  AttributionInputs inputs;
  if (!dataset_dir.empty()) {
    auto state = LoadDatasetDirectory(dataset_dir);
    if (!state.ok()) return state.error();
    auto power_platform = LoadPowerPlatformUsage(dataset_dir);
    if (!power_platform.ok()) return power_platform.error();
    inputs.state = std::move(*state);
    inputs.power_platform = std::move(*power_platform);
    return inputs;
  }
  SystemClock clock;
  PAL_ASSIGN_OR_RETURN(auto store, OpenExistingStore(data_dir, clock));
  auto state = store->dataset().ExportDataset();
  if (!state.ok()) return state.error();
  auto power_platform = store->power_platform_resources().ExportPowerPlatform();
  if (!power_platform.ok()) return power_platform.error();
  inputs.state = std::move(*state);
  inputs.power_platform = std::move(*power_platform);
  return inputs;
}

}  // namespace pal::attribution
