#pragma once

#include <cstdint>
#include <string>

#include "cli/command_context.h"
#include "cli/output_format.h"

namespace pal::cli {

// `pal admin import DIR`: loads the data set in DIR (docs/dataset.md) into the data
// directory `data_dir` (created if missing; it must hold no tenants or partners yet), all or
// nothing. A refused data set prints one "file:line: problem" per line and exits 1.
int RunAdminImport(const std::string& data_dir, const std::string& dataset_dir,
                   OutputFormat output);
// `pal admin export DIR`: writes the data directory's state as a data set into DIR, refusing
// to overwrite data set files there unless `overwrite`.
int RunAdminExport(const std::string& data_dir, const std::string& dataset_dir, bool overwrite,
                   OutputFormat output);
// `pal admin generate DIR --tenants N [--seed S] [--month M [--usage-rows R]]`: a consistent
// synthetic data set; with a month, histories crowd around it, and R usage rows of that month
// go to DIR/usage.csv (streamed: any size).
struct GenerateOptions {
  std::string dataset_dir;
  std::size_t tenants = 0;
  std::uint64_t seed = 1;
  std::string month;  // YYYY-MM, optional
  std::uint64_t usage_rows = 0;
  std::string usage_layout = "cost";  // cost | focus
  std::string usage_dates = "iso";    // iso (YYYY-MM-DD) | us (MM/DD/YYYY), cost exports only
  bool overwrite = false;
};
int RunAdminGenerate(const GenerateOptions& options, OutputFormat output);

// Register `pal admin import|export` and `pal admin generate` under `admin` (apart: the other
// admin commands come between them in `pal admin --help`).
void RegisterImportExportCommands(CLI::App& admin, CommandContext& context);
void RegisterGenerateCommand(CLI::App& admin, CommandContext& context);

}  // namespace pal::cli
