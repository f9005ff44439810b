#include "app/dataset_commands.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/clock.h"
#include "core/dataset.h"
#include "store/sqlite_store.h"

namespace pal::app {
namespace {

namespace fs = std::filesystem;

int Fail(const Error& error) {
  if (error.code == "InvalidDataset") {
    std::fprintf(stderr, "(InvalidDataset) The data set was not imported; nothing was changed:\n%s\n",
                 error.message.c_str());
  } else {
    std::fprintf(stderr, "(%s) %s\n", error.code.c_str(), error.message.c_str());
  }
  return 1;
}

int Print(const nlohmann::json& value, OutputFormat output) {
  std::fputs(FormatOutput(value, output).c_str(), stdout);
  return 0;
}

// The data set files (and the ones pal refuses by name) present in `dir`.
Result<std::map<std::string, std::string>> ReadFiles(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error::NotFound("DatasetNotFound", fmt::format("'{}' is not a directory.", dir));
  }
  std::map<std::string, std::string> files;
  std::vector<std::string> names = DatasetFileNames();
  for (const auto& name : names) {
    const fs::path path = fs::path(dir) / name;
    if (!fs::exists(path, ec)) continue;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::InvalidArgument("UnreadableFile", fmt::format("Cannot read '{}'.", path.string()));
    std::stringstream text;
    text << in.rdbuf();
    files[name] = text.str();
  }
  return files;
}

Result<void> WriteFiles(const std::string& dir, const std::map<std::string, std::string>& files,
                        bool overwrite) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::InvalidArgument("CannotCreateDirectory", fmt::format("Cannot create '{}': {}.", dir, ec.message()));
  if (!overwrite) {
    for (const auto& [name, text] : files) {
      if (fs::exists(fs::path(dir) / name, ec)) {
        return Error::Conflict("FileExists", fmt::format("'{}' already exists; pass --overwrite to "
                                                         "replace the data set in '{}'.",
                                                         (fs::path(dir) / name).string(), dir));
      }
    }
  }
  for (const auto& [name, text] : files) {
    // Written beside, then renamed: a reader never sees half a file.
    const fs::path path = fs::path(dir) / name;
    const fs::path temporary = fs::path(dir) / ("." + name + ".tmp");
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) {
        return Error::InvalidArgument("CannotWrite", fmt::format("Cannot write '{}'.", temporary.string()));
      }
    }
    fs::rename(temporary, path, ec);
    if (ec) return Error::InvalidArgument("CannotWrite", fmt::format("Cannot write '{}': {}.", path.string(), ec.message()));
  }
  return {};
}

nlohmann::json Counts(const Dataset& d) {
  return {{"partners", d.partners.size()},
          {"tenants", d.tenants.size()},
          {"principals", d.principals.size()},
          {"managementGroups", d.management_groups.size()},
          {"subscriptions", d.subscriptions.size()},
          {"roleAssignments", d.role_assignments.size()},
          {"partnerLinks", d.links.size()},
          {"lighthouseDelegations", d.delegations.size()},
          {"partnerOfRecord", d.dpor.size()}};
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int RunAdminImport(const std::string& data_dir, const std::string& dataset_dir, OutputFormat output) {
  const auto started = std::chrono::steady_clock::now();
  auto files = ReadFiles(dataset_dir);
  if (!files.ok()) return Fail(files.error());
  auto dataset = ParseDataset(*files);
  if (!dataset.ok()) return Fail(dataset.error());
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return Fail(Error::InvalidArgument("CannotCreateDirectory", fmt::format("Cannot create '{}': {}.", data_dir, ec.message())));
  SystemClock clock;
  store::SqliteStoreOptions options;
  options.path = data_dir + "/pal.db";
  options.enable_link_writer = false;
  auto store = store::OpenSqliteStore(options, clock);
  if (!store.ok()) return Fail(store.error());
  if (auto imported = (*store)->ImportDataset(*dataset); !imported.ok()) return Fail(imported.error());
  nlohmann::json out = Counts(*dataset);
  out["seconds"] = Seconds(started);
  return Print(out, output);
}

int RunAdminExport(const std::string& data_dir, const std::string& dataset_dir, bool overwrite,
                   OutputFormat output) {
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::exists(fs::path(data_dir) / "pal.db", ec)) {
    return Fail(Error::NotFound("DataDirectoryNotFound",
                                fmt::format("'{}' holds no pal store (pal.db).", data_dir)));
  }
  SystemClock clock;
  store::SqliteStoreOptions options;
  options.path = data_dir + "/pal.db";
  options.enable_link_writer = false;
  auto store = store::OpenSqliteStore(options, clock);
  if (!store.ok()) return Fail(store.error());
  auto dataset = (*store)->ExportDataset();
  if (!dataset.ok()) return Fail(dataset.error());
  if (auto written = WriteFiles(dataset_dir, WriteDataset(*dataset), overwrite); !written.ok()) {
    return Fail(written.error());
  }
  nlohmann::json out = Counts(*dataset);
  out["seconds"] = Seconds(started);
  return Print(out, output);
}

int RunAdminGenerate(const std::string& dataset_dir, std::size_t tenants, std::uint64_t seed,
                     bool overwrite, OutputFormat output) {
  if (tenants == 0) return Fail(Error::InvalidArgument("InvalidArgument", "--tenants must be at least 1."));
  const Dataset dataset = GenerateDataset(tenants, seed);
  if (auto written = WriteFiles(dataset_dir, WriteDataset(dataset), overwrite); !written.ok()) {
    return Fail(written.error());
  }
  return Print(Counts(dataset), output);
}

}  // namespace pal::app
