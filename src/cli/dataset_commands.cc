#include "cli/dataset_commands.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "attribution/attribution_month.h"
#include "attribution/dataset_source.h"
#include "attribution/usage_generator.h"
#include "core/clock.h"
#include "dataset/dataset.h"
#include "dataset/dataset_generator.h"
#include "dataset/power_platform_files.h"
#include "store/data_directory_store.h"
#include "store/sql_store.h"

namespace pal::cli {

using attribution::AttributionMonth;
using attribution::GenerateUsage;
using attribution::LoadPowerPlatformUsage;
using attribution::LoadStoreDataset;
using attribution::LoadStorePowerPlatform;
using attribution::ParseAttributionMonth;
using attribution::ReadDatasetFiles;
using attribution::UsageGeneratorOptions;
using attribution::UsageLayoutKind;

namespace {

namespace fs = std::filesystem;

int Fail(const Error& error) {
  if (error.code == "InvalidDataset") {
    std::fprintf(stderr,
                 "(InvalidDataset) The data set was not imported; nothing was changed:\n%s\n",
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

Result<void> WriteFiles(const std::string& dir, const std::map<std::string, std::string>& files,
                        bool overwrite) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return Error::InvalidArgument("CannotCreateDirectory",
                                  fmt::format("Cannot create '{}': {}.", dir, ec.message()));
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
        return Error::InvalidArgument("CannotWrite",
                                      fmt::format("Cannot write '{}'.", temporary.string()));
      }
    }
    fs::rename(temporary, path, ec);
    if (ec)
      return Error::InvalidArgument(
          "CannotWrite", fmt::format("Cannot write '{}': {}.", path.string(), ec.message()));
  }
  return {};
}

nlohmann::json Counts(const Dataset& d, const PowerPlatformUsage& p) {
  return {{"partners", d.partners.size()},
          {"powerPlatformResources", p.resources.size()},
          {"powerPlatformActivity", p.activity.size()},
          {"customerInsightsProfiles", p.profiles.size()},
          {"tenants", d.tenants.size()},
          {"principals", d.principals.size()},
          {"managementGroups", d.management_groups.size()},
          {"subscriptions", d.subscriptions.size()},
          {"roleAssignments", d.role_assignments.size()},
          {"partnerLinks", d.links.size()},
          {"lighthouseDelegations", d.delegations.size()},
          {"partnerOfRecord", d.partners_of_record.size()}};
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int RunAdminImport(const std::string& data_dir, const std::string& dataset_dir,
                   OutputFormat output) {
  const auto started = std::chrono::steady_clock::now();
  auto files = ReadDatasetFiles(dataset_dir);
  if (!files.ok()) return Fail(files.error());
  auto dataset = ParseDataset(*files);
  if (!dataset.ok()) return Fail(dataset.error());
  auto power_platform = LoadPowerPlatformUsage(dataset_dir);
  if (!power_platform.ok()) return Fail(power_platform.error());
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec)
    return Fail(Error::InvalidArgument(
        "CannotCreateDirectory", fmt::format("Cannot create '{}': {}.", data_dir, ec.message())));
  SystemClock clock;
  auto dir = store::ReadDataDirectoryStore(data_dir);
  if (!dir.ok()) return Fail(dir.error());
  auto store = store::OpenDataDirectoryStore(*dir, store::StoreOpenOptions{}, clock);
  if (!store.ok()) return Fail(store.error());
  if (auto imported = (*store)->dataset().ImportDataset(*dataset, *power_platform); !imported.ok())
    return Fail(imported.error());
  nlohmann::json out = Counts(*dataset, *power_platform);
  out["seconds"] = Seconds(started);
  return Print(out, output);
}

int RunAdminExport(const std::string& data_dir, const std::string& dataset_dir, bool overwrite,
                   OutputFormat output) {
  const auto started = std::chrono::steady_clock::now();
  auto dataset = LoadStoreDataset(data_dir);
  if (!dataset.ok()) return Fail(dataset.error());
  auto power_platform = LoadStorePowerPlatform(data_dir);
  if (!power_platform.ok()) return Fail(power_platform.error());
  auto files = WriteDataset(*dataset);
  files.merge(WritePowerPlatformUsage(*power_platform));
  if (auto written = WriteFiles(dataset_dir, files, overwrite); !written.ok()) {
    return Fail(written.error());
  }
  nlohmann::json out = Counts(*dataset, *power_platform);
  out["seconds"] = Seconds(started);
  return Print(out, output);
}

int RunAdminGenerate(const GenerateOptions& options, OutputFormat output) {
  if (options.tenants == 0)
    return Fail(Error::InvalidArgument("InvalidArgument", "--tenants must be at least 1."));
  DatasetGeneratorOptions generator{options.tenants, options.seed, std::nullopt};
  std::optional<AttributionMonth> month;
  if (!options.month.empty()) {
    auto parsed = ParseAttributionMonth(options.month);
    if (!parsed.ok()) return Fail(parsed.error());
    month = *parsed;
    generator.month_first_day = month->first_day;
  } else if (options.usage_rows > 0) {
    return Fail(Error::InvalidArgument("InvalidArgument", "--usage-rows needs --month YYYY-MM."));
  }
  const auto started = std::chrono::steady_clock::now();
  const Dataset dataset = GenerateDataset(generator);
  auto files = WriteDataset(dataset);
  const fs::path usage_path = fs::path(options.dataset_dir) / "usage.csv";
  std::error_code ec;
  if (options.usage_rows > 0 && !options.overwrite && fs::exists(usage_path, ec)) {
    return Fail(Error::Conflict(
        "FileExists", fmt::format("'{}' already exists; pass --overwrite to replace the data "
                                  "set in '{}'.",
                                  usage_path.string(), options.dataset_dir)));
  }
  if (auto written = WriteFiles(options.dataset_dir, files, options.overwrite); !written.ok()) {
    return Fail(written.error());
  }
  nlohmann::json out = Counts(dataset, {});
  if (options.usage_rows > 0) {
    UsageGeneratorOptions usage;
    usage.month = *month;
    usage.rows = options.usage_rows;
    usage.seed = options.seed;
    usage.layout =
        options.usage_layout == "focus" ? UsageLayoutKind::kFocus : UsageLayoutKind::kCostExport;
    usage.us_dates = options.usage_dates == "us";
    const fs::path temporary = fs::path(options.dataset_dir) / ".usage.csv.tmp";
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (file == nullptr)
      return Fail(Error::InvalidArgument("CannotWrite",
                                         fmt::format("Cannot write '{}'.", temporary.string())));
    bool ok = true;
    std::uint64_t bytes = 0;
    GenerateUsage(dataset, usage, [&](std::string_view text) {
      ok = ok && std::fwrite(text.data(), 1, text.size(), file) == text.size();
      bytes += text.size();
    });
    ok = std::fclose(file) == 0 && ok;
    if (ok) fs::rename(temporary, usage_path, ec);
    if (!ok || ec)
      return Fail(Error::InvalidArgument("CannotWrite",
                                         fmt::format("Cannot write '{}'.", usage_path.string())));
    out["usageRows"] = options.usage_rows;
    out["usageBytes"] = bytes;
  }
  out["seconds"] = Seconds(started);
  return Print(out, output);
}

namespace {

// What the import and export commands' options fill in.
struct ImportExportArguments {
  std::string dataset_dir;
  bool overwrite = false;
};

}  // namespace

void RegisterImportExportCommands(CLI::App& admin, CommandContext& context) {
  auto& arguments = context.Hold<ImportExportArguments>();
  auto* import_cmd =
      admin.add_subcommand("import", "Load a data set (CSV files) into an empty data directory");
  context.AddDataDirectoryOptions(import_cmd);
  import_cmd->add_option("dir", arguments.dataset_dir, "Folder of the data set's CSV files")
      ->required();
  context.OnChosen(import_cmd, [&arguments, &context] {
    return RunAdminImport(context.data_dir, arguments.dataset_dir, context.Format());
  });
  auto* export_cmd =
      admin.add_subcommand("export", "Write the data directory's state as a data set");
  context.AddDataDirectoryOptions(export_cmd);
  export_cmd->add_option("dir", arguments.dataset_dir, "Folder to write the CSV files to")
      ->required();
  export_cmd->add_flag("--overwrite", arguments.overwrite, "Replace data set files already there");
  context.OnChosen(export_cmd, [&arguments, &context] {
    return RunAdminExport(context.data_dir, arguments.dataset_dir, arguments.overwrite,
                          context.Format());
  });
}

void RegisterGenerateCommand(CLI::App& admin, CommandContext& context) {
  auto& generate = context.Hold<GenerateOptions>();
  auto* generate_cmd =
      admin.add_subcommand("generate", "Write a consistent synthetic data set (and usage)");
  context.AddOutputOption(generate_cmd);
  generate_cmd->add_option("dir", generate.dataset_dir, "Folder to write the CSV files to")
      ->required();
  generate_cmd->add_option("--tenants", generate.tenants, "Number of customer tenants")
      ->required()
      ->check(CLI::Range(1, 10'000'000));
  generate_cmd->add_option("--seed", generate.seed, "Random seed (same seed, same data set)");
  generate_cmd->add_option("--month", generate.month,
                           "Crowd the histories around this month (YYYY-MM)");
  generate_cmd->add_option("--usage-rows", generate.usage_rows,
                           "Write this many usage rows of --month to DIR/usage.csv");
  generate_cmd
      ->add_option("--usage-layout", generate.usage_layout,
                   "Usage layout: cost (Azure cost export) or focus")
      ->check(CLI::IsMember({"cost", "focus"}));
  generate_cmd
      ->add_option("--usage-dates", generate.usage_dates,
                   "Cost export dates: iso (YYYY-MM-DD) or us (MM/DD/YYYY)")
      ->check(CLI::IsMember({"iso", "us"}));
  generate_cmd->add_flag("--overwrite", generate.overwrite, "Replace data set files already there");
  context.OnChosen(generate_cmd,
                   [&generate, &context] { return RunAdminGenerate(generate, context.Format()); });
}

}  // namespace pal::cli
