#pragma once

#include <string>
#include <vector>

#include "cli/command_context.h"
#include "core/result.h"

namespace pal::cli {

struct AttributeOptions {
  std::string dataset_dir;         // --dataset DIR: the data set's state tables (and DIR/usage.csv)
  std::string data_dir;            // --data DIR: a store's state and history instead
  std::string month;               // --month YYYY-MM
  std::vector<std::string> usage;  // --usage FILE ... (default DIR/usage.csv)
  std::string out;                 // --out FILE (default stdout)
  std::string power_platform_out;  // --power-platform-out FILE: rules B1-B5 rows
  std::string format = "csv";      // -o csv|json|table
  unsigned threads = 0;            // 0: one per core
  std::string shard;               // --shard I/N
  bool strict = false;
  bool progress = true;  // a progress bar when stderr is a terminal
};

// `pal attribute`: Azure consumed revenue per partner, customer and subscription for one month
// (rules A1-A9 of docs/attribution-rules.md). Writes the rows, prints counts of rows
// not attributed on stderr; 1 with a one-line message on any error.
int RunAttribute(const AttributeOptions& options);

// Prints a failure of LoadAttributionInputs: an InvalidDataset with its "file:line: problem"
// lines, anything else as one line. Returns the exit code, 1.
int PrintAttributionInputsError(const Error& error);

// Writes `text` to stdout (`path` empty or "-") or to file `path`, written beside and renamed
// into place so that nobody reads half of it. Error CannotWrite.
Result<void> WriteOutputFile(const std::string& path, const std::string& text);

// Registers `pal attribute`.
void RegisterAttributeCommand(CLI::App& app, CommandContext& context);

}  // namespace pal::cli
